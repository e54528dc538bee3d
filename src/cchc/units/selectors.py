"""Reads of the unit tree, always scoped by the user who asks."""

from django.db.models import Count, F, QuerySet

from cchc.accounts.models import User
from cchc.accounts.scoping import get_scoped_or_404, scoped
from cchc.core.text import vn_person_key
from cchc.units.models import UNIT_ORDER, Unit


def unit_list(*, user: User) -> QuerySet[Unit]:
    return (
        scoped(Unit.objects.select_related("parent"), user, unit_field="pk")
        .annotate(user_count=Count("users"))
        .order_by(F("parent__code").asc(nulls_first=True), *UNIT_ORDER)
    )


def unit_get(*, user: User, code: str) -> Unit:
    return get_scoped_or_404(Unit.objects.select_related("parent"), user, unit_field="pk", code=code)


def unit_staff(*, user: User, unit: Unit) -> list[User]:
    """The unit's active staff by role, then in Vietnamese order of their names (given name first)."""
    staff = scoped(User.objects.filter(unit=unit, is_active=True), user)
    return sorted(staff, key=lambda u: (u.role, vn_person_key(u.last_name, u.first_name), u.username))
