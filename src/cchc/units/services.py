"""Writes to the unit tree. Loading is all-or-nothing and idempotent: a second load changes nothing."""

from dataclasses import dataclass
from importlib import resources

from django.db import transaction

from cchc.audit.changes import save_changes
from cchc.audit.trail import acting_as
from cchc.core.unitfile import UnitRow, parse_unit_file
from cchc.units.models import Unit

BUNDLED_TREES = {"y-yen-2022": "y-yen-2022.csv"}


@dataclass(frozen=True)
class LoadResult:
    created: int
    updated: int
    unchanged: int

    def __str__(self) -> str:
        return f"thêm {self.created}, cập nhật {self.updated}, giữ nguyên {self.unchanged}"


def bundled_tree(name: str) -> bytes:
    return resources.files("cchc.units").joinpath("data", BUNDLED_TREES[name]).read_bytes()


def unit_file_load(*, data: bytes, actor_label: str) -> LoadResult:
    """Validate the whole file first, then write it in one transaction."""
    known = frozenset(Unit.objects.values_list("code", flat=True))
    rows = parse_unit_file(data, known_codes=known)
    with transaction.atomic(), acting_as(None, label=actor_label):
        return _upsert(rows)


def _upsert(rows: list[UnitRow]) -> LoadResult:
    existing = {u.code: u for u in Unit.objects.filter(code__in=[r.code for r in rows])}
    parents = {u.code: u for u in Unit.objects.filter(code__in={r.parent for r in rows if r.parent})}
    created = updated = unchanged = 0
    for row in rows:
        wanted = {
            "name": row.name,
            "kind": row.kind,
            "official": row.official,
            "parent": parents.get(row.parent) if row.parent else None,
            "valid_from": row.valid_from,
            "valid_to": row.valid_to,
        }
        unit = existing.get(row.code)
        if unit is None:
            unit = Unit.objects.create(code=row.code, **wanted)
            created += 1
        elif save_changes(unit, wanted):
            updated += 1
        else:
            unchanged += 1
        parents[row.code] = unit
    return LoadResult(created, updated, unchanged)


def province_load(*, province_code: int, actor_label: str) -> LoadResult:
    """Load a province and its communes/wards as they stand in the current ``vietnam-provinces`` package.

    Since 1 July 2025 provinces have no districts: communes and wards hang directly under the province.
    A loaded commune that replaced units already in the database (the 2025 mergers) is recorded as their
    successor.
    """
    from vietnam_provinces import Province, Ward

    try:
        province = Province.from_code(province_code)
    except (ValueError, KeyError) as exc:
        raise ValueError(f"Không có tỉnh mã {province_code} trong danh mục vietnam-provinces.") from exc
    kinds = {"xã": "commune", "phường": "ward", "đặc khu": "commune", "thị trấn": "town"}
    rows = [UnitRow(0, str(int(province.code)), province.name, "province", None, True, None, None)]
    wards = list(Ward.iter_by_province(province.code))
    rows += [
        UnitRow(
            0,
            f"{int(w.code):05d}",
            w.name,
            kinds.get(w.division_type.value, "commune"),
            rows[0].code,
            True,
            None,
            None,
        )
        for w in wards
    ]
    with transaction.atomic(), acting_as(None, label=actor_label):
        result = _upsert(rows)
        units = {u.code: u for u in Unit.objects.filter(code__in=[r.code for r in rows])}
        for ward in wards:
            legacy = [f"{int(src.code):05d}" for src in ward.get_legacy_sources()]
            new_unit = units[f"{int(ward.code):05d}"]
            for predecessor in Unit.objects.filter(code__in=legacy).exclude(successors=new_unit):
                predecessor.successors.add(new_unit)
    return result
