"""The working calendar of a unit: the national calendar plus the overrides and hours stored here.

Building a calendar walks thirty years of days, so calendars are kept per unit and forgotten whenever an
override or an office-hours setting is saved (in this process; other processes rebuild within a minute).
"""

import time as clock
from typing import Any

from django.db.models import Q

from cchc.core.calendar import OfficeHours, WorkCalendar
from cchc.units.models import Unit
from cchc.workcalendar.models import CalendarOverride, OfficeHoursSetting

_TTL_SECONDS = 60
_cache: dict[int | None, tuple[float, WorkCalendar]] = {}


def forget_calendars(**kwargs: Any) -> None:
    _cache.clear()


def calendar_for(unit: Unit | None = None) -> WorkCalendar:
    key = unit.pk if unit is not None else None
    cached = _cache.get(key)
    if cached is not None and clock.monotonic() - cached[0] < _TTL_SECONDS:
        return cached[1]
    calendar = _build(unit)
    _cache[key] = (clock.monotonic(), calendar)
    return calendar


def _build(unit: Unit | None) -> WorkCalendar:
    overrides = CalendarOverride.objects.filter(active=True).filter(Q(unit__isnull=True) | Q(unit=unit))
    # A unit's own override wins over a district-wide one for the same day.
    by_day: dict = {}
    for override in overrides.order_by("unit_id").values("day", "is_working_day", "unit_id"):
        if override["day"] not in by_day or override["unit_id"] is not None:
            by_day[override["day"]] = override["is_working_day"]
    hours = OfficeHours()
    setting = OfficeHoursSetting.objects.filter(unit=unit).first() if unit is not None else None
    if setting is not None:
        hours = OfficeHours(
            ((setting.morning_start, setting.morning_end), (setting.afternoon_start, setting.afternoon_end))
        )
    return WorkCalendar(
        days_off=frozenset(day for day, working in by_day.items() if not working),
        working_days=frozenset(day for day, working in by_day.items() if working),
        hours=hours,
    )
