"""KPI rows as plain records for JSON, CSV, tables, the API and the reports."""

from cchc.kpis.engine import Row
from cchc.units.models import Unit


def rollup_unit(rows: list[Row]) -> tuple[str, str]:
    parents = {r.unit.parent for r in rows if r.unit is not None}
    if len(parents) == 1 and (parent := parents.pop()) is not None:
        return parent.code, f"{parent.name} (tổng hợp)"
    return "*", "Tổng hợp"


def record(row: Row, rollup: tuple[str, str]) -> dict:
    unit: Unit | None = row.unit
    value = row.figure.value
    return {
        "unit_code": unit.code if unit else rollup[0],
        "unit_name": unit.name if unit else rollup[1],
        # A code names different units in different periods (13795: Thị trấn Lâm, then Xã Ý Yên): the
        # unit's validity tells them apart in a period that spans both.
        "unit_valid_from": unit.valid_from.isoformat() if unit and unit.valid_from else None,
        "unit_valid_to": unit.valid_to.isoformat() if unit and unit.valid_to else None,
        "indicator": row.indicator.code,
        "numerator": row.figure.numerator,
        "denominator": row.figure.denominator,
        "value": None if value is None else (int(value) if row.figure.is_count else float(value)),
        "target": float(row.target.value) if row.target else None,
        "comparison": row.target.comparison if row.target else None,
        "met": row.met,
    }


def records(rows: list[Row]) -> list[dict]:
    rollup = rollup_unit(rows)
    return [record(r, rollup) for r in rows]
