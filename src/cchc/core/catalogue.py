"""Reading a procedure catalogue (CSV, XLSX or XLS). Pure Python: no Django import.

The file is read by ``cchc.core.sheet``: the header may come after a title block or blank rows, a field merged
down beside its procedures counts for each of them. Columns, by name or by their Vietnamese alias (``Mã thủ
tục``, ``Tên thủ tục``, ``Lĩnh vực``, ``Cấp thực hiện``, ``Thời hạn giải quyết``…): ``code, name, field, level,
office, limit_kind, limit_amount,
cutoff, online_level, fee, interagency, agencies, components, verified, source, note``. ``level`` is
``commune`` or ``district``; ``office`` the code of the district office that handles a district procedure;
``limit_kind`` is ``days``, ``hours`` or ``same_day`` (with ``cutoff`` HH:MM); ``online_level`` 2, 3 or 4;
``components`` is ``name|originals|copies ; name|originals|copies``. A catalogue is accepted whole or refused
whole with every problem named by its line.
"""

from dataclasses import dataclass
from datetime import datetime, time

from cchc.core import numbers
from cchc.core.sheet import Column, Layout, Record, TableError, read_records
from cchc.core.text import clean

COLUMNS = (
    Column("code", "code", ("Mã thủ tục", "Mã TTHC", "Mã"), required=True),
    Column("name", "name", ("Tên thủ tục", "Tên TTHC", "Tên"), required=True),
    Column("field", "field", ("Lĩnh vực",), required=True),
    Column("level", "level", ("Cấp thực hiện", "Cấp"), required=True),
    Column("office", "office", ("Phòng chuyên môn", "Cơ quan thực hiện")),
    Column("limit_kind", "limit_kind", ("Loại thời hạn",), required=True),
    Column("limit_amount", "limit_amount", ("Thời hạn giải quyết", "Thời hạn"), required=True),
    Column("cutoff", "cutoff", ("Giờ chốt",)),
    Column("online_level", "online_level", ("Mức độ DVC", "Mức độ"), required=True),
    Column("fee", "fee", ("Phí, lệ phí", "Lệ phí", "Phí")),
    Column("interagency", "interagency", ("Liên thông",)),
    Column("agencies", "agencies", ("Cơ quan phối hợp",)),
    Column("components", "components", ("Thành phần hồ sơ",)),
    Column("verified", "verified", ("Đã kiểm tra",)),
    Column("source", "source", ("Nguồn", "Căn cứ pháp lý")),
    Column("note", "note", ("Ghi chú",)),
)
LAYOUT = Layout.of(COLUMNS)
MAX_FEE = 2_147_483_647  # the largest fee a procedure stores (a 32-bit integer column)


@dataclass(frozen=True)
class ComponentRow:
    name: str
    originals: int
    copies: int


@dataclass(frozen=True)
class ProcedureRow:
    line: int
    code: str
    name: str
    field: str
    level: str
    office: str
    limit_kind: str
    limit_amount: int
    cutoff: time | None
    online_level: int
    fee: int
    interagency: bool
    agencies: str
    components: tuple[ComponentRow, ...]
    verified: bool
    source: str
    note: str


class CatalogueError(ValueError):
    def __init__(self, problems: list[str]):
        self.problems = problems
        super().__init__("Danh mục thủ tục bị từ chối, không nạp dòng nào:\n" + "\n".join(problems))


def read_catalogue(data: bytes, name: str) -> list[Record]:
    """The data rows of a catalogue file, or ``CatalogueError`` when the file or its header cannot be read."""
    try:
        return read_records(data, name, LAYOUT)[1]
    except TableError as error:
        raise CatalogueError([str(error)]) from error


def _int(text: str, label: str, problems: list[str], line: int, low: int = 0, high: int = 32_767) -> int:
    """A whole number in [low, high] (``high`` defaults to what a small-integer column stores)."""
    cleaned = text.replace(".", "").replace(",", "")
    try:
        value = numbers.parse_integer(cleaned, label=label) if cleaned else 0
    except numbers.NumberError:
        problems.append(f"Dòng {line}: {label} '{text[: numbers.MAX_CHARS]}' không phải số nguyên.")
        return 0
    if value < low:
        problems.append(f"Dòng {line}: {label} không được nhỏ hơn {low}.")
    if value > high:
        problems.append(f"Dòng {line}: {label} không được lớn hơn {high}.")
    return value


def _components(text: str, line: int, problems: list[str]) -> tuple[ComponentRow, ...]:
    result = []
    for part in filter(None, (p.strip() for p in text.split(";"))):
        pieces = [p.strip() for p in part.split("|")]
        if len(pieces) != 3 or not pieces[0]:
            problems.append(
                f"Dòng {line}: thành phần hồ sơ '{part}' phải có dạng tên|số bản chính|số bản sao."
            )
            continue
        result.append(
            ComponentRow(
                clean(pieces[0]),
                _int(pieces[1], "số bản chính", problems, line),
                _int(pieces[2], "số bản sao", problems, line),
            )
        )
    return tuple(result)


def parse_catalogue(records: list[Record], office_codes: frozenset[str]) -> list[ProcedureRow]:
    problems: list[str] = []
    result: list[ProcedureRow] = []
    seen: dict[str, int] = {}
    for cell in records:
        line = cell.line
        before = len(problems)
        code = cell["code"]
        if not code:
            problems.append(f"Dòng {line}: thiếu mã thủ tục.")
        elif code in seen:
            problems.append(f"Dòng {line}: mã thủ tục '{code}' bị trùng (đã có ở dòng {seen[code]}).")
        else:
            seen[code] = line
        for column in ("name", "field"):
            if not cell[column]:
                problems.append(f"Dòng {line}: thiếu cột {column}.")
        level, office = cell["level"], cell["office"]
        if level not in ("commune", "district"):
            problems.append(f"Dòng {line}: cấp thực hiện '{level}' phải là commune hoặc district.")
        if level == "district" and office and office not in office_codes:
            problems.append(f"Dòng {line}: không có phòng chuyên môn mã '{office}'.")
        kind = cell["limit_kind"]
        if kind not in ("days", "hours", "same_day"):
            problems.append(f"Dòng {line}: loại thời hạn '{kind}' phải là days, hours hoặc same_day.")
        amount = _int(cell["limit_amount"], "thời hạn", problems, line)
        cutoff = None
        if kind == "same_day":
            try:
                cutoff = datetime.strptime(cell["cutoff"] or "15:00", "%H:%M").time()
            except ValueError:
                problems.append(f"Dòng {line}: giờ chốt '{cell['cutoff']}' không đúng dạng HH:MM.")
        online_level = _int(cell["online_level"], "mức độ DVC", problems, line)
        if online_level not in (2, 3, 4):
            problems.append(f"Dòng {line}: mức độ DVC phải là 2, 3 hoặc 4.")
        fee = _int(cell["fee"], "phí, lệ phí", problems, line, high=MAX_FEE)
        components = _components(cell["components"], line, problems)
        if len(problems) > before:
            continue
        result.append(
            ProcedureRow(
                line=line,
                code=code,
                name=cell["name"],
                field=cell["field"],
                level=level,
                office=office,
                limit_kind=kind,
                limit_amount=amount,
                cutoff=cutoff,
                online_level=online_level,
                fee=fee,
                interagency=cell["interagency"].casefold() in ("1", "x", "có", "true"),
                agencies=cell["agencies"],
                components=components,
                verified=cell["verified"].casefold() in ("1", "x", "có", "true"),
                source=cell["source"],
                note=cell["note"],
            )
        )
    if not result and not problems:
        problems.append("Tệp không có dòng dữ liệu nào.")
    if problems:
        raise CatalogueError(problems)
    return result
