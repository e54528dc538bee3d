"""Reads of dossiers, always scoped by the user who asks (``cchc.accounts.scoping``)."""

from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.db.models import Q, QuerySet
from django.utils import timezone

from cchc.accounts.models import User
from cchc.accounts.scoping import get_scoped_or_404, scoped
from cchc.core.calendar import VN_TZ, local
from cchc.core.lifecycle import OPEN_STATES, State
from cchc.core.text import fold, vn_person_key
from cchc.dossiers.models import Dossier
from cchc.dossiers.timeline import due_soon_at, overdue_at
from cchc.units.models import Unit
from cchc.workcalendar.selectors import calendar_for


def _base(user: User) -> QuerySet[Dossier]:
    return scoped(Dossier.objects.select_related("unit", "procedure", "handler"), user)


def dossier_get(*, user: User, code: str) -> Dossier:
    return get_scoped_or_404(
        Dossier.objects.select_related("unit", "procedure", "handler", "created_by"), user, code=code
    )


def received_on(*, user: User, unit: Unit, day) -> QuerySet[Dossier]:
    start = datetime.combine(day, datetime.min.time(), tzinfo=VN_TZ)
    return _base(user).filter(unit=unit, received_at__gte=start, received_at__lt=start + timedelta(days=1))


def overdue(*, user: User, unit: Unit | None = None, now: datetime | None = None) -> QuerySet[Dossier]:
    """The dossiers overdue now: the rule of the ``overdue_open`` indicator (``cchc.dossiers.timeline``).

    No pause begins after now, so a dossier overdue now is past its current ``due_at``: saying so as well
    lets the database walk its (unit, state, due_at) index instead of every open dossier.
    """
    moment = now or timezone.now()
    query = _base(user).filter(state__in=OPEN_STATES, due_at__lt=moment).filter(overdue_at(moment))
    return (query.filter(unit=unit) if unit else query).order_by("due_at")


def is_overdue(*, dossier: Dossier, now: datetime | None = None) -> bool:
    """Whether this dossier is overdue now, by the same rule as every list and figure."""
    return Dossier.objects.filter(pk=dossier.pk).filter(overdue_at(now or timezone.now())).exists()


def due_soon(
    *, user: User, unit: Unit, now: datetime | None = None, horizon_days: int = 1
) -> QuerySet[Dossier]:
    """Open dossiers due between now and the end of the ``horizon_days``-th working day from today."""
    now = now or timezone.now()
    last_day = calendar_for(unit).add_working_days(local(now).date(), horizon_days)
    until = datetime.combine(last_day + timedelta(days=1), datetime.min.time(), tzinfo=VN_TZ)
    return (
        _base(user)
        .filter(unit=unit, state__in=OPEN_STATES)
        .filter(due_soon_at(now, until))
        .order_by("due_at")
    )


WORKLISTS = ("overdue", "due_soon", "in_progress", "supplement", "result_ready", "today", "all")


@dataclass(frozen=True)
class WorklistFilters:
    """What the clerk narrowed a worklist to: a procedure, a state, a received-date range, words to find."""

    procedure_id: int | None = None
    state: str = ""
    received_from: date | None = None
    received_to: date | None = None
    text: str = ""

    def apply(self, query: QuerySet[Dossier]) -> QuerySet[Dossier]:
        if self.procedure_id is not None:
            query = query.filter(procedure_id=self.procedure_id)
        if self.state:
            query = query.filter(state=self.state)
        if self.received_from is not None:
            query = query.filter(
                received_at__gte=datetime.combine(self.received_from, time.min, tzinfo=VN_TZ)
            )
        if self.received_to is not None:
            end = datetime.combine(self.received_to + timedelta(days=1), time.min, tzinfo=VN_TZ)
            query = query.filter(received_at__lt=end)
        for word in fold(self.text).split():
            query = query.filter(search_text__contains=word)
        return query


def worklist(
    *, user: User, unit: Unit, name: str, filters: WorklistFilters | None = None, now: datetime | None = None
) -> QuerySet[Dossier]:
    """One of the clerk's ``WORKLISTS`` for ``unit``, narrowed by ``filters``, in a stable order for paging.

    Overdue and due soon are the rules of ``overdue`` and ``due_soon`` (``cchc.dossiers.timeline``); in
    progress is received or being handled; supplement is waiting for the applicant; result ready is a result
    not yet handed back; today is today's intake; all is every dossier of the unit.
    """
    now = now or timezone.now()
    if name == "overdue":
        query = overdue(user=user, unit=unit, now=now).order_by("due_at", "id")
    elif name == "due_soon":
        query = due_soon(user=user, unit=unit, now=now).order_by("due_at", "id")
    elif name == "today":
        query = received_on(user=user, unit=unit, day=local(now).date()).order_by("-received_at", "-id")
    else:
        query = _base(user).filter(unit=unit)
        if name == "in_progress":
            query = query.filter(state__in=[State.RECEIVED, State.IN_PROGRESS]).order_by("due_at", "id")
        elif name == "supplement":
            query = query.filter(state=State.SUPPLEMENT_REQUESTED).order_by("received_at", "id")
        elif name == "result_ready":
            query = query.filter(state=State.RESULT_READY).order_by("result_at", "id")
        else:
            query = query.order_by("-received_at", "-id")
    return (filters or WorklistFilters()).apply(query)


def worklist_counts(
    *, user: User, unit: Unit, filters: WorklistFilters | None = None, now: datetime | None = None
) -> dict[str, int]:
    """How many dossiers each worklist holds under ``filters`` (true counts, not the length of a page)."""
    now = now or timezone.now()
    return {
        name: worklist(user=user, unit=unit, name=name, filters=filters, now=now).count()
        for name in WORKLISTS
    }


def tracking_book(*, user: User, unit: Unit, start, end) -> QuerySet[Dossier]:
    """Mẫu 06: every dossier the unit received between ``start`` and ``end`` (dates, inclusive)."""
    begin = datetime.combine(start, datetime.min.time(), tzinfo=VN_TZ)
    finish = datetime.combine(end + timedelta(days=1), datetime.min.time(), tzinfo=VN_TZ)
    return (
        _base(user)
        .filter(unit=unit, received_at__gte=begin, received_at__lt=finish)
        .prefetch_related("events")
        .order_by("received_at", "id")
    )


def handlers_of(*, user: User, unit: Unit) -> list[User]:
    """Who may be handed a dossier: by role, then in Vietnamese order of their names (given name first)."""
    handlers = scoped(User.objects.filter(unit=unit, is_active=True), user).filter(
        Q(role__in=["officer", "unit_head", "clerk"])
    )
    return sorted(handlers, key=lambda u: (u.role, vn_person_key(u.last_name, u.first_name), u.username))
