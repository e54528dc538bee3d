"""Working days, office hours and dossier deadlines. Pure Python: no Django import.

The rules, in one place (legal sources: Decree 61/2018/NĐ-CP on the One-Stop Shop mechanism and Circular
01/2018/TT-VPCP, in force until 30 June 2025; Decree 118/2025/NĐ-CP and Circular 03/2025/TT-VPCP from 1 July
2025; Labour Code 2019 art. 112 for public holidays). Facts marked (check) were not read from the legal text.

1. **Working days** are Monday to Friday, minus Vietnam's public holidays as the package ``holidays``
   (country VN) carries them — Tết on the civil-service schedule of each year, days made up when a holiday
   falls on a weekend, and bridge days off — plus the Saturdays declared working days in exchange for a
   bridge day off (``holidays``' ``weekend_workdays``, e.g. Sat 4/5/2024), plus local overrides (a notice
   that comes late: a day off, or a working day), which win over the package.
2. **Office hours** are sessions (default 07:30–11:30 and 13:30–17:00), the same on every working day, and
   may differ per unit.
3. **Receipt.** A dossier received outside office hours (before opening, during the lunch break, after
   closing, or on a non-working day) counts as received at the next opening.
4. **N working days** end at the same clock time as the (effective) receipt on the N-th working day after
   the day of receipt; the day of receipt is not counted.
5. **N working hours** end after N hours of office time counted from the (effective) receipt.
6. **Same-day procedures** ("trong ngày"): received no later than the cut-off hour (often 15:00) → due at
   closing time that day; after it → due at closing time on the next working day.
7. **Supplement pause.** The office time between a supplement request and the receipt of the supplement
   does not count: the appointment moves later by exactly that much office time.
8. **Result timing.** A result is late (quá hạn) if it comes after the appointment, on time (đúng hạn) if it
   comes on the appointment's own day and not after it, early (trước hạn) if it comes on an earlier day.
   An open dossier whose appointment has passed is overdue; one due within the horizon (default 1 working
   day) is due soon.

Rule sets are versioned by the date a dossier was received (``rules_for``), so that a change of rule does
not rewrite the history of dossiers received before it.

Times: functions take aware datetimes (any zone) or naive ones meant as Vietnam local time, and return
aware datetimes in Asia/Ho_Chi_Minh. Vietnam keeps no daylight saving time, so local arithmetic is exact.
"""

from __future__ import annotations

import bisect
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from enum import StrEnum
from functools import cache
from zoneinfo import ZoneInfo

import holidays

VN_TZ = ZoneInfo("Asia/Ho_Chi_Minh")
FIRST_YEAR, LAST_YEAR = 2010, 2040
# The one range of dates the whole system accepts from a person, a file or a command (the calendar's years;
# LAST_YEAR is kept as a margin for appointments computed from a receipt late in LAST_YEAR - 1).
FIRST_DAY, LAST_DAY = date(FIRST_YEAR, 1, 1), date(LAST_YEAR - 1, 12, 31)
_MAX_INPUT = 40  # characters of a typed date or moment looked at, at most


class CalendarError(ValueError):
    """Bad input to the calendar: a negative limit, a date outside the calendar, malformed hours."""


def _day_text(day: date) -> str:
    return f"{day.day:02d}/{day.month:02d}/{day.year:04d}"  # strftime drops the leading zeros of year 1


RANGE_TEXT = f"{_day_text(FIRST_DAY)}–{_day_text(LAST_DAY)}"
BEYOND = f"Ngày tính ra vượt quá lịch làm việc của hệ thống (hết năm {LAST_YEAR}): thời hạn quá dài."


def check_day(day: date, label: str = "Ngày") -> date:
    """``day`` itself if it lies in the accepted range (``FIRST_DAY``..``LAST_DAY``), else ``CalendarError``."""
    if not FIRST_DAY <= day <= LAST_DAY:
        raise CalendarError(f"{label} {_day_text(day)} nằm ngoài lịch làm việc của hệ thống ({RANGE_TEXT}).")
    return day


def parse_day(text: str, label: str = "Ngày") -> date:
    """A day typed as ``YYYY-MM-DD``, within the accepted range; ``CalendarError`` in Vietnamese otherwise."""
    try:
        day = date.fromisoformat(text.strip()) if len(text) <= _MAX_INPUT else None
    except ValueError:
        day = None
    if day is None:
        raise CalendarError(f"{label} '{text[:_MAX_INPUT]}' không đúng dạng YYYY-MM-DD.")
    return check_day(day, label)


def parse_local_moment(text: str, label: str = "Thời điểm") -> datetime:
    """A moment typed as ``YYYY-MM-DDTHH:MM`` (or with a space), Vietnam time, within the accepted range."""
    try:
        moment = datetime.fromisoformat(text.strip()) if len(text) <= _MAX_INPUT else None
    except ValueError:
        moment = None
    if moment is None:
        raise CalendarError(f"{label} '{text[:_MAX_INPUT]}' không đúng dạng YYYY-MM-DDTHH:MM.")
    check_day(moment.date(), label)
    return moment.replace(tzinfo=VN_TZ)


@dataclass(frozen=True)
class OfficeHours:
    """The sessions of a working day, e.g. ((07:30, 11:30), (13:30, 17:00))."""

    sessions: tuple[tuple[time, time], ...] = ((time(7, 30), time(11, 30)), (time(13, 30), time(17, 0)))

    def __post_init__(self) -> None:
        previous_end = time.min
        if not self.sessions:
            raise CalendarError("Giờ làm việc phải có ít nhất một buổi.")
        for start, end in self.sessions:
            if not (previous_end <= start < end):
                raise CalendarError("Các buổi làm việc phải theo thứ tự và không chồng lên nhau.")
            previous_end = end

    @property
    def opening(self) -> time:
        return self.sessions[0][0]

    @property
    def closing(self) -> time:
        return self.sessions[-1][1]

    @property
    def minutes_per_day(self) -> int:
        return sum(_minutes(end) - _minutes(start) for start, end in self.sessions)

    def minute_of_day(self, moment: time) -> int:
        """Office minutes elapsed on a working day at ``moment`` (0 before opening, all after closing)."""
        elapsed, now = 0, _minutes(moment)
        for start, end in self.sessions:
            elapsed += max(0, min(now, _minutes(end)) - _minutes(start))
        return elapsed

    def time_at(self, minute: int) -> time:
        """The clock time after ``minute`` office minutes of a day (a session's end, not the next start)."""
        for start, end in self.sessions:
            length = _minutes(end) - _minutes(start)
            if minute <= length:
                return _clock(_minutes(start) + minute)
            minute -= length
        return self.closing

    def is_open(self, moment: time) -> bool:
        return any(start <= moment < end for start, end in self.sessions)


def _minutes(moment: time) -> int:
    return moment.hour * 60 + moment.minute


def _clock(minutes: int) -> time:
    return time(minutes // 60, minutes % 60)


def local(moment: datetime) -> datetime:
    """``moment`` as a naive Vietnam local time (naive input is taken as already local)."""
    return moment if moment.tzinfo is None else moment.astimezone(VN_TZ).replace(tzinfo=None)


def aware(moment: datetime) -> datetime:
    return moment.replace(tzinfo=VN_TZ)


@cache
def _national_days(first_year: int, last_year: int) -> tuple[frozenset[date], frozenset[date]]:
    """Public holidays and working Saturdays/Sundays of Vietnam, from the ``holidays`` package."""
    calendar = holidays.country_holidays("VN", years=range(first_year, last_year + 1))
    return frozenset(calendar), frozenset(calendar.weekend_workdays)


@dataclass(frozen=True)
class WorkCalendar:
    """Working days and office hours of one unit (or of the country, with no overrides)."""

    days_off: frozenset[date] = frozenset()
    working_days: frozenset[date] = frozenset()
    hours: OfficeHours = field(default_factory=OfficeHours)

    def __post_init__(self) -> None:
        holidays_, weekend_workdays = _national_days(FIRST_YEAR, LAST_YEAR)
        ordinals: list[int] = []
        day = date(FIRST_YEAR, 1, 1)
        while day.year <= LAST_YEAR:
            if day in self.working_days:
                working = True
            elif day in self.days_off:
                working = False
            else:
                working = (day.weekday() < 5 and day not in holidays_) or day in weekend_workdays
            if working:
                ordinals.append(day.toordinal())
            day += timedelta(days=1)
        object.__setattr__(self, "_ordinals", ordinals)
        object.__setattr__(self, "_index", {o: i for i, o in enumerate(ordinals)})

    def _check(self, day: date) -> None:
        """Typed dates end on ``LAST_DAY``; dates computed from them (an appointment) may run on to the end of
        ``LAST_YEAR``, the calendar's margin."""
        if day.year > LAST_YEAR:
            raise CalendarError(BEYOND)
        if day < FIRST_DAY:
            check_day(day)

    def _ordinal(self, position: int) -> int:
        """The working day at ``position``; beyond the calendar's last year, a ``CalendarError``."""
        if not 0 <= position < len(self._ordinals):
            raise CalendarError(BEYOND)
        return self._ordinals[position]

    def is_working_day(self, day: date) -> bool:
        self._check(day)
        return day.toordinal() in self._index

    def _position(self, day: date) -> int:
        """Index of ``day`` among working days, or of the next working day if it is not one."""
        self._check(day)
        return bisect.bisect_left(self._ordinals, day.toordinal())

    def add_working_days(self, day: date, count: int) -> date:
        """The ``count``-th working day after ``day`` (``day`` itself is not counted)."""
        if count < 0:
            raise CalendarError("Số ngày làm việc không được âm.")
        position = self._position(day)
        if self._ordinal(position) == day.toordinal():
            position += 1
        return date.fromordinal(self._ordinal(position + count - 1)) if count else day

    def next_working_day(self, day: date) -> date:
        """``day`` if it is a working day, else the first working day after it."""
        return date.fromordinal(self._ordinal(self._position(day)))

    def non_working_weekdays(self, year: int) -> list[date]:
        return [d for d in _days_of(year) if d.weekday() < 5 and not self.is_working_day(d)]

    def working_weekend_days(self, year: int) -> list[date]:
        return [d for d in _days_of(year) if d.weekday() >= 5 and self.is_working_day(d)]

    # Office time as one number: minutes of office time since the calendar's first working day.
    def office_minutes(self, moment: datetime) -> int:
        moment = local(moment)
        position = self._position(moment.date())
        if self._ordinal(position) != moment.date().toordinal():
            return position * self.hours.minutes_per_day
        return position * self.hours.minutes_per_day + self.hours.minute_of_day(moment.time())

    def moment_at(self, office_minutes: int) -> datetime:
        """The local moment after ``office_minutes``; a day's closing rather than the next day's opening."""
        position, minute = divmod(office_minutes, self.hours.minutes_per_day)
        if minute == 0 and position > 0:
            position, minute = position - 1, self.hours.minutes_per_day
        return aware(datetime.combine(date.fromordinal(self._ordinal(position)), self.hours.time_at(minute)))

    def effective_receipt(self, received_at: datetime) -> datetime:
        """Rule 3: a receipt outside office hours counts from the next opening."""
        moment = local(received_at)
        if self.is_working_day(moment.date()) and self.hours.is_open(moment.time()):
            return aware(moment)
        for start, _ in self.hours.sessions:
            if self.is_working_day(moment.date()) and moment.time() < start:
                return aware(datetime.combine(moment.date(), start))
        return aware(datetime.combine(self.add_working_days(moment.date(), 1), self.hours.opening))


def _days_of(year: int) -> Iterable[date]:
    day = date(year, 1, 1)
    while day.year == year:
        yield day
        day += timedelta(days=1)


class LimitKind(StrEnum):
    DAYS = "days"
    HOURS = "hours"
    SAME_DAY = "same_day"


@dataclass(frozen=True)
class TimeLimit:
    """A procedure's legal time limit: N working days, N working hours, or same day with a cut-off."""

    kind: LimitKind
    amount: int = 0
    cutoff: time | None = None

    def __post_init__(self) -> None:
        if self.amount < 0:
            raise CalendarError("Thời hạn giải quyết không được âm.")
        if self.kind == LimitKind.SAME_DAY and self.cutoff is None:
            object.__setattr__(self, "cutoff", time(15, 0))

    @classmethod
    def days(cls, amount: int) -> TimeLimit:
        return cls(LimitKind.DAYS, amount)

    @classmethod
    def hours(cls, amount: int) -> TimeLimit:
        return cls(LimitKind.HOURS, amount)

    @classmethod
    def same_day(cls, cutoff: time = time(15, 0)) -> TimeLimit:
        return cls(LimitKind.SAME_DAY, 0, cutoff)


@dataclass(frozen=True)
class RuleSet:
    """The deadline rules in force for dossiers received from ``valid_from`` on.

    ``apology_once``: the new date of an apology-extension letter may be set only once;
    ``apology_lead_working_days``: the letter is written at least that many working days before the
    appointment (Circular 03/2025/TT-VPCP, Mẫu 04, and the provinces' rules after it; DOMAIN.md).
    ``code_pattern``: the dossier code, from the receiving agency's electronic identifier (``agency``), the
    day of receipt and the unit's daily sequence; from ``centralised_from`` on, a dossier of a nationally
    centralised service (its procedure names the system, ``system``, two characters) takes
    ``centralised_code_pattern`` (Circular 04/2025/TT-VPCP: ``MX1X2.Y1Y2Y3.Z1Z2-YYMMDD-AAXXXX``, XXXX the day's
    sequence, at least four digits). ``reception_anywhere``: a unit receives dossiers that another unit of the
    same province decides, regardless of administrative boundary (Decree 118/2025/NĐ-CP).
    ``digitise_online``: whether a dossier submitted online is asked to be digitised; from 1/7/2025 it is not,
    being electronic already (Circular 03/2025/TT-VPCP, Art. 5).
    """

    name: str
    valid_from: date
    legal_source: str
    due_soon_working_days: int = 1
    apology_once: bool = False
    apology_lead_working_days: int = 0
    reception_anywhere: bool = False
    digitise_online: bool = True
    code_pattern: str = "{agency}-{date:%y%m%d}-{seq:04d}"
    centralised_code_pattern: str | None = None
    centralised_from: date | None = None

    def dossier_code(self, *, agency: str, day: date, sequence: int, system: str = "") -> str:
        """The code of the ``sequence``-th dossier received by ``agency`` on ``day`` under these rules."""
        pattern = self.code_pattern
        if (
            system
            and self.centralised_code_pattern
            and self.centralised_from
            and day >= self.centralised_from
        ):
            pattern = self.centralised_code_pattern
        return pattern.format(agency=agency, date=day, seq=sequence, system=system)


RULE_SETS = (
    RuleSet(
        "2018",
        date(2018, 8, 21),
        "Nghị định 61/2018/NĐ-CP; Thông tư 01/2018/TT-VPCP",
    ),
    RuleSet(
        "2025",
        date(2025, 7, 1),
        "Nghị định 118/2025/NĐ-CP; Thông tư 03/2025/TT-VPCP (check: no change to the counting rules found)",
        apology_once=True,
        apology_lead_working_days=1,
        reception_anywhere=True,
        digitise_online=False,
        # Art. 13 of Circular 03/2025 keeps the agency–date–sequence shape (check against the text).
        code_pattern="{agency}-{date:%y%m%d}-{seq:04d}",
        centralised_code_pattern="{agency}-{date:%y%m%d}-{system}{seq:04d}",
        centralised_from=date(2026, 1, 25),
    ),
)


def rules_for(received_at: datetime) -> RuleSet:
    day = local(received_at).date()
    in_force = [rules for rules in RULE_SETS if rules.valid_from <= day]
    return in_force[-1] if in_force else RULE_SETS[0]


def appointment(
    calendar: WorkCalendar,
    received_at: datetime,
    limit: TimeLimit,
    pauses: Iterable[tuple[datetime, datetime]] = (),
) -> datetime:
    """The appointment (hẹn trả) of a dossier: rules 3–7 of this module."""
    start = calendar.effective_receipt(received_at)
    if limit.kind == LimitKind.DAYS:
        due_day = calendar.add_working_days(start.date(), limit.amount)
        due = aware(datetime.combine(due_day, local(start).time()))
    elif limit.kind == LimitKind.HOURS:
        due = calendar.moment_at(calendar.office_minutes(start) + limit.amount * 60)
    else:
        received = local(received_at)
        same_day = calendar.is_working_day(received.date()) and received.time() <= limit.cutoff
        due_day = received.date() if same_day else calendar.add_working_days(received.date(), 1)
        due = aware(datetime.combine(due_day, calendar.hours.closing))
    for begin, end in pauses:
        due = after_pause(calendar, due, begin, end)
    return due


def after_pause(calendar: WorkCalendar, due_at: datetime, begin: datetime, end: datetime) -> datetime:
    """Rule 7: the appointment moved later by the office time between ``begin`` and ``end``."""
    paused = calendar.office_minutes(end) - calendar.office_minutes(begin)
    if paused <= 0:
        return aware(local(due_at))
    return calendar.moment_at(calendar.office_minutes(due_at) + paused)


class Timing(StrEnum):
    EARLY = "early"
    ON_TIME = "on_time"
    LATE = "late"


def result_timing(result_at: datetime, due_at: datetime) -> Timing:
    """Rule 8: early, on time or late."""
    result, due = local(result_at), local(due_at)
    if result > due:
        return Timing.LATE
    return Timing.ON_TIME if result.date() == due.date() else Timing.EARLY


class OpenStatus(StrEnum):
    OVERDUE = "overdue"
    DUE_SOON = "due_soon"
    IN_TIME = "in_time"


def open_status(calendar: WorkCalendar, now: datetime, due_at: datetime, horizon_days: int = 1) -> OpenStatus:
    """Rule 8 for an open dossier: overdue after its appointment; due soon within ``horizon_days``."""
    if local(now) > local(due_at):
        return OpenStatus.OVERDUE
    limit_day = calendar.add_working_days(local(now).date(), horizon_days)
    return OpenStatus.DUE_SOON if local(due_at).date() <= limit_day else OpenStatus.IN_TIME
