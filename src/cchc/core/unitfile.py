"""Reading a unit file (CSV, XLSX or XLS): the tree of units a district or province is made of.

The file is read by ``cchc.core.sheet``: the header may come after a title block or blank rows. Columns, by
name or by their Vietnamese alias (``Mã``, ``Tên``, ``Loại``, ``Cấp trên``, ``Mã chính thức``, ``Hiệu lực
từ``, ``Hiệu lực đến``): ``code, name, kind, parent, official, valid_from, valid_to``. ``parent`` is the code of a unit in the same file or already in the database;
``official`` is 1 when ``code`` is the official code of the national list of divisions; dates are
``yyyy-mm-dd`` or ``dd/mm/yyyy`` and may be empty. A unit is a code over a period: one code may appear on
several lines whose periods do not overlap (13795: Thị trấn Lâm until 2025-06-30, Xã Ý Yên from 2025-07-01);
a ``parent`` names the unit bearing that code during the line's period.

A file is accepted whole or refused whole: ``parse_unit_file`` returns every row, parents before children,
or raises ``UnitFileError`` listing every problem with its line number, so that nothing is half-loaded.
"""

from dataclasses import dataclass
from datetime import date, datetime

from cchc.core.sheet import Column, Layout, TableError, read_records
from cchc.core.validity import overlap

KINDS = ("province", "district", "office", "commune", "town", "ward", "department", "centre")
COLUMNS = (
    Column("code", "code", ("Mã", "Mã đơn vị"), required=True),
    Column("name", "name", ("Tên", "Tên đơn vị"), required=True),
    Column("kind", "kind", ("Loại", "Loại đơn vị"), required=True),
    Column("parent", "parent", ("Cấp trên", "Mã cấp trên", "Đơn vị cấp trên"), required=True),
    Column("official", "official", ("Mã chính thức",)),
    Column("valid_from", "valid_from", ("Hiệu lực từ",)),
    Column("valid_to", "valid_to", ("Hiệu lực đến",)),
)
LAYOUT = Layout.of(COLUMNS)


@dataclass(frozen=True)
class UnitRow:
    line: int
    code: str
    name: str
    kind: str
    parent: str | None
    official: bool
    valid_from: date | None
    valid_to: date | None


class UnitFileError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Tệp đơn vị bị từ chối, không nạp dòng nào:\n" + "\n".join(problems))


def _date(text: str) -> date | None:
    if not text:
        return None
    for pattern in ("%Y-%m-%d", "%d/%m/%Y"):
        try:
            return datetime.strptime(text, pattern).date()
        except ValueError:
            continue
    raise ValueError(text)


def _flag(text: str) -> bool:
    if text.lower() in {"", "0", "không", "false"}:
        return False
    if text.lower() in {"1", "có", "true", "x"}:
        return True
    raise ValueError(text)


def parse_unit_file(data: bytes, known_codes: frozenset[str] = frozenset(), name: str = "") -> list[UnitRow]:
    """Parse and validate a whole unit file; ``known_codes`` are the codes already in the database."""
    try:
        _, records = read_records(data, name, LAYOUT)
    except TableError as error:
        raise UnitFileError([str(error)]) from error

    problems: list[str] = []
    rows: list[UnitRow] = []
    periods_of: dict[str, list[tuple[int, date | None, date | None]]] = {}
    for record in records:
        index, cells = record.line, record.cells
        line_problems: list[str] = []
        code = cells.get("code", "")
        if not code:
            line_problems.append("thiếu mã đơn vị")
        if not cells.get("name"):
            line_problems.append("thiếu tên đơn vị")
        kind = cells.get("kind", "")
        if kind not in KINDS:
            line_problems.append(f"loại đơn vị '{kind}' không hợp lệ (chỉ nhận: {', '.join(KINDS)})")
        dates: dict[str, date | None] = {}
        for column, label in (("valid_from", "hiệu lực từ"), ("valid_to", "hiệu lực đến")):
            try:
                dates[column] = _date(cells.get(column, ""))
            except ValueError:
                line_problems.append(
                    f"ngày {label} '{cells[column]}' không đúng dạng yyyy-mm-dd hoặc dd/mm/yyyy"
                )
                dates[column] = None
        if dates["valid_from"] and dates["valid_to"] and dates["valid_to"] < dates["valid_from"]:
            line_problems.append("ngày hết hiệu lực trước ngày bắt đầu hiệu lực")
        if code:
            same = [
                line for line, start, end in periods_of.get(code, []) if overlap(start, end, *dates.values())
            ]
            if same:
                line_problems.append(f"mã đơn vị '{code}' bị trùng (đã có ở dòng {same[0]})")
            periods_of.setdefault(code, []).append((index, dates["valid_from"], dates["valid_to"]))
        try:
            official = _flag(cells.get("official", ""))
        except ValueError:
            line_problems.append(f"cột official '{cells['official']}' phải là 1 hoặc 0")
            official = False
        if line_problems:
            problems.extend(f"Dòng {index}: {p}." for p in line_problems)
            continue
        rows.append(
            UnitRow(
                line=index,
                code=code,
                name=cells["name"],
                kind=kind,
                parent=cells.get("parent") or None,
                official=official,
                valid_from=dates["valid_from"],
                valid_to=dates["valid_to"],
            )
        )

    codes_in_file = {row.code for row in rows} | set(periods_of)
    for row in rows:
        if row.parent is None:
            continue
        if row.parent == row.code:
            problems.append(f"Dòng {row.line}: đơn vị '{row.code}' không thể là cấp trên của chính nó.")
        elif row.parent not in codes_in_file and row.parent not in known_codes:
            problems.append(
                f"Dòng {row.line}: đơn vị cấp trên '{row.parent}' không có trong tệp và trong hệ thống."
            )
    if not rows and not problems:
        problems.append("Tệp không có dòng dữ liệu nào.")
    if problems:
        raise UnitFileError(problems)
    return _parents_first(rows)


def _parents_first(rows: list[UnitRow]) -> list[UnitRow]:
    """The rows ordered so that the row of a unit's parent (the one of its period) comes before it."""
    by_code: dict[str, list[UnitRow]] = {}
    for row in rows:
        by_code.setdefault(row.code, []).append(row)

    def parent_of(row: UnitRow) -> UnitRow | None:
        versions = by_code.get(row.parent, []) if row.parent else []
        same_time = [p for p in versions if overlap(p.valid_from, p.valid_to, row.valid_from, row.valid_to)]
        return (same_time or versions or [None])[0]

    ordered: list[UnitRow] = []
    done: set[int] = set()
    for row in rows:
        path: list[UnitRow] = []
        codes_on_path: set[str] = set()
        current: UnitRow | None = row
        while current is not None and current.line not in done:
            if current.code in codes_on_path:
                raise UnitFileError(
                    [f"Dòng {current.line}: quan hệ cấp trên của đơn vị '{current.code}' tạo thành vòng."]
                )
            codes_on_path.add(current.code)
            path.append(current)
            current = parent_of(current)
        for item in reversed(path):
            done.add(item.line)
            ordered.append(item)
    return ordered
