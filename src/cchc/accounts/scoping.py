"""The one place that decides who may see and change which unit's records.

Every selector and service that reads or writes records of a unit goes through ``scoped`` (reads) and
``ensure_can_change`` (writes). A record outside a user's scope is answered as if it did not exist
(``Http404``), so that a URL never confirms that another unit's record exists.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from cchc.accounts.models import READ_ONLY_ROLES, Role, User
from cchc.units.models import Unit


def visible_units(user: User) -> QuerySet[Unit]:
    """District-wide roles see every unit; everyone else sees his own unit only."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if user.is_district_wide:
        return Unit.objects.all()
    if user.unit_id is None:
        return Unit.objects.none()
    return Unit.objects.filter(pk=user.unit_id)


def scoped[M: Model](queryset: QuerySet[M], user: User, unit_field: str = "unit") -> QuerySet[M]:
    """Restrict ``queryset`` to the records of the units ``user`` may see.

    ``unit_field`` is the path from the model to its unit (``"pk"`` for the Unit model itself); a model that
    belongs to more than one unit names them in ``scope_fields`` (a dossier: the unit that decides it and the
    centre that received it), and a record of any of them is seen.
    """
    if user.is_authenticated and user.is_active and user.is_district_wide:
        return queryset
    units = visible_units(user).values("pk")
    fields = getattr(queryset.model, "scope_fields", (unit_field,)) if unit_field == "unit" else (unit_field,)
    condition = Q()
    for field in fields:
        condition |= Q(**{f"{field}__in": units})
    return queryset.filter(condition)


def get_scoped_or_404[M: Model](queryset: QuerySet[M], user: User, unit_field: str = "unit", **lookup) -> M:
    try:
        return scoped(queryset, user, unit_field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("Không tìm thấy bản ghi.") from exc


def can_change(user: User, unit: Unit) -> bool:
    """Whether ``user`` may change records of ``unit``: never for read-only roles, own unit otherwise."""
    if not user.is_authenticated or not user.is_active or user.role in READ_ONLY_ROLES:
        return False
    if user.is_superuser or user.role == Role.ADMIN:
        return True
    return user.unit_id == unit.pk


def ensure_can_change(user: User, unit: Unit) -> None:
    if not can_change(user, unit):
        raise PermissionDenied("Bạn không có quyền thay đổi bản ghi của đơn vị này.")


def system_user() -> User:
    """The actor of command-line reports and scheduled jobs: district-wide, never saved, never logs in."""
    return User(username="cchc", role=Role.ADMIN, is_superuser=True, is_active=True)
