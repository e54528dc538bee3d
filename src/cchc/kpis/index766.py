"""The rates Decision 766/QĐ-TTg scores, counted from the register (the scoring itself: ``cchc.core.index766``).

- ``on_time`` (TDGQ): the dossiers whose handling ended in the period — the first of result, return (when the
  result time is unknown) and stop — and those still open at the period's end (or at "as of" if sooner); on
  time when the end came no later than the appointment (which supplement pauses already moved) and, for an
  open one, when it is not overdue at that moment (``cchc.dossiers.timeline.overdue_at``); a dossier asked
  for a supplement more than once is late (Decision 766's annex). Refused at intake and withdrawn: never
  counted (``timeline.counted``).
- ``full_online`` (CLGQ): received in the period for a full-online procedure (level 4, toàn trình), submitted
  online.
- ``online_payment``, ``e_result``, ``digitised``: the notice's indicators of the same names
  (``cchc.kpis.indicators``).
- ``satisfaction`` (MDHL3): ``cchc.core.index766.satisfaction`` of ``on_time`` and the citizens' ratings
  (``satisfaction_rate``, carried here as ``rated``).
"""

from datetime import datetime
from fractions import Fraction

from django.db.models import Count, F, Q, QuerySet
from django.utils import timezone

from cchc.core.index766 import satisfaction
from cchc.core.kpi import Figure, Period
from cchc.core.lifecycle import State
from cchc.dossiers.models import Dossier
from cchc.dossiers.timeline import counted, open_at, overdue_at
from cchc.kpis.engine import bounds, counts
from cchc.kpis.indicators import INDICATORS

SHARED = {
    "online_payment": "online_payment_rate",
    "e_result": "e_result_rate",
    "digitised": "digitised_rate",
    "rated": "satisfaction_rate",
}


def _between(field: str, start: datetime, end: datetime, as_of: datetime) -> Q:
    return Q(**{f"{field}__gte": start, f"{field}__lt": end, f"{field}__lte": as_of})


def rates(
    *, dossiers: QuerySet[Dossier], period: Period, as_of: datetime, known_at: datetime | None = None
) -> dict[int, dict[str, Figure]]:
    """{unit id: {rate: Figure}} for the dossiers given (already scoped by the caller)."""
    start, end = bounds(period)
    moment = min(end, as_of)
    by_result = _between("result_at", start, end, as_of) & ~Q(state=State.STOPPED)
    by_return = Q(result_at__isnull=True) & _between("returned_at", start, end, as_of)
    by_stop = Q(state=State.STOPPED, result_at__isnull=True) & _between("closed_at", start, end, as_of)
    still_open = open_at(moment)
    once = Q(supplement_count__lte=1)
    kept = once & (
        (by_result & Q(result_at__lte=F("due_at")))
        | (by_return & Q(returned_at__lte=F("due_at")))
        | (by_stop & Q(closed_at__lte=F("due_at")))
        | (still_open & ~overdue_at(moment))
    )
    judged = by_result | by_return | by_stop | still_open
    received = _between("received_at", start, end, as_of)
    query = (
        dossiers.filter(counted(as_of, known_at or timezone.now()))
        .filter(judged | received)
        .values("unit_id")
        .annotate(
            on_time_n=Count("pk", filter=judged & kept),
            on_time_d=Count("pk", filter=judged),
            full_online_n=Count("pk", filter=received & Q(online_level=4, channel="online")),
            full_online_d=Count("pk", filter=received & Q(online_level=4)),
        )
        .order_by()
    )
    result: dict[int, dict[str, Figure]] = {}
    for row in query:
        result[row["unit_id"]] = {
            "on_time": Figure(row["on_time_n"], row["on_time_d"]),
            "full_online": Figure(row["full_online_n"], row["full_online_d"]),
        }
    shared = counts(
        dossiers=dossiers,
        indicators=[INDICATORS[code] for code in SHARED.values()],
        period=period,
        as_of=as_of,
        known_at=known_at,
    )
    for unit_id, figures in shared.items():
        for name, code in SHARED.items():
            result.setdefault(unit_id, {})[name] = Figure(*figures[code])
    return result


def exact(figures: dict[str, Figure]) -> dict[str, Fraction | None]:
    """The exact rates ``cchc.core.index766.score`` takes; every rate this module counts is present."""
    names = ("on_time", "full_online", *SHARED)
    found = {name: figures.get(name, Figure(0, 0)).rate for name in names}
    found["satisfaction"] = satisfaction(on_time=found["on_time"], satisfied=found["rated"])
    return found
