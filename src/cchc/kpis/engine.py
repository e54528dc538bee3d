"""Figures per unit and period: one aggregate query (GROUP BY unit) for every indicator, scoped by user.

``compute`` fetches the counts in the database and returns plain rows; the arithmetic (exact rates, no data,
targets met) is in ``cchc.core.kpi``. The district roll-up adds numerators and denominators.
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import reduce
from operator import or_

from django.db.models import Count, Q, QuerySet
from django.utils import timezone

from cchc.accounts.models import User
from cchc.accounts.scoping import scoped
from cchc.core.calendar import VN_TZ
from cchc.core.kpi import Figure, Period, Target
from cchc.dossiers.models import Dossier
from cchc.dossiers.timeline import counted
from cchc.kpis.indicators import INDICATORS, OPEN, RECEIVED, Indicator, in_window
from cchc.kpis.models import Target as TargetRow
from cchc.units.models import Unit, UnitKind

REPORTED_KINDS = (UnitKind.COMMUNE, UnitKind.TOWN, UnitKind.WARD, UnitKind.OFFICE)
DISTRICT = "district"


class UnknownIndicator(ValueError):
    pass


@dataclass(frozen=True)
class Row:
    unit: Unit | None  # None: the district roll-up
    indicator: Indicator
    figure: Figure
    target: Target | None

    @property
    def met(self) -> bool | None:
        return self.target.met(self.figure) if self.target else None


def bounds(period: Period) -> tuple[datetime, datetime]:
    return (
        datetime.combine(period.start, time(0), tzinfo=VN_TZ),
        datetime.combine(period.end + timedelta(days=1), time(0), tzinfo=VN_TZ),
    )


def indicators_named(codes: list[str] | None) -> list[Indicator]:
    if not codes:
        return list(INDICATORS.values())
    unknown = [c for c in codes if c not in INDICATORS]
    if unknown:
        raise UnknownIndicator(f"Không có chỉ số {', '.join(unknown)}. Các chỉ số: {', '.join(INDICATORS)}.")
    return [INDICATORS[c] for c in codes]


def reported_units(*, user: User, period: Period, unit: Unit | None = None) -> QuerySet[Unit]:
    units = scoped(Unit.objects.filter(kind__in=REPORTED_KINDS), user, unit_field="pk")
    units = units.filter(Q(valid_from__isnull=True) | Q(valid_from__lte=period.end)).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=period.start)
    )
    return (units.filter(pk=unit.pk) if unit else units).in_order()


def _windows(period: Period, as_of: datetime) -> dict[str, Q]:
    start, end = bounds(period)
    return {kind: in_window(kind, start, end, as_of) for kind in ("received", "result", OPEN)}


def counts(
    *,
    dossiers: QuerySet[Dossier],
    indicators: list[Indicator],
    period: Period,
    as_of: datetime,
    known_at: datetime | None = None,
) -> dict[int, dict[str, tuple[int, int | None]]]:
    """{unit id: {indicator: (numerator, denominator)}} from one GROUP BY query.

    ``as_of`` is the moment of the dossiers' own timeline, ``known_at`` (default: now) the moment of cchc's
    knowledge: only dossiers recorded by then (``cchc.dossiers.timeline``).
    """
    windows = _windows(period, as_of)
    aggregates = {}
    for indicator in indicators:
        window = windows[indicator.date]
        base = window if indicator.is_count else window & indicator.denominator
        aggregates[f"{indicator.code}__n"] = Count("pk", filter=base & indicator.numerator)
        if not indicator.is_count:
            aggregates[f"{indicator.code}__d"] = Count("pk", filter=base)
    wanted = reduce(or_, (windows[i.date] for i in indicators))
    query = (
        dossiers.filter(counted(as_of, known_at or timezone.now()))
        .filter(wanted)
        .values("unit_id")
        .annotate(**aggregates)
        .order_by()
    )
    result: dict[int, dict[str, tuple[int, int | None]]] = {}
    for row in query:
        result[row["unit_id"]] = {
            i.code: (row[f"{i.code}__n"], None if i.is_count else row[f"{i.code}__d"]) for i in indicators
        }
    return result


def targets_for(units: list[Unit], on: date) -> dict[int, dict[str, Target]]:
    """The targets in force on ``on`` for each unit: its own over its kind's."""
    rows = TargetRow.objects.filter(
        target_set__active=True, target_set__valid_from__lte=on, target_set__valid_to__gte=on
    ).select_related("target_set")
    by_kind: dict[str, dict[str, Target]] = defaultdict(dict)
    by_unit: dict[int, dict[str, Target]] = defaultdict(dict)
    for row in rows:
        target = Target(row.indicator, row.comparison, row.value)
        if row.target_set.unit_id:
            by_unit[row.target_set.unit_id][row.indicator] = target
        else:
            by_kind[row.target_set.unit_kind][row.indicator] = target
    return {u.pk: {**by_kind.get(u.kind, {}), **by_unit.get(u.pk, {})} for u in units}


def compute(
    *,
    user: User,
    period: Period,
    as_of: datetime,
    known_at: datetime | None = None,
    unit: Unit | None = None,
    indicator_codes: list[str] | None = None,
    unit_kinds: list[str] | None = None,
    field: str | None = None,
) -> list[Row]:
    """Every indicator for every unit the user sees (or one unit), then the roll-up of those units.

    ``unit_kinds`` keeps units of those kinds; ``field`` counts only dossiers of procedures of that field;
    ``known_at`` (default: now) leaves out dossiers recorded later.
    """
    indicators = indicators_named(indicator_codes)
    units = reported_units(user=user, period=period, unit=unit)
    if unit_kinds:
        units = units.filter(kind__in=unit_kinds)
    units = list(units)
    dossiers = scoped(Dossier.objects.all(), user).filter(unit__in=[u.pk for u in units])
    if field:
        dossiers = dossiers.filter(procedure__field=field)
    figures = counts(dossiers=dossiers, indicators=indicators, period=period, as_of=as_of, known_at=known_at)
    targets = targets_for(units, period.end)
    rows: list[Row] = []
    totals: dict[str, Figure] = {}
    for each in units:
        for indicator in indicators:
            numerator, denominator = figures.get(each.pk, {}).get(
                indicator.code, (0, None if indicator.is_count else 0)
            )
            figure = Figure(numerator, denominator)
            rows.append(Row(each, indicator, figure, targets[each.pk].get(indicator.code)))
            totals[indicator.code] = totals[indicator.code] + figure if indicator.code in totals else figure
    if unit is None:
        rows += [
            Row(None, i, totals.get(i.code, Figure(0, None if i.is_count else 0)), None) for i in indicators
        ]
    return rows


def drill(
    *,
    user: User,
    unit: Unit,
    indicator: Indicator,
    period: Period,
    as_of: datetime,
    part: str,
    known_at: datetime | None = None,
) -> QuerySet[Dossier]:
    """The dossiers behind a figure: its ``denominator``, its ``numerator``, or those ``missing`` from it."""
    window = _windows(period, as_of)[indicator.date]
    dossiers = scoped(Dossier.objects.select_related("procedure", "unit"), user).filter(unit=unit)
    base = dossiers.filter(counted(as_of, known_at or timezone.now())).filter(window)
    if not indicator.is_count:
        base = base.filter(indicator.denominator)
    if part == "numerator":
        return base.filter(indicator.numerator)
    if part == "missing":
        return base.exclude(indicator.numerator)
    return base


def series(
    *,
    user: User,
    periods: list[Period],
    as_of: datetime,
    indicator_codes: list[str],
    unit_kinds: list[str] | None = None,
    known_at: datetime | None = None,
) -> dict[str, list[Figure]]:
    """The roll-up of each indicator for each period (e.g. the last twelve report weeks), in one query.

    A period's overdue count is taken at its end (or at ``as_of`` if sooner)."""
    indicators = indicators_named(indicator_codes)
    units = reported_units(user=user, period=Period(periods[0].start, periods[-1].end, ""))
    if unit_kinds:
        units = units.filter(kind__in=unit_kinds)
    dossiers = scoped(Dossier.objects.all(), user).filter(unit__in=units.values("pk"))
    dossiers = dossiers.filter(counted(as_of, known_at or timezone.now()))
    aggregates = {}
    wanted = []
    for index, period in enumerate(periods):
        start, end = bounds(period)
        for indicator in indicators:
            if indicator.date == OPEN:
                window = in_window(OPEN, start, end, min(end, as_of))
            else:
                window = in_window(indicator.date, start, end, as_of)
            base = window if indicator.is_count else window & indicator.denominator
            aggregates[f"{indicator.code}__{index}__n"] = Count("pk", filter=base & indicator.numerator)
            if not indicator.is_count:
                aggregates[f"{indicator.code}__{index}__d"] = Count("pk", filter=base)
            wanted.append(window)
    row = dossiers.filter(reduce(or_, wanted)).aggregate(**aggregates)
    return {
        i.code: [
            Figure(row[f"{i.code}__{n}__n"] or 0, None if i.is_count else row[f"{i.code}__{n}__d"] or 0)
            for n in range(len(periods))
        ]
        for i in indicators
    }


def intake_for_others(
    *, user: User, period: Period, as_of: datetime, known_at: datetime | None = None
) -> list[tuple[Unit, int]]:
    """Each centre's intake for other units in ``period`` (reception regardless of administrative boundary,
    2025 rules): the dossiers it received that another unit decides, by receiving unit, most first. They count
    in the deciding unit's figures; this is the centre's own figure."""
    window = in_window(RECEIVED, *bounds(period), as_of)
    rows = (
        scoped(Dossier.objects.filter(receiving_unit__isnull=False), user)
        .filter(counted(as_of, known_at or timezone.now()))
        .filter(window)
        .values("receiving_unit")
        .annotate(n=Count("pk"))
        .order_by()
    )
    found = {row["receiving_unit"]: row["n"] for row in rows}
    units = Unit.objects.in_bulk(list(found))
    return sorted(
        ((units[pk], n) for pk, n in found.items()),
        key=lambda pair: (-pair[1], pair[0].sort_key, pair[0].code),
    )
