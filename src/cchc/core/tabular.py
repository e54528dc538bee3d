"""Reading the Provincial Public Service Portal's dossier exports. Pure Python: no Django import.

An export is a spreadsheet (``.xlsx``, ``.xls``) or a ``.csv`` file: a few title lines, then a header row
somewhere in the first 20 rows, then one dossier per row. ``cchc.core.sheet`` opens it and finds the header
(the same reader as for every other file from elsewhere); this module names the export's columns and turns each row's cells into a ``PortalRow`` of Python values, or a ``CellError`` that
says in Vietnamese what is wrong with the row. It knows nothing of units, procedures or the database.

The rules, in one place:

1. **Columns** are recognised by name through the alias table (``COLUMNS`` plus the administrator's own
   aliases): a header cell matches an alias when both fold to the same key — lower case, no diacritics
   (``đ`` → ``d``), no spaces or punctuation, NFC or NFD alike — so "Số hoá hồ sơ", "SỐ HÓA HỒ SƠ" and
   "so hoa  ho-so" are one name (``cchc.core.sheet.header_key``). The first column that matches wins.
2. **The header** is the first of the first 20 rows that holds every required column (Mã hồ sơ, Đơn vị
   tiếp nhận, Ngày tiếp nhận). Without one the file is refused whole (``TableError``), naming what it found.
   Encodings, separators and file formats: ``cchc.core.sheet``.
3. **Dates** are Vietnam local time (Asia/Ho_Chi_Minh): real spreadsheet date cells, Excel serial numbers,
   ``dd/mm/yyyy``, ``dd/mm/yyyy HH:MM[:SS]``, ``HH:MM[:SS] dd/mm/yyyy`` and ISO 8601 (an explicit offset is
   honoured). A date without a time means the start of that day, except for the appointment (Ngày hẹn trả),
   which then means the end of that day (23:59:59): "by 05/11" is met by a result on 05/11.
4. **Amounts** are whole đồng: numbers, or Vietnamese text (``50.000``, ``50.000 đồng``, ``50.000đ``,
   ``50.000,00``); empty, ``0``, ``-`` or "Miễn phí" mean no fee.
5. **Yes/no** cells: Có, x, 1, True, Yes, Đã → yes; Không, 0, False, No, Chưa, ``-`` and empty → no.
6. **States** map to ``cchc.core.lifecycle.State`` by their folded wording, with trailing qualifiers allowed
   ("Đã trả kết quả - đúng hạn"); an unknown wording is an error for that row. An empty state is inferred
   from the dates (returned → result → received). A result state with a return date is "returned".
7. **Levels**: 2, 3, 4, "Mức độ 3", "Toàn trình" (4), "Một phần" (3), "Dịch vụ công" (not online: 2).
8. **A row** is refused when its code or receipt is missing or a date cannot be read, or when its result,
   return or appointment comes before its receipt (compared by day when either side has no time of day),
   or when a date lies outside the system's range (``cchc.core.calendar.check_day``), or when it was
   received after the moment of the import ("Ngày tiếp nhận ở tương lai", as the counter refuses it).
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Callable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta
from functools import lru_cache
from pathlib import Path
from typing import Any

from cchc.core import numbers, sheet
from cchc.core.calendar import VN_TZ, CalendarError, check_day
from cchc.core.lifecycle import State
from cchc.core.sheet import Column, Header, header_key
from cchc.core.sheet import Sheet as Export
from cchc.core.sheet import TableError as TableError
from cchc.core.sheet import is_blank as is_blank
from cchc.core.text import clean, fold


class CellError(ValueError):
    """A cell (or a row) that cannot be read; the message, in Vietnamese, names the column and the value."""


COLUMNS: tuple[Column, ...] = (
    Column("code", "Mã hồ sơ", ("Số hồ sơ", "Ma ho so"), required=True),
    Column("procedure_code", "Mã thủ tục", ("Mã TTHC",)),
    Column("procedure_name", "Tên thủ tục", ("Thủ tục", "Tên TTHC")),
    Column("field", "Lĩnh vực"),
    Column("level", "Mức độ", ("Mức độ DVC", "Mức độ dịch vụ")),
    Column("unit", "Đơn vị tiếp nhận", ("Cơ quan tiếp nhận", "Đơn vị"), required=True),
    Column("channel", "Hình thức nộp", ("Kênh nộp", "Hình thức tiếp nhận")),
    Column("received_at", "Ngày tiếp nhận", ("Thời gian tiếp nhận", "Ngày nhận"), required=True),
    Column("due_at", "Ngày hẹn trả", ("Hạn xử lý", "Ngày hẹn trả kết quả")),
    Column("result_at", "Ngày có kết quả", ("Ngày hoàn thành", "Ngày kết thúc xử lý")),
    Column("returned_at", "Ngày trả kết quả", ("Ngày trả",)),
    Column("state", "Trạng thái", ("Tình trạng",)),
    Column("fee", "Phí, lệ phí", ("Lệ phí", "Phí")),
    Column("paid_online", "Thanh toán trực tuyến", ("Đã thanh toán trực tuyến",)),
    Column("digitised", "Số hóa hồ sơ", ("Số hoá hồ sơ", "Số hóa thành phần")),
    Column("result_digitised", "Số hóa kết quả", ("Số hoá kết quả",)),
    Column("e_result", "Trả kết quả điện tử", ("Kết quả điện tử",)),
    Column("interagency", "Liên thông", ("Hồ sơ liên thông",)),
    Column("national_account", "Tài khoản DVC quốc gia", ("Tạo tài khoản DVCQG",)),
)
COLUMN_BY_KEY = {c.key: c for c in COLUMNS}
REQUIRED = tuple(c.key for c in COLUMNS if c.required)
FLAG_COLUMNS = ("paid_online", "digitised", "result_digitised", "e_result", "interagency", "national_account")


def alias_table(extra: Mapping[str, str] | None = None) -> dict[str, str]:
    """Header key → column key, from ``COLUMNS`` and ``extra`` (alias text → column key; extra wins)."""
    table: dict[str, str] = {}
    for column in COLUMNS:
        for name in (column.label, *column.aliases):
            table[header_key(name)] = column.key
    for alias, key in (extra or {}).items():
        if key not in COLUMN_BY_KEY:
            raise ValueError(f"Cột chuẩn không tồn tại: {key!r}.")
        table[header_key(alias)] = key
    return table


def _cell_text(value: Any) -> str:
    return "" if value is None else clean(str(value))


# --- Cells -------------------------------------------------------------------------------------------------

_EXCEL_EPOCH = datetime(1899, 12, 30)
_DMY = re.compile(
    r"(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})(?:[ T,]+(\d{1,2})[:hg](\d{2})(?::(\d{2}))?)?$", re.IGNORECASE
)
_TIME_DMY = re.compile(r"(\d{1,2})[:hg](\d{2})(?::(\d{2}))?(?:\s*ngày)?[ ,]+(\d{1,2})/(\d{1,2})/(\d{4})$")
_ISO = re.compile(r"\d{4}-\d{2}-\d{2}")
END_OF_DAY = time(23, 59, 59)


def _moment(year: int, month: int, day: int, hour: int, minute: int, second: int, raw: Any) -> datetime:
    try:
        return datetime(year, month, day, hour, minute, second, tzinfo=VN_TZ)
    except ValueError as exc:
        raise CellError(f"ngày không có thật “{raw}”") from exc


def parse_moment(value: Any) -> tuple[datetime, bool] | None:
    """A local moment and whether the cell gave a time of day; ``None`` for an empty cell."""
    if value is None:
        return None
    if isinstance(value, datetime):
        moment = value.astimezone(VN_TZ) if value.tzinfo else value.replace(tzinfo=VN_TZ)
        # A spreadsheet date cell comes as a datetime at midnight: a date, whose appointment is the day's end.
        # (An appointment set at 00:00:00 sharp would be read so too; none is, in office hours.)
        return moment, value.tzinfo is not None or value.time() != time.min
    if isinstance(value, date):
        return datetime.combine(value, time.min, tzinfo=VN_TZ), False
    if isinstance(value, bool):
        raise CellError(f"không phải ngày “{value}”")
    if isinstance(value, int | float):
        if not 1 <= value < 2958466:
            raise CellError(f"không phải ngày “{value}”")
        moment = _EXCEL_EPOCH + timedelta(days=float(value))
        moment = moment.replace(microsecond=0) + timedelta(seconds=round(moment.microsecond / 1e6))
        return moment.replace(tzinfo=VN_TZ), value != int(value)
    text = " ".join(str(value).split())
    if not text:
        return None
    if match := _DMY.match(text):
        d, m, y, hh, mm, ss = match.groups()
        has_time = hh is not None
        moment = _moment(int(y), int(m), int(d), int(hh or 0), int(mm or 0), int(ss or 0), text)
        return moment, has_time
    if match := _TIME_DMY.match(text):
        hh, mm, ss, d, m, y = match.groups()
        return _moment(int(y), int(m), int(d), int(hh), int(mm), int(ss or 0), text), True
    if _ISO.match(text):
        try:
            moment = datetime.fromisoformat(text)
        except ValueError as exc:
            raise CellError(f"ngày không đọc được “{text}”") from exc
        has_time = len(text) > 10
        moment = moment.astimezone(VN_TZ) if moment.tzinfo else moment.replace(tzinfo=VN_TZ)
        return moment, has_time
    raise CellError(f"ngày không đọc được “{text}” (cần dd/mm/yyyy hoặc dd/mm/yyyy HH:MM)")


def parse_date(value: Any, *, end_of_day: bool = False) -> datetime | None:
    """A local moment (rule 3); a date without time is the day's start, or its end with ``end_of_day``."""
    parsed = parse_moment(value)
    if parsed is None:
        return None
    moment, has_time = parsed
    if not has_time and end_of_day:
        moment = datetime.combine(moment.date(), END_OF_DAY, tzinfo=VN_TZ)
    return moment


_AMOUNT_SUFFIX = re.compile(r"(vnd|dong|d)\.?$")
_GROUPED = re.compile(r"\d{1,3}(?:([.,])\d{3})(?:\1\d{3})*")
_NO_FEE = frozenset({"", "0", "-", "khong", "mienphi", "mienlephi", "khongthuphi"})


MAX_AMOUNT = 2_147_483_647  # the largest fee a dossier stores (a 32-bit integer column)


def parse_amount(value: Any) -> int:
    """Whole đồng (rule 4), at most ``MAX_AMOUNT``; the number is bounded before it is read (core.numbers)."""
    if value is None:
        return 0
    if isinstance(value, bool):
        raise CellError(f"số tiền không đọc được “{value}”")
    if isinstance(value, int | float):
        try:
            return numbers.parse_integer(value, label="số tiền", minimum=0, maximum=MAX_AMOUNT)
        except numbers.NumberError as exc:
            raise CellError(f"số tiền không hợp lệ “{str(value)[: numbers.MAX_CHARS]}”") from exc
    amount = _amount_text(str(value))
    if amount > MAX_AMOUNT:
        raise CellError(f"số tiền quá lớn “{value}”")
    return amount


@lru_cache(maxsize=4096)
def _amount_text(value: str) -> int:
    if len(value) > numbers.MAX_CHARS:
        raise CellError(f"số tiền không đọc được “{value[: numbers.MAX_CHARS]}…”")
    text = fold(value).replace(" ", "")
    text = _AMOUNT_SUFFIX.sub("", text)
    if text in _NO_FEE:
        return 0
    integer, _, cents = text.rpartition(",") if re.fullmatch(r"[\d.]+,\d{1,2}", text) else (text, "", "")
    if cents and int(cents):
        raise CellError(f"số tiền có phần lẻ “{value}”")
    if integer.isdigit():
        return int(integer)
    if _GROUPED.fullmatch(integer):
        return int(re.sub(r"[.,]", "", integer))
    if re.fullmatch(r"\d+\.0+", integer):
        return int(integer.split(".")[0])
    raise CellError(f"số tiền không đọc được “{value}”")


_YES = frozenset({"co", "x", "1", "1.0", "true", "yes", "y", "da", "dung"})
_NO = frozenset({"", "khong", "0", "0.0", "false", "no", "n", "chua", "-", "sai"})


def parse_flag(value: Any) -> bool:
    """Yes or no (rule 5)."""
    if value is None:
        return False
    if isinstance(value, bool):
        return value
    if isinstance(value, int | float):
        if value in (0, 1):
            return bool(value)
        raise CellError(f"không phải Có/Không “{value}”")
    return _flag_text(str(value))


@lru_cache(maxsize=1024)
def _flag_text(value: str) -> bool:
    key = fold(value)
    if key in _YES:
        return True
    if key in _NO:
        return False
    raise CellError(f"không phải Có/Không “{value}”")


_STATE_PHRASES: dict[State, tuple[str, ...]] = {
    State.RETURNED: ("da tra ket qua", "tra ket qua", "da tra", "da tra kq", "da tra ket qua cho cong dan"),
    State.RESULT_READY: (
        "da co ket qua",
        "co ket qua",
        "hoan thanh",
        "da hoan thanh",
        "da giai quyet",
        "da xu ly",
        "da xu ly xong",
        "giai quyet xong",
        "cho tra ket qua",
    ),
    State.IN_PROGRESS: (
        "dang xu ly",
        "dang giai quyet",
        "cho xu ly",
        "chuyen xu ly",
        "da chuyen xu ly",
        "dang thu ly",
        "dang tham dinh",
        "cho phe duyet",
        "dang phe duyet",
    ),
    State.RECEIVED: ("da tiep nhan", "tiep nhan", "moi tiep nhan", "cho tiep nhan", "moi"),
    State.SUPPLEMENT_REQUESTED: (
        "cho bo sung",
        "yeu cau bo sung",
        "dang bo sung",
        "bo sung ho so",
        "cho bo sung ho so",
        "tam dung cho bo sung",
    ),
    State.REFUSED: ("tu choi tiep nhan", "tu choi", "da tu choi", "khong tiep nhan", "khong du dieu kien"),
    State.STOPPED: ("dung xu ly", "dung giai quyet", "da dung xu ly", "da dung giai quyet", "tam dung"),
    State.WITHDRAWN: ("rut ho so", "da rut ho so", "cong dan rut ho so", "huy ho so", "rut"),
}
_STATE_BY_PHRASE = {phrase: state for state, phrases in _STATE_PHRASES.items() for phrase in phrases}
_WORDS_ONLY = re.compile(r"[^a-z0-9]+")


def _words(value: Any) -> str:
    return _WORDS_ONLY.sub(" ", fold(str(value))).strip()


def parse_state(value: Any) -> State | None:
    """A dossier state (rule 6); ``None`` for an empty cell."""
    if value is None:
        return None
    return _state_text(str(value))


@lru_cache(maxsize=1024)
def _state_text(value: str) -> State | None:
    key = _words(value)
    if not key:
        return None
    if key in _STATE_BY_PHRASE:
        return _STATE_BY_PHRASE[key]
    prefixes = [p for p in _STATE_BY_PHRASE if key.startswith(p + " ")]
    if prefixes:
        return _STATE_BY_PHRASE[max(prefixes, key=len)]
    raise CellError(f"trạng thái không nhận ra “{_cell_text(value)}”")


def infer_state(result_at: datetime | None, returned_at: datetime | None) -> State:
    if returned_at is not None:
        return State.RETURNED
    if result_at is not None:
        return State.RESULT_READY
    return State.RECEIVED


def parse_level(value: Any) -> int | None:
    """The online service level 2, 3 or 4 (rule 7); ``None`` for an empty cell."""
    if value is None or isinstance(value, bool):
        return None if value is None else _bad_level(value)
    if isinstance(value, int | float):
        return int(value) if value in (2, 3, 4) else _bad_level(value)
    return _level_text(str(value))


@lru_cache(maxsize=1024)
def _level_text(value: str) -> int | None:
    key = _words(value)
    if not key:
        return None
    if "toan trinh" in key:
        return 4
    if "mot phan" in key:
        return 3
    if key in {"dich vu cong", "dvc", "khong truc tuyen", "truc tiep", "cung cap thong tin"}:
        return 2
    digits = re.fullmatch(r"(?:muc do|muc)?\s*([234])", key)
    if digits:
        return int(digits.group(1))
    return _bad_level(value)


def _bad_level(value: Any) -> int:
    raise CellError(f"mức độ không nhận ra “{_cell_text(value)}”")


CHANNELS = ("in_person", "online", "postal")


def parse_channel(value: Any) -> str | None:
    """``in_person``, ``online`` or ``postal``; ``None`` for an empty cell."""
    if value is None:
        return None
    return _channel_text(str(value))


@lru_cache(maxsize=1024)
def _channel_text(value: str) -> str | None:
    key = _words(value)
    if not key:
        return None
    if "buu chinh" in key or key in {"bccı", "bcci", "qua buu dien", "buu dien"}:
        return "postal"
    if "truc tuyen" in key or key in {"qua mang", "online", "dvc", "dien tu", "cong dvc", "qua cong dvc"}:
        return "online"
    if "truc tiep" in key or key in {"tai quay", "tai bo phan mot cua", "mot cua"}:
        return "in_person"
    raise CellError(f"hình thức nộp không nhận ra “{_cell_text(value)}”")


# --- Rows --------------------------------------------------------------------------------------------------


@dataclass(slots=True)
class PortalRow:
    """One dossier as the portal exports it. ``None`` means the column is absent (keep what is stored)."""

    line: int
    code: str
    unit: str
    received_at: datetime
    procedure_code: str = ""
    procedure_name: str = ""
    field: str = ""
    online_level: int | None = None
    channel: str | None = None
    due_at: datetime | None = None
    result_at: datetime | None = None
    returned_at: datetime | None = None
    state: State = State.RECEIVED
    fee: int | None = None
    flags: dict[str, bool] = dataclasses.field(default_factory=dict)

    def fingerprint(self) -> tuple:
        """Everything but the line number: two rows with the same fingerprint say the same thing."""
        return (
            self.code,
            self.unit,
            self.received_at,
            self.procedure_code,
            self.procedure_name,
            self.field,
            self.online_level,
            self.channel,
            self.due_at,
            self.result_at,
            self.returned_at,
            self.state,
            self.fee,
            tuple(sorted(self.flags.items())),
        )


_DATE_LABELS = {
    "received_at": "Ngày tiếp nhận",
    "due_at": "Ngày hẹn trả",
    "result_at": "Ngày có kết quả",
    "returned_at": "Ngày trả kết quả",
}


def _get(cells: Sequence[Any], columns: Mapping[str, int], key: str) -> Any:
    index = columns.get(key)
    if index is None or index >= len(cells):
        return None
    value = cells[index]
    return value.strip() or None if isinstance(value, str) else value


def parse_row(
    line: int, cells: Sequence[Any], columns: Mapping[str, int], *, now: datetime | None = None
) -> PortalRow:
    """Read one data row (rules 3–8); ``CellError`` lists every problem of the row, in Vietnamese.

    ``now`` is the moment of the import: a receipt after it is refused (without it, none is)."""
    problems: list[str] = []

    def read(key: str, parser: Callable[[Any], Any]) -> Any:
        try:
            return parser(_get(cells, columns, key))
        except CellError as error:
            problems.append(f"{COLUMN_BY_KEY[key].label}: {error}")
            return None

    code = _cell_text(_get(cells, columns, "code"))
    unit = _cell_text(_get(cells, columns, "unit"))
    if not code:
        problems.append("Mã hồ sơ: trống")
    elif len(code) > 64:
        problems.append("Mã hồ sơ: dài quá 64 ký tự")
    if not unit:
        problems.append("Đơn vị tiếp nhận: trống")
    moments = {key: read(key, parse_moment) for key in _DATE_LABELS if key in columns}
    if moments.get("received_at") is None and not any(p.startswith("Ngày tiếp nhận") for p in problems):
        problems.append("Ngày tiếp nhận: trống")
    state = read("state", parse_state) if "state" in columns else None
    level = read("level", parse_level) if "level" in columns else None
    channel = read("channel", parse_channel) if "channel" in columns else None
    fee = read("fee", parse_amount) if "fee" in columns else None
    flags = {key: read(key, parse_flag) for key in FLAG_COLUMNS if key in columns}
    for key, value in moments.items():
        if value is not None:
            try:
                check_day(value[0].date(), _DATE_LABELS[key])
            except CalendarError as error:
                problems.append(str(error).rstrip("."))
    received = moments.get("received_at")
    if received is not None and now is not None and received[0] > now:
        problems.append(f"Ngày tiếp nhận ở tương lai ({_shown(received)})")
    if received is not None:
        for key in ("due_at", "result_at", "returned_at"):
            other = moments.get(key)
            if other is not None and _before(other, received):
                problems.append(
                    f"{_DATE_LABELS[key]} ({_shown(other)}) trước Ngày tiếp nhận ({_shown(received)})"
                )
    if problems:
        raise CellError("; ".join(problems))

    def moment(key: str, end_of_day: bool = False) -> datetime | None:
        value = moments.get(key)
        if value is None:
            return None
        when, has_time = value
        return (
            datetime.combine(when.date(), END_OF_DAY, tzinfo=VN_TZ) if end_of_day and not has_time else when
        )

    result_at, returned_at = moment("result_at"), moment("returned_at")
    if state is None:
        state = infer_state(result_at, returned_at)
    elif state == State.RESULT_READY and returned_at is not None:
        state = State.RETURNED
    return PortalRow(
        line=line,
        code=code,
        unit=unit,
        received_at=moment("received_at"),
        procedure_code=_cell_text(_get(cells, columns, "procedure_code")),
        procedure_name=_cell_text(_get(cells, columns, "procedure_name")),
        field=_cell_text(_get(cells, columns, "field")),
        online_level=level,
        channel=channel,
        due_at=moment("due_at", end_of_day=True),
        result_at=result_at,
        returned_at=returned_at,
        state=state,
        fee=fee,
        flags=flags,
    )


def _before(later: tuple[datetime, bool], earlier: tuple[datetime, bool]) -> bool:
    """Whether ``later`` is really before ``earlier``; by day when either has no time of day."""
    (a, a_time), (b, b_time) = later, earlier
    return a < b if a_time and b_time else a.date() < b.date()


def _shown(value: tuple[datetime, bool]) -> str:
    moment, has_time = value
    return f"{moment:%d/%m/%Y %H:%M}" if has_time else f"{moment:%d/%m/%Y}"


# --- Files -------------------------------------------------------------------------------------------------


def find_header(
    rows: Iterator[Sequence[Any]], aliases: Mapping[str, str]
) -> tuple[Header, Iterator[tuple[int, Sequence[Any]]]]:
    """Find the export's header in the first 20 rows (``cchc.core.sheet``, rule 2)."""
    return sheet.find_header(rows, _layout(aliases))


def open_export(path: Path | str, aliases: Mapping[str, str], *, name: str | None = None) -> Export:
    """Open ``path`` by its content (``name`` gives the original file name for messages and CSV files)."""
    return sheet.open_sheet(path, _layout(aliases), name=name)


def _layout(aliases: Mapping[str, str]) -> sheet.Layout:
    return sheet.Layout(aliases, REQUIRED, {c.key: c.label for c in COLUMNS})
