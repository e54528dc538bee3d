"""The one place that decides who may see and change which unit's records.

Every selector and service that reads or writes records of a unit goes through ``scoped`` (reads) and
``ensure_can_change`` (writes). A record outside a user's scope is answered as if it did not exist
(``Http404``), so that a URL never confirms that another unit's record exists.

Reach follows the tree. The leader, report compiler and PAR appraiser work for a level of government: the
province (seated in its People's Committee office or its Department of Home Affairs), a district (2022: in
its offices), or a commune (its chairman, its Văn phòng) — the nearest province, district, commune or ward
above their own unit. They see that unit and everything under it; a unit head sees his unit and what is under
it (a commune's departments and centre); clerks and officers see their own unit. A unit's records point at
the unit as it was on the record's date (a unit is a code over a period), so the tree a record is judged by is
the tree of its date: a 2022 dossier of Thị trấn Lâm lies under Huyện Ý Yên. Since a successor takes over its
predecessors' records (the 2025 mergers), whoever reaches a unit also reaches the units it succeeded.
"""

from django.core.exceptions import PermissionDenied
from django.db.models import Model, Q, QuerySet
from django.http import Http404

from cchc.accounts.models import READ_ONLY_ROLES, Role, User
from cchc.units.models import GOVERNMENT_KINDS, Unit

# Roles that reach a whole subtree: the wide roles from their level of government, a unit head from his unit.
TREE_ROLES = frozenset({Role.DISTRICT_LEADER, Role.PAR_APPRAISER, Role.REPORT_COMPILER, Role.UNIT_HEAD})


def _sees_all(user: User) -> bool:
    return user.is_superuser or user.role == Role.ADMIN


def reach(user: User) -> frozenset[int]:
    """The ids of the units ``user`` may see (see the module's docstring)."""
    if not user.is_authenticated or not user.is_active or user.unit_id is None:
        return frozenset()
    if user.role not in TREE_ROLES:
        return frozenset({user.unit_id})
    parents = dict(Unit.objects.values_list("pk", "parent_id"))
    kinds = dict(Unit.objects.values_list("pk", "kind"))
    seat = _seat(user, parents, kinds)
    children: dict[int, list[int]] = {}
    for pk, parent in parents.items():
        children.setdefault(parent, []).append(pk)
    predecessors: dict[int, list[int]] = {}
    for old, new in Unit.successors.through.objects.values_list("from_unit_id", "to_unit_id"):
        predecessors.setdefault(new, []).append(old)
    found: set[int] = set()
    pending = [seat]
    while pending:
        pk = pending.pop()
        if pk not in found:
            found.add(pk)
            pending += children.get(pk, []) + predecessors.get(pk, [])
    return frozenset(found)


def _seat(user: User, parents: dict[int, int | None], kinds: dict[int, str]) -> int:
    """Where a user's reach starts: his level of government for the wide roles, his unit for the others."""
    seat = user.unit_id
    if user.role in TREE_ROLES and user.role != Role.UNIT_HEAD:
        while kinds[seat] not in GOVERNMENT_KINDS and parents[seat] is not None:
            seat = parents[seat]
    return seat


def seat(user: User) -> Unit | None:
    """The unit a user's reach starts from (see ``_seat``); None for a user without a unit."""
    if user.unit_id is None:
        return None
    unit = user.unit
    chain = {unit.pk: unit}
    while unit.parent_id is not None and unit.kind not in GOVERNMENT_KINDS:
        unit = unit.parent
        chain[unit.pk] = unit
    parents = {pk: u.parent_id for pk, u in chain.items()}
    return chain[_seat(user, parents, {pk: u.kind for pk, u in chain.items()})]


def visible_units(user: User) -> QuerySet[Unit]:
    """The units ``user`` may see: every unit for an administrator, his reach for everyone else."""
    if not user.is_authenticated or not user.is_active:
        return Unit.objects.none()
    if _sees_all(user):
        return Unit.objects.all()
    return Unit.objects.filter(pk__in=reach(user))


def scoped[M: Model](queryset: QuerySet[M], user: User, unit_field: str = "unit") -> QuerySet[M]:
    """Restrict ``queryset`` to the records of the units ``user`` may see.

    ``unit_field`` is the path from the model to its unit (``"pk"`` for the Unit model itself); a model that
    belongs to more than one unit names them in ``scope_fields`` (a dossier: the unit that decides it and the
    centre that received it), and a record of any of them is seen.
    """
    if user.is_authenticated and user.is_active and _sees_all(user):
        return queryset
    units = sorted(reach(user))
    fields = getattr(queryset.model, "scope_fields", (unit_field,)) if unit_field == "unit" else (unit_field,)
    mine = Q()
    for field in fields:
        mine |= Q(**{f"{field}__in": units})
    if user.is_active and user.is_district_wide:  # records of no unit (a command-line import) are the level's
        mine |= Q(**{f"{unit_field}__isnull": True})
    if "__" in unit_field:  # across a to-many relation a join would repeat rows: filter by the model's keys
        return queryset.filter(pk__in=queryset.model._default_manager.filter(mine).values("pk"))
    return queryset.filter(mine)


def get_scoped_or_404[M: Model](queryset: QuerySet[M], user: User, unit_field: str = "unit", **lookup) -> M:
    try:
        return scoped(queryset, user, unit_field).get(**lookup)
    except queryset.model.DoesNotExist as exc:
        raise Http404("Không tìm thấy bản ghi.") from exc


def district_wide_only[M: Model](queryset: QuerySet[M], user: User) -> QuerySet[M]:
    """Records that hold several units' data at once (an import run: its rows, its error workbook, its
    upload) are seen only by the roles that reach a whole tree (administrator, leader, report compiler,
    appraiser), and only those filed under a unit of their reach; never by a unit's own staff, whatever unit
    they are filed under."""
    if user.is_authenticated and user.is_active and user.is_district_wide:
        return scoped(queryset, user)
    return queryset.none()


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
