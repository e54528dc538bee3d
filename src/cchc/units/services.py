"""Writes to the unit tree. Loading is all-or-nothing and idempotent: a second load changes nothing.

A unit is a code over a period (see ``Unit``): a loaded row is the stored unit with its code whose validity
overlaps the row's, or a new unit. Loads in any order give the same tree: after every load the 2025
reorganisation is applied to the provinces of 2025 present (``_reorganise``).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from functools import cache
from importlib import resources

from django.db import transaction

from cchc.audit.changes import save_changes
from cchc.audit.trail import acting_as
from cchc.core.unitfile import UnitFileError, UnitRow, parse_unit_file
from cchc.core.validity import overlap
from cchc.units.models import LAST_DAY_OF_THREE_TIERS, TWO_TIERS_FROM, Unit, UnitKind

BUNDLED_TREES = {"y-yen-2022": "y-yen-2022.csv"}
# Bundled trees read from the current ``vietnam-provinces`` package: the province as it stands since 1/7/2025.
BUNDLED_PROVINCES = {"ninh-binh-2025": 37}


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
        result = _upsert(rows)
        _reorganise()
    return result


def _day(value: date | None) -> str:
    return f"{value:%d/%m/%Y}" if value else "…"


def _span(start: date | None, end: date | None) -> str:
    return f"{_day(start)}–{_day(end)}"


def _upsert(rows: list[UnitRow]) -> LoadResult:
    """Each row is the stored unit with its code whose validity overlaps the row's, or a new unit.

    A row overlapping two stored units of its code is refused (it would make one code name two units on one
    day), as are two rows overlapping one stored unit, and a parent that does not exist in the row's period:
    exactly one unit bearing the parent's code (in the file, else in the database) must overlap it. The whole
    file or nothing. ``rows`` come parents first (``parse_unit_file``).
    """
    stored: dict[str, list[Unit]] = defaultdict(list)
    codes = {r.code for r in rows} | {r.parent for r in rows if r.parent}
    for unit in Unit.objects.filter(code__in=codes).order_by("valid_from"):
        stored[unit.code].append(unit)
    in_file: dict[str, list[UnitRow]] = defaultdict(list)
    for row in rows:
        in_file[row.code].append(row)
    problems: list[str] = []
    matched: list[Unit | None] = []  # by position in ``rows``
    claimed: dict[int, int] = {}  # a stored unit is one row of the file, never two
    for row in rows:
        period = (row.valid_from, row.valid_to)
        same = [u for u in stored[row.code] if u.overlaps(*period)]
        if len(same) > 1:
            spans = ", ".join(f"{u.name} ({_span(u.valid_from, u.valid_to)})" for u in same)
            problems.append(
                f"Dòng {row.line}: mã '{row.code}' trong {_span(*period)} "
                f"trùng thời gian hiệu lực với nhiều đơn vị đã có: {spans}."
            )
        matched.append(same[0] if same else None)
        if same and same[0].pk in claimed:
            problems.append(
                f"Dòng {row.line}: đơn vị đã có {same[0].name} ({_span(same[0].valid_from, same[0].valid_to)}) "
                f"trùng thời gian hiệu lực với cả dòng {claimed[same[0].pk]}; hãy nạp ngày kết thúc của nó trước."
            )
        elif same:
            claimed[same[0].pk] = row.line
        if row.parent:
            found = in_file.get(row.parent) or stored[row.parent]
            parents = [p for p in found if overlap(p.valid_from, p.valid_to, *period)]
            if len(parents) != 1:
                problems.append(
                    f"Dòng {row.line}: không có đúng một đơn vị cấp trên mã '{row.parent}' "
                    f"trong thời gian hiệu lực {_span(*period)}."
                )
    if problems:
        raise UnitFileError(problems)
    created = updated = unchanged = 0
    loaded: dict[str, list[Unit]] = defaultdict(list)
    for row, unit in zip(rows, matched, strict=True):
        parent = None
        if row.parent:
            found = loaded[row.parent] if row.parent in in_file else stored[row.parent]
            parent = next(u for u in found if u.overlaps(row.valid_from, row.valid_to))
        wanted = {
            "name": row.name,
            "kind": row.kind,
            "official": row.official,
            "parent": parent,
            "valid_from": row.valid_from,
            "valid_to": row.valid_to,
        }
        if unit is None:
            unit = Unit.objects.create(code=row.code, **wanted)
            created += 1
        elif save_changes(unit, wanted):
            updated += 1
        else:
            unchanged += 1
        loaded[row.code].append(unit)
    return LoadResult(created, updated, unchanged)


def province_load(*, province_code: int, actor_label: str) -> LoadResult:
    """Load a province as it stands in the current ``vietnam-provinces`` package, from 1 July 2025.

    Since 1 July 2025 provinces have no districts (Resolution 202/2025/QH15): communes and wards hang directly
    under the province, each with its departments (Văn phòng HĐND-UBND, Phòng Kinh tế — Kinh tế, Hạ tầng và
    Đô thị for a ward —, Phòng Văn hóa - Xã hội) and its Trung tâm Phục vụ hành chính công (Decree
    118/2025/NĐ-CP); the province has its People's Committee office and its Department of Home Affairs.
    The units the province was made of end on 30 June 2025, before the new ones are written, so that a
    reused code (13795: Thị trấn Lâm, then Xã Ý Yên) names a new unit instead of renaming the old one.
    """
    from vietnam_provinces import Province, Ward

    try:
        province = Province.from_code(province_code)
    except (ValueError, KeyError) as exc:
        raise ValueError(f"Không có tỉnh mã {province_code} trong danh mục vietnam-provinces.") from exc
    code = str(int(province.code))
    rows = [
        _row(code, province.name, UnitKind.PROVINCE, None),
        _row(f"{code}.VP", f"Văn phòng UBND {_lower_first(province.name)}", UnitKind.DEPARTMENT, code),
        _row(f"{code}.SNV", f"Sở Nội vụ {_lower_first(province.name)}", UnitKind.DEPARTMENT, code),
    ]
    for ward in Ward.iter_by_province(province.code):
        ward_code = f"{int(ward.code):05d}"
        kind = {"phường": UnitKind.WARD}.get(ward.division_type.value, UnitKind.COMMUNE)
        of = _lower_first(ward.name)
        economy = "Phòng Kinh tế, Hạ tầng và Đô thị" if kind == UnitKind.WARD else "Phòng Kinh tế"
        rows += [
            _row(ward_code, ward.name, kind, code),
            _row(f"{ward_code}.VP", f"Văn phòng HĐND-UBND {of}", UnitKind.DEPARTMENT, ward_code),
            _row(f"{ward_code}.KT", f"{economy} {of}", UnitKind.DEPARTMENT, ward_code),
            _row(f"{ward_code}.VHXH", f"Phòng Văn hóa - Xã hội {of}", UnitKind.DEPARTMENT, ward_code),
            _row(f"{ward_code}.TTPV", f"Trung tâm Phục vụ hành chính công {of}", UnitKind.CENTRE, ward_code),
        ]
    with transaction.atomic(), acting_as(None, label=actor_label):
        _end_legacy(province)
        result = _upsert(rows)
        _reorganise()
    return result


def _row(code: str, name: str, kind: str, parent: str | None) -> UnitRow:
    official = kind in (UnitKind.PROVINCE, UnitKind.COMMUNE, UnitKind.WARD)
    return UnitRow(0, code, name, kind, parent, official, TWO_TIERS_FROM, None)


def _lower_first(name: str) -> str:
    """ "Tỉnh Ninh Bình" → "tỉnh Ninh Bình", as the name reads after "UBND" or a department's name."""
    return name[:1].lower() + name[1:]


@cache
def _legacy_codes(province) -> tuple[list[str], list[str], dict[str, list[str]]]:
    """(old province codes, old district codes, {new ward code: its old communes' codes}) of a 2025 province."""
    from vietnam_provinces import Ward

    provinces = [str(int(p.code)) for p in province.get_legacy_sources()]
    districts: set[str] = set()
    wards: dict[str, list[str]] = {}
    for ward in Ward.iter_by_province(province.code):
        sources = ward.get_legacy_sources()
        wards[f"{int(ward.code):05d}"] = [f"{int(s.code):05d}" for s in sources]
        districts.update(str(int(s.district_code)) for s in sources)
    return provinces, sorted(districts), wards


def _three_tier(codes, kinds) -> list[Unit]:
    """The units with these codes and kinds that existed on 30 June 2025."""
    return list(Unit.objects.filter(code__in=codes, kind__in=kinds).valid_on(LAST_DAY_OF_THREE_TIERS))


def _end_legacy(province) -> None:
    """End on 30 June 2025 the units the 2025 province was made of (old provinces, districts, communes,
    and everything under them) that a load left open."""
    provinces, districts, wards = _legacy_codes(province)
    communes = [c for sources in wards.values() for c in sources]
    ending = _three_tier(provinces, [UnitKind.PROVINCE])
    ending += _three_tier(districts, [UnitKind.DISTRICT])
    ending += _three_tier(communes, [UnitKind.COMMUNE, UnitKind.TOWN, UnitKind.WARD])
    seen: set[int] = set()
    while ending:
        unit = ending.pop()
        if unit.pk in seen:
            continue
        seen.add(unit.pk)
        if unit.valid_to is None or unit.valid_to > LAST_DAY_OF_THREE_TIERS:
            save_changes(unit, {"valid_to": LAST_DAY_OF_THREE_TIERS})
        ending += list(unit.children.valid_on(LAST_DAY_OF_THREE_TIERS))


def _reorganise() -> None:
    """For every 2025 province present: end what it was made of, and link each old unit of 30 June 2025 to
    the unit that succeeded it on 1 July 2025, from the package's legacy sources; never a unit to itself."""
    from vietnam_provinces import Province

    known = {int(p.code): p for p in Province.iter_all()}
    for new_province in Unit.objects.filter(kind=UnitKind.PROVINCE, official=True, valid_from=TWO_TIERS_FROM):
        province = known.get(int(new_province.code)) if new_province.code.isdigit() else None
        if province is None:
            continue
        _end_legacy(province)
        provinces, _, wards = _legacy_codes(province)
        successions = [(new_province.code, provinces, [UnitKind.PROVINCE])]
        successions += [
            (new, old, [UnitKind.COMMUNE, UnitKind.TOWN, UnitKind.WARD]) for new, old in wards.items()
        ]
        new_units = {
            u.code: u
            for u in Unit.objects.filter(code__in=[s[0] for s in successions]).valid_on(TWO_TIERS_FROM)
        }
        for new_code, old_codes, kinds in successions:
            successor = new_units.get(new_code)
            if successor is None:
                continue
            for predecessor in _three_tier(old_codes, kinds):
                if (
                    predecessor.pk != successor.pk
                    and not predecessor.successors.filter(pk=successor.pk).exists()
                ):
                    predecessor.successors.add(successor)
