"""One history across the 2025 merger: a successor's figures with its predecessors' summed in.

Xã Ý Yên exists from 1/7/2025; over a period before (or across) that day its figures are those of the units it
was formed from (Thị trấn Lâm, Yên Khánh, Yên Phong, Yên Bằng/Hồng Quang), added numerator to numerator and
denominator to denominator, as the district roll-up adds its units. Each unit keeps its own rows; the merged
row is marked "gộp từ …" with the units that contributed.
"""

from datetime import datetime

from cchc.accounts.models import User
from cchc.core.kpi import Figure, Period
from cchc.kpis.engine import Row, compute, indicators_named
from cchc.kpis.output import records
from cchc.units.models import Unit


def lineage(unit: Unit) -> list[Unit]:
    """The units ``unit`` succeeded, and the units those succeeded, nearest first; never ``unit`` itself."""
    found: list[Unit] = []
    pending = list(unit.predecessors.order_by("code"))
    while pending:
        each = pending.pop(0)
        if each.pk != unit.pk and each not in found:
            found.append(each)
            pending += list(each.predecessors.order_by("code"))
    return found


def merged(
    *,
    user: User,
    unit: Unit,
    period: Period,
    as_of: datetime,
    known_at: datetime | None = None,
    indicator_codes: list[str] | None = None,
) -> tuple[list[Row], list[Unit]]:
    """``unit``'s rows over ``period`` with its lineage's figures added in, and the lineage's units of the period."""
    indicators = indicators_named(indicator_codes)
    sums = {i.code: Figure(0, None if i.is_count else 0) for i in indicators}
    targets = {}
    contributed: list[Unit] = []
    for each in [unit, *lineage(unit)]:
        rows = compute(
            user=user,
            period=period,
            as_of=as_of,
            known_at=known_at,
            unit=each,
            indicator_codes=indicator_codes,
        )
        if rows and each != unit:
            contributed.append(each)
        for row in rows:
            sums[row.indicator.code] = sums[row.indicator.code] + row.figure
            if each == unit:
                targets[row.indicator.code] = row.target
    return [Row(unit, i, sums[i.code], targets.get(i.code)) for i in indicators], contributed


def merged_name(unit: Unit, contributed: list[Unit]) -> str:
    """ "Xã Ý Yên (gộp từ Thị trấn Lâm, Xã Yên Khánh)": the name of a merged row."""
    if not contributed:
        return unit.name
    return f"{unit.name} (gộp từ {', '.join(u.name for u in contributed)})"


def merged_records(rows: list[Row], unit: Unit, contributed: list[Unit]) -> list[dict]:
    """The merged rows as KPI records (JSON, CSV, the API), each named "… (gộp từ …)"."""
    return [{**record, "unit_name": merged_name(unit, contributed)} for record in records(rows)]
