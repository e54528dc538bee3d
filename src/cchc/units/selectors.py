"""Reads of the unit tree, always scoped by the user who asks; ``unit_at``, the one look-up of a code."""

from collections.abc import Iterable
from datetime import date

from django.db.models import Count, F, Max, QuerySet
from django.http import Http404
from django.utils import timezone

from cchc.accounts.models import User
from cchc.accounts.scoping import scoped
from cchc.core.text import vn_person_key
from cchc.units.models import UNIT_ORDER, Unit


def unit_at(code: str, *, on: date, candidates: Iterable[Unit] | None = None) -> Unit | None:
    """The unit that ``code`` names on day ``on``, or None: every look-up of a unit by its code goes here.

    A code names at most one unit on a day (no two units with one code overlap in validity), and different
    units on different days: 13795 is Thị trấn Lâm on 30/06/2025 and Xã Ý Yên on 01/07/2025. The day is the
    one that matters to the caller: a dossier's receipt, a period's last day. ``candidates`` are the units
    known to bear the code (an import's index in memory, or a user's scope); by default the database's.
    """
    if candidates is None:
        candidates = Unit.objects.filter(code=code.strip())
    return next((unit for unit in candidates if unit.is_valid_on(on)), None)


def unit_list(*, user: User, on: date | None = None) -> QuerySet[Unit]:
    """The units ``user`` may see; with ``on``, those that exist on that day."""
    units = scoped(Unit.objects.select_related("parent"), user, unit_field="pk")
    if on is not None:
        units = units.valid_on(on)
    return units.annotate(user_count=Count("users")).order_by(
        F("parent__code").asc(nulls_first=True), *UNIT_ORDER
    )


def last_day(*, user: User, before: date) -> date | None:
    """The last day before ``before`` on which a unit ``user`` may see existed (his units have ended)."""
    units = scoped(Unit.objects.filter(valid_to__lt=before), user, unit_field="pk")
    return units.aggregate(last=Max("valid_to"))["last"]


def unit_get(*, user: User, code: str, on: date | None = None) -> Unit:
    """The unit ``code`` names on ``on`` among those ``user`` may see (404 otherwise).

    Without a day: the one of today, else the latest one that bore the code (a unit that has ended).
    """
    seen = list(scoped(Unit.objects.select_related("parent"), user, unit_field="pk").filter(code=code))
    found = unit_at(code, on=on or timezone.localdate(), candidates=seen)
    if found is None and on is None and seen:
        found = max(seen, key=lambda u: u.valid_to or date.max)
    if found is None:
        raise Http404("Không tìm thấy bản ghi.")
    return found


def unit_staff(*, user: User, unit: Unit) -> list[User]:
    """The unit's active staff by role, then in Vietnamese order of their names (given name first)."""
    staff = scoped(User.objects.filter(unit=unit, is_active=True), user)
    return sorted(staff, key=lambda u: (u.role, vn_person_key(u.last_name, u.first_name), u.username))
