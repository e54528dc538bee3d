"""A deliberately naive second implementation of the figures, from docs/import.md and docs/indicators.md.

Plain Python over the rows of an export file read back with ``csv`` or ``openpyxl``: one loop over them, no
database, nothing imported from ``cchc``. Where it and the product disagree, the documentation decides.

All moments here are naive datetimes of Vietnam local time (Asia/Ho_Chi_Minh), as the export writes them.
"""

from __future__ import annotations

import csv
import re
import unicodedata
from dataclasses import dataclass, replace
from datetime import date, datetime, time, timedelta, timezone
from fractions import Fraction
from pathlib import Path

from openpyxl import load_workbook

from tests.truth.exports import HEADERS, UNITS

INDICATORS = [
    "online_rate",
    "online_payment_rate",
    "digitised_rate",
    "e_result_rate",
    "on_time_rate",
    "overdue_open",
    "portal_sync_rate",
    "level2_account_rate",
    "level2_result_digitised_rate",
    "level4_rate",
    "slips_printed_rate",
    "interagency_online_rate",
]
# The notice's indicators, which the dashboard and the reports show; the CLI and the API give every indicator.
NOTICE_INDICATORS = list(INDICATORS)
INDICATORS += ["satisfaction_rate", "rating_coverage_rate"]
# The indicators as the reports and pages name them (in Vietnamese).
NAMES = {
    "Tỷ lệ hồ sơ trực tuyến (DVC mức độ 3, 4)": "online_rate",
    "Tỷ lệ thanh toán trực tuyến": "online_payment_rate",
    "Tỷ lệ số hóa hồ sơ": "digitised_rate",
    "Tỷ lệ trả kết quả điện tử": "e_result_rate",
    "Tỷ lệ hồ sơ mức độ 2 có tài khoản DVC quốc gia": "level2_account_rate",
    "Tỷ lệ hồ sơ mức độ 2 số hóa kết quả": "level2_result_digitised_rate",
    "Tỷ lệ hồ sơ cập nhật lên Cổng DVC tỉnh": "portal_sync_rate",
    "Tỷ lệ hồ sơ đã in giấy tiếp nhận và phiếu kiểm soát": "slips_printed_rate",
    "Tỷ lệ hồ sơ DVC mức độ 4 nộp trực tuyến": "level4_rate",
    "Tỷ lệ hồ sơ liên thông nộp trực tuyến": "interagency_online_rate",
    "Tỷ lệ giải quyết đúng hạn": "on_time_rate",
    "Số hồ sơ quá hạn chưa giải quyết": "overdue_open",
}
DISTRICT = "360"
END_OF_DAY = time(23, 59, 59)


def fold(text: str) -> str:
    """Lower case, no diacritics (đ → d), words of letters and digits separated by one space."""
    bare = unicodedata.normalize("NFD", str(text).replace("đ", "d").replace("Đ", "D"))
    bare = "".join(c for c in bare if not unicodedata.combining(c)).lower()
    return " ".join(re.sub(r"[^a-z0-9]+", " ", bare).split())


def _key(text: str) -> str:
    return fold(text).replace(" ", "")


ALIASES = {_key(name): key for key, names in HEADERS.items() for name in names}
REQUIRED = ("code", "unit", "received")

# docs/import.md, "Cells": the state words, each a prefix (trailing qualifiers allowed).
STATE_WORDS = [
    ("da tra ket qua", "returned"),
    ("da co ket qua", "result"),
    ("hoan thanh", "result"),
    ("da giai quyet", "result"),
    ("dang xu ly", "open"),
    ("dang giai quyet", "open"),
    ("cho xu ly", "open"),
    ("da tiep nhan", "received"),
    ("cho bo sung", "waiting"),
    ("yeu cau bo sung", "waiting"),
    ("tu choi tiep nhan", "refused"),
    ("dung xu ly", "stopped"),
    ("dung giai quyet", "stopped"),
    ("rut ho so", "withdrawn"),
]
RESULT_STATES = ("returned", "result")
CLOSED_STATES = ("refused", "stopped", "withdrawn")


@dataclass
class Dossier:
    code: str
    unit: str
    level: int
    channel: str
    received: datetime
    due: datetime
    result: datetime | None
    state: str
    fee: int
    paid_online: bool
    digitised: bool
    result_digitised: bool
    e_result: bool
    interagency: bool
    national_account: bool
    returned: bool = False  # the export gives a return date
    recorded: datetime | None = None  # None: recorded before any moment asked about
    waited_until: datetime | None = None  # an import said it was waiting, a later one that it no longer was


class RowError(ValueError):
    pass


# --- Reading the file ---------------------------------------------------------------------------------------


def _rows(path: Path) -> list[list[object]]:
    """The rows of the first sheet (with each date cell's "has a time of day"), or of the CSV."""
    if path.suffix == ".xlsx":
        sheet = load_workbook(path).worksheets[0]
        rows = []
        for line in sheet.iter_rows():
            cells = []
            for cell in line:
                value = cell.value
                if isinstance(value, datetime) and "h" not in cell.number_format.lower():
                    value = value.date()  # a date cell shown without a time: a date without a time
                cells.append(value)
            rows.append(cells)
        return rows
    data = path.read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = unicodedata.normalize("NFC", data.decode("cp1258"))
    for delimiter in (",", ";", "\t"):
        rows = list(csv.reader(text.splitlines(), delimiter=delimiter))
        if _header_at(rows) is not None:
            return rows
    raise RowError("no header")


def _header_at(rows: list[list[object]]) -> int | None:
    for index, row in enumerate(rows[:20]):
        keys = {ALIASES.get(_key(c)) for c in row if c is not None}
        if all(k in keys for k in REQUIRED):
            return index
    return None


def _moment(value: object) -> tuple[datetime, bool] | None:
    """A local moment and whether the cell gave a time of day."""
    if value is None or value == "":
        return None
    if isinstance(value, datetime):
        return value.replace(tzinfo=None), True
    if isinstance(value, date):
        return datetime(value.year, value.month, value.day), False
    if isinstance(value, int | float):
        moment = datetime(1899, 12, 30) + timedelta(days=value)
        return moment.replace(microsecond=0) + timedelta(
            seconds=round(moment.microsecond / 1e6)
        ), value != int(value)
    text = " ".join(str(value).split())
    if m := re.fullmatch(r"(\d{1,2})/(\d{1,2})/(\d{4})(?: (\d{1,2}):(\d{2})(?::(\d{2}))?)?", text):
        d, mo, y, h, mi, sec = m.groups()
        return datetime(int(y), int(mo), int(d), int(h or 0), int(mi or 0), int(sec or 0)), h is not None
    if m := re.fullmatch(r"(\d{1,2}):(\d{2}) (\d{1,2})/(\d{1,2})/(\d{4})", text):
        h, mi, d, mo, y = m.groups()
        return datetime(int(y), int(mo), int(d), int(h), int(mi)), True
    if re.fullmatch(r"\d{4}-\d{2}-\d{2}T.*", text):
        moment = datetime.fromisoformat(text)
        local = moment.astimezone(timezone(timedelta(hours=7))) if moment.tzinfo else moment
        return local.replace(tzinfo=None), True
    raise RowError(f"date {value!r}")


def _flag(value: object) -> bool:
    if value is None or isinstance(value, bool):
        return bool(value)
    if isinstance(value, int | float):
        return value == 1
    word = fold(str(value))
    if word in {"co", "x", "1", "true", "yes", "da"}:
        return True
    if word in {"khong", "0", "false", "no", "chua", ""} or str(value).strip() == "-":
        return False
    raise RowError(f"yes/no {value!r}")


def _amount(value: object) -> int:
    if value is None:
        return 0
    if isinstance(value, int | float):
        return int(value)
    text = fold(str(value))
    if text in {"", "mien phi", "0"} or str(value).strip() == "-":
        return 0
    text = re.sub(r"\s*(dong|vnd|d)$", "", text).replace(" ", "")
    text = re.sub(r",00$", "", text)
    return int(text.replace(".", ""))


def _level(value: object) -> int:
    if isinstance(value, int):
        return value
    word = fold(str(value))
    if word == "toan trinh":
        return 4
    if word == "mot phan":
        return 3
    if word == "dich vu cong":
        return 2
    return int(word.removeprefix("muc do ").strip())


def _channel(value: object) -> str:
    word = fold(str(value or ""))
    if word == "truc tuyen":
        return "online"
    if word.startswith("buu chinh"):
        return "postal"
    return "in_person"


def _state(value: object, has_result: bool, has_return: bool) -> str:
    word = fold(str(value or ""))
    if not word:
        return "returned" if has_return else "result" if has_result else "received"
    for phrase, state in STATE_WORDS:
        if word == phrase or word.startswith(phrase + " "):
            return state
    raise RowError(f"state {value!r}")


def _unit(value: object) -> str:
    text = fold(str(value or ""))
    text = re.sub(r" huyen y yen$", "", text)
    if text in UNITS:
        return text
    for code in UNITS:
        if fold(code) == text:
            return code
    text = re.sub(r"^(uy ban nhan dan|ubnd) ", "", text)
    text = re.sub(r"^(xa|thi tran|phong) ", "", text)
    for code, (_, bare) in UNITS.items():
        if fold(bare) == text:
            return code
    raise RowError(f"unit {value!r}")


def _before(later: tuple[datetime, bool], earlier: tuple[datetime, bool]) -> bool:
    if later[1] and earlier[1]:
        return later[0] < earlier[0]
    return later[0].date() < earlier[0].date()


def read(path: Path, *, recorded: datetime | None = None) -> tuple[list[Dossier], int]:
    """The dossiers an export holds, and how many of its rows are errors (docs/import.md)."""
    rows = _rows(path)
    at = _header_at(rows)
    columns: dict[str, int] = {}
    for index, cell in enumerate(rows[at]):
        key = ALIASES.get(_key(cell)) if cell is not None else None
        if key and key not in columns:
            columns[key] = index
    dossiers, errors, seen = [], 0, {}
    for row in rows[at + 1 :]:
        if all(c is None or str(c).strip() == "" for c in row):
            continue

        def cell(key: str, row: list[object] = row) -> object:
            index = columns.get(key)
            value = row[index] if index is not None and index < len(row) else None
            return value.strip() if isinstance(value, str) else value

        code, known = str(cell("code")), tuple(cell(key) for key in columns)
        if code in seen:
            errors += seen[code] != known  # the same row again is skipped; another row of the code, an error
            continue
        seen[code] = known
        try:
            dossiers.append(_dossier(cell, recorded))
        except RowError:
            errors += 1
    return dossiers, errors


def _dossier(cell, recorded: datetime | None) -> Dossier:
    received, due, result, returned = (_moment(cell(k)) for k in ("received", "due", "result", "returned"))
    if not cell("code") or received is None:
        raise RowError("code or receipt missing")
    for other in (due, result, returned):
        if other is not None and _before(other, received):
            raise RowError("before the receipt")
    if due is None:
        raise RowError("no appointment (the exports always give one)")
    due_at = due[0] if due[1] else datetime.combine(due[0].date(), END_OF_DAY)
    return Dossier(
        code=str(cell("code")),
        unit=_unit(cell("unit")),
        level=_level(cell("level")),
        channel=_channel(cell("channel")),
        received=received[0],
        due=due_at,
        result=None if result is None else result[0],
        state=_state(cell("state"), result is not None, returned is not None),
        fee=_amount(cell("fee")),
        paid_online=_flag(cell("paid_online")),
        digitised=_flag(cell("digitised")),
        result_digitised=_flag(cell("result_digitised")),
        e_result=_flag(cell("e_result")),
        interagency=_flag(cell("interagency")),
        national_account=_flag(cell("national_account")),
        returned=returned is not None,
        recorded=recorded,
    )


def merged(*exports: list[Dossier]) -> list[Dossier]:
    """Exports imported one after the other (``recorded``: each one's import moment). A later export's values
    replace an earlier's, as they stand (docs/indicators.md, "facts without a date"); a dossier stays recorded
    since its first import; one that an export said was waiting and a later one says is no longer waiting
    stopped waiting at that later import (its appointment the portal's)."""
    by_code: dict[str, Dossier] = {}
    for dossiers in exports:
        for d in dossiers:
            before = by_code.get(d.code)
            if before is not None:
                waited_until = before.waited_until
                if before.state == "waiting" and d.state != "waiting":
                    waited_until = d.recorded  # the moment of this import
                if d.state == "waiting":
                    waited_until = None  # waiting again: since its receipt
                d = replace(d, recorded=before.recorded, waited_until=waited_until)
            by_code[d.code] = d
    return list(by_code.values())


# --- Periods ------------------------------------------------------------------------------------------------


def period(text: str) -> tuple[date, date]:
    """``2022-11`` (a month), ``mtd:2022-11-18`` (the month up to that day), ``rw:2022-11-10`` (the report
    week, Friday to Thursday, that holds that day)."""
    if text.startswith("mtd:"):
        day = date.fromisoformat(text[4:])
        return day.replace(day=1), day
    if text.startswith("rw:"):
        day = date.fromisoformat(text[3:])
        friday = day - timedelta(days=(day.weekday() - 4) % 7)
        return friday, friday + timedelta(days=6)
    year, month = map(int, text.split("-"))
    first = date(year, month, 1)
    following = date(year + month // 12, month % 12 + 1, 1)
    return first, following - timedelta(days=1)


# --- Figures (docs/indicators.md) ---------------------------------------------------------------------------


def counted(d: Dossier, known_at: datetime) -> bool:
    """Recorded by "known at"; never a refused one; never a withdrawn one whose moment is unknown (import)."""
    if d.recorded is not None and d.recorded > known_at:
        return False
    return d.state not in ("refused", "withdrawn")


def open_at(d: Dossier, moment: datetime) -> bool:
    if d.received > moment:
        return False
    if d.result is not None and d.result <= moment:
        return False
    if d.state in RESULT_STATES and d.result is None:
        return False  # ended, at a moment nobody knows
    return d.state not in CLOSED_STATES  # an import never gives the moment of closing


def waiting_at(d: Dossier, moment: datetime) -> bool:
    """An imported dossier waiting for a supplement waits since its receipt, until an import says otherwise."""
    return d.state == "waiting" or (d.waited_until is not None and moment < d.waited_until)


def overdue_at(d: Dossier, moment: datetime) -> bool:
    """Open, not waiting for a supplement, past its appointment."""
    return open_at(d, moment) and not waiting_at(d, moment) and d.due < moment


def figures(
    dossiers: list[Dossier], *, start: date, end: date, as_of: datetime, known_at: datetime
) -> dict[str, dict[str, tuple[int, int | None]]]:
    """{unit code: {indicator: (numerator, denominator)}} and the district's sums under ``"360"``."""
    tally: dict[str, dict[str, list[int]]] = {}

    def add(unit: str, indicator: str, denominator: bool, numerator: bool) -> None:
        cell = tally.setdefault(unit, {}).setdefault(indicator, [0, 0])
        cell[0] += bool(denominator and numerator)
        cell[1] += bool(denominator)

    for d in dossiers:
        if not counted(d, known_at):
            continue
        received = start <= d.received.date() <= end and d.received <= as_of
        result = (
            d.result is not None
            and d.state != "stopped"
            and start <= d.result.date() <= end
            and d.result <= as_of
        )
        online = d.channel == "online"
        if received:
            add(d.unit, "online_rate", d.level in (3, 4), online)
            add(d.unit, "online_payment_rate", d.fee > 0, d.paid_online)
            add(d.unit, "digitised_rate", True, d.digitised)
            add(d.unit, "portal_sync_rate", True, True)  # an imported dossier is on the portal
            add(d.unit, "level2_account_rate", d.level == 2, d.national_account)
            add(d.unit, "level4_rate", True, d.level == 4 and online)
            add(d.unit, "slips_printed_rate", False, False)  # only counter dossiers
            add(d.unit, "interagency_online_rate", d.interagency, online)
        if result:
            add(d.unit, "e_result_rate", True, d.e_result)
            add(d.unit, "on_time_rate", True, d.result <= d.due)
            add(d.unit, "level2_result_digitised_rate", d.level == 2, d.result_digitised)
            # A portal export carries no citizen's rating: none is rated, every returned one could be.
            add(d.unit, "satisfaction_rate", False, False)
            add(d.unit, "rating_coverage_rate", d.returned, False)
        if overdue_at(d, as_of):
            add(d.unit, "overdue_open", True, True)
    out: dict[str, dict[str, tuple[int, int | None]]] = {}
    for unit, cells in tally.items():
        out[unit] = {i: (n, None if i == "overdue_open" else den) for i, (n, den) in cells.items()}
    district: dict[str, tuple[int, int | None]] = {}
    for cells in out.values():
        for indicator, (n, den) in cells.items():
            was_n, was_d = district.get(indicator, (0, None if indicator == "overdue_open" else 0))
            district[indicator] = (was_n + n, None if den is None else was_d + den)
    out[DISTRICT] = district
    return out


def figure(table: dict, unit: str, indicator: str) -> tuple[int, int | None]:
    """A cell of ``figures``; a unit or indicator without any dossier is 0 of 0 (a count: 0)."""
    return table.get(unit, {}).get(indicator, (0, None if indicator == "overdue_open" else 0))


def shown(figure: tuple[int, int | None]) -> str:
    """As the reports print a figure: "85,0%" (half up, one decimal), a count as is, "không phát sinh"."""
    numerator, denominator = figure
    if denominator is None:
        return str(numerator)
    if denominator == 0:
        return "không phát sinh"
    tenths, remainder = divmod(numerator * 1000, denominator)
    tenths += remainder * 2 >= denominator
    return f"{tenths // 10},{tenths % 10}%"


def overdue_codes(
    dossiers: list[Dossier], moment: datetime, *, known_at: datetime, unit: str | None = None
) -> set:
    """The codes of the dossiers overdue at ``moment`` (of ``unit``, or of every unit)."""
    return {
        d.code for d in dossiers if counted(d, known_at) and overdue_at(d, moment) and unit in (None, d.unit)
    }


# --- Targets (docs/indicators.md: "Targets", "Exact", "No data") -------------------------------------------

SOURCE = Path(__file__).resolve().parents[2] / "src" / "cchc"
TARGETS_FILE = SOURCE / "kpis" / "data" / "targets-notice-2022.csv"  # data, read as a file
UNITS_FILE = SOURCE / "units" / "data" / "y-yen-2022.csv"


def targets(on: date) -> dict[str, dict[str, tuple[str, Fraction]]]:
    """{unit code: {indicator: (comparison, value)}} in force on ``on``: a unit's own over its kind's."""
    kinds = {row["code"]: row["kind"] for row in csv.DictReader(UNITS_FILE.open(encoding="utf-8"))}
    by_kind: dict[str, dict] = {}
    by_unit: dict[str, dict] = {}
    for row in csv.DictReader(TARGETS_FILE.open(encoding="utf-8")):
        if not date.fromisoformat(row["valid_from"]) <= on <= date.fromisoformat(row["valid_to"]):
            continue
        holder = (
            by_unit.setdefault(row["unit"], {}) if row["unit"] else by_kind.setdefault(row["unit_kind"], {})
        )
        holder[row["indicator"]] = (row["comparison"], Fraction(row["value"]))
    return {code: {**by_kind.get(kind, {}), **by_unit.get(code, {})} for code, kind in kinds.items()}


def value(figure: tuple[int, int | None]) -> float | None:
    """The figure as a number: the count, or the percentage rounded half up to one decimal; None: no data."""
    numerator, denominator = figure
    if denominator is None:
        return numerator
    if denominator == 0:
        return None
    return float(shown(figure).rstrip("%").replace(",", "."))


def met(figure: tuple[int, int | None], target: tuple[str, Fraction] | None) -> bool | None:
    """Compared exactly: 8499/10000 does not meet 85%. No data or no target: None."""
    numerator, denominator = figure
    if target is None or denominator == 0:
        return None
    comparison, bound = target
    measured = Fraction(numerator) if denominator is None else Fraction(numerator * 100, denominator)
    return measured >= bound if comparison == ">=" else measured <= bound
