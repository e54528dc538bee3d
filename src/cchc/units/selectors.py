"""Reads of the unit tree, always scoped by the user who asks."""

from django.db.models import Count, QuerySet

from cchc.accounts.models import User
from cchc.accounts.scoping import get_scoped_or_404, scoped
from cchc.units.models import Unit


def unit_list(*, user: User) -> QuerySet[Unit]:
    return (
        scoped(Unit.objects.select_related("parent"), user, unit_field="pk")
        .annotate(user_count=Count("users"))
        .order_by("parent__code", "kind", "name")
    )


def unit_get(*, user: User, code: str) -> Unit:
    return get_scoped_or_404(Unit.objects.select_related("parent"), user, unit_field="pk", code=code)


def unit_staff(*, user: User, unit: Unit) -> QuerySet[User]:
    return scoped(User.objects.filter(unit=unit, is_active=True), user).order_by("role", "username")
