"""Reading a spreadsheet that comes from elsewhere. Pure Python: no Django import.

Every file cchc accepts from outside — the provincial portal's exports, PAR index sets, procedure catalogues,
unit files — is read here, by one set of rules, so that a file that opens in one place opens in all of them:

1. **Formats.** ``.xlsx`` (first sheet), ``.xls`` (first sheet) and ``.csv``, told apart by their content (the
   name only breaks a tie). A CSV is UTF-8 (with or without BOM), else Windows-1258, else Windows-1252 —
   whichever finds the header; its separator is the comma, the semicolon or the tab, whichever is most
   frequent in the first rows. An ``.xlsx`` that would expand like a zip bomb is refused before it is opened.
2. **The header** is the first of the first 20 rows that names every required column: a title block, blank
   rows, comment lines and merged title cells above it are skipped. Without one the file is refused whole
   (``TableError``), naming the missing columns and what the best row held.
3. **Columns** are recognised by name through an alias table: a header cell matches an alias when both fold
   to the same key (``header_key``) — lower case, no diacritics (``đ`` → ``d``), no spaces or punctuation,
   NFC or NFD alike — so "Điểm tối đa", "ĐIỂM TỐI ĐA" and "diem toi-da" are one name. The first column that
   matches a name wins; a header cell merged over several columns names the first of them.
4. **Rows** keep their real line number in the file (the spreadsheet row, or the CSV record), so that every
   message can say "Dòng 12". Blank rows are skipped.
5. **Merged cells** in a reference file (``read_records``, ``.xlsx``): a cell merged down over several rows
   holds its value for every row of the range (a field written once beside all its procedures); a row whose
   only values come from a cell merged down from above is a continuation of that row, not a row of its own.
   The portal's exports are streamed (``open_sheet``) and read a merged cell in its top-left corner only.
6. **Cell text** (``cell_text``) is NFC, without control characters, spaces collapsed; a whole number stored
   as a real (``12.0``) is written ``12``; a date is ``yyyy-mm-dd``, a date and time ``yyyy-mm-dd HH:MM``, a
   time ``HH:MM``; yes/no cells are ``1``/``0``.
"""

from __future__ import annotations

import codecs
import csv
import io
import re
import unicodedata
import zipfile
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, time
from pathlib import Path
from typing import Any, BinaryIO

from cchc.core.text import clean, fold, nul_problem
from cchc.core.xlsx import expansion_problem

HEADER_SEARCH_ROWS = 20
XLSX_MAGIC = b"PK\x03\x04"
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
LEGACY_ENCODINGS = ("cp1258", "cp1252")
_SAMPLE_BYTES = 256 * 1024
_NOT_ALNUM = re.compile(r"[^a-z0-9]+")


class TableError(ValueError):
    """A file refused whole: unreadable, of an unknown format, or without the required columns."""


@dataclass(frozen=True)
class Column:
    key: str
    label: str
    aliases: tuple[str, ...] = ()
    required: bool = False


def header_key(text: Any) -> str:
    """The key two header names share when they are "the same": folded, letters and digits only."""
    if text is None:
        return ""
    return _NOT_ALNUM.sub("", fold(str(text)))


@dataclass(frozen=True)
class Layout:
    """What a kind of file holds: header key → column key, the required columns, and their labels."""

    aliases: Mapping[str, str]
    required: tuple[str, ...]
    labels: Mapping[str, str]

    @classmethod
    def of(cls, columns: Iterable[Column]) -> Layout:
        """The layout of ``columns``, each named by its label or any of its aliases."""
        columns = tuple(columns)
        aliases = {header_key(name): c.key for c in columns for name in (c.label, *c.aliases)}
        required = tuple(c.key for c in columns if c.required)
        return cls(aliases, required, {c.key: c.label for c in columns})


@dataclass(frozen=True)
class Header:
    """The header row: its 1-based row number, its cells as written, and where each column is."""

    row_number: int
    cells: tuple[str, ...]
    columns: dict[str, int]

    @property
    def ignored(self) -> list[str]:
        used = set(self.columns.values())
        return [c for i, c in enumerate(self.cells) if c and i not in used]


def match_header(cells: Sequence[Any], aliases: Mapping[str, str]) -> dict[str, int]:
    """Column key → index of the first cell of ``cells`` that names it."""
    found: dict[str, int] = {}
    for index, cell in enumerate(cells):
        key = aliases.get(header_key(cell))
        if key is not None and key not in found:
            found[key] = index
    return found


def _shown(value: Any) -> str:
    return "" if value is None else unicodedata.normalize("NFC", str(value)).strip()


def find_header(
    rows: Iterator[Sequence[Any]], layout: Layout
) -> tuple[Header, Iterator[tuple[int, Sequence[Any]]]]:
    """Find the header in the first 20 rows; return it and the numbered data rows that follow it."""
    buffer: list[Sequence[Any]] = []
    for row in rows:
        buffer.append(row)
        columns = match_header(row, layout.aliases)
        if all(key in columns for key in layout.required):
            number = len(buffer)
            header = Header(number, tuple(_shown(c) for c in row), columns)
            return header, enumerate(rows, start=number + 1)
        if len(buffer) >= HEADER_SEARCH_ROWS:
            break
    raise TableError(_missing_header_message(buffer, layout))


def _missing_header_message(buffer: list[Sequence[Any]], layout: Layout) -> str:
    if not any(any(_shown(c) for c in row) for row in buffer):
        return "Tệp trống: không có dòng nào có dữ liệu."
    best = max(
        buffer, key=lambda row: (len(match_header(row, layout.aliases)), sum(bool(_shown(c)) for c in row))
    )
    found = match_header(best, layout.aliases)
    missing = [layout.labels[k] for k in layout.required if k not in found]
    shown = [_shown(c)[:40] for c in best if _shown(c)][:15]
    return (
        f"Không tìm thấy dòng tiêu đề có đủ các cột bắt buộc trong {HEADER_SEARCH_ROWS} dòng đầu: "
        f"thiếu {', '.join(missing)}. Các cột tìm thấy: {', '.join(shown) or '(không có)'}."
    )


def is_blank(cells: Sequence[Any]) -> bool:
    return all(c is None or (isinstance(c, str) and not c.strip()) for c in cells)


def cell_text(value: Any, *, lines: bool = False) -> str:
    """A cell as text (rule 6), through the documented normalisation (``cchc.core.text.clean``): one line, or,
    for a column that allows them (``lines``), its lines kept."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return f"{value:%Y-%m-%d}" if value.time() == time.min else f"{value:%Y-%m-%d %H:%M}"
    if isinstance(value, date):
        return f"{value:%Y-%m-%d}"
    if isinstance(value, time):
        return f"{value:%H:%M}"
    return clean(str(value), lines=lines)


# --- Files -------------------------------------------------------------------------------------------------


@dataclass
class Sheet:
    """An opened file: its header, its numbered data rows (a stream), and how far the reading has got."""

    header: Header
    rows: Iterator[tuple[int, Sequence[Any]]]
    kind: str
    encoding: str | None = None
    progress: Callable[[], float | None] = lambda: None
    close: Callable[[], None] = lambda: None


def open_sheet(source: Path | str | bytes, layout: Layout, *, name: str | None = None) -> Sheet:
    """Open a file (a path, or its bytes with its ``name``) by its content and find its header (rules 1–4).

    The rows are streamed, merged cells read in their top-left corner: this is the reader for large files.
    """
    if isinstance(source, bytes):
        shown = name or "được nạp"
        head, size = source[:8], len(source)
    else:
        path = Path(source)
        shown = name or path.name
        try:
            with path.open("rb") as handle:
                head = handle.read(8)
            size = path.stat().st_size
        except OSError as exc:
            raise TableError(f"Không đọc được tệp {shown}: {exc.strerror}.") from exc
    if size == 0:
        raise TableError(f"Tệp {shown} trống (0 byte).")
    suffix = Path(shown).suffix.lower()
    if head.startswith(XLSX_MAGIC):
        return _open_xlsx(source, layout, shown)
    if head.startswith(OLE_MAGIC):
        return _open_xls(source, layout, shown)
    if suffix in (".xlsx", ".xlsm", ".xls"):
        raise TableError(
            f"Tệp {shown} không phải bảng tính Excel đọc được (nội dung không đúng định dạng {suffix})."
        )
    if suffix in (".csv", ".txt") or isinstance(source, bytes) and not suffix:
        return _open_csv(source, layout, shown)
    raise TableError(f"Định dạng tệp {shown} không được hỗ trợ: chỉ nhận .xlsx, .xls và .csv.")


def _binary(source: Path | str | bytes) -> BinaryIO:
    return io.BytesIO(source) if isinstance(source, bytes) else Path(source).open("rb")


def _guarded(rows: Iterator[Any], shown: str, errors: tuple[type[BaseException], ...]) -> Iterator[Any]:
    try:
        yield from rows
    except errors as exc:
        raise TableError(f"Tệp {shown} hỏng giữa chừng, không đọc tiếp được ({exc}).") from exc


def _xlsx_errors() -> tuple[type[BaseException], ...]:
    from openpyxl.utils.exceptions import InvalidFileException

    errors: tuple[type[BaseException], ...] = (
        zipfile.BadZipFile,
        KeyError,
        InvalidFileException,
        OSError,
        ValueError,
        TypeError,
        EOFError,
    )
    try:
        from lxml.etree import LxmlError

        errors = (*errors, LxmlError)
    except ImportError:  # pragma: no cover - lxml is optional for openpyxl
        pass
    return errors


def _load_xlsx(source: Path | str | bytes, shown: str, *, read_only: bool) -> tuple[Any, Any]:
    import openpyxl

    errors = _xlsx_errors()
    with _binary(source) as handle:
        problem = expansion_problem(handle)
    if problem:
        raise TableError(f"Tệp {shown} bị từ chối: {problem}.")
    try:
        book = openpyxl.load_workbook(
            io.BytesIO(source) if isinstance(source, bytes) else source, read_only=read_only, data_only=True
        )
        return book, book.worksheets[0]
    except errors as exc:
        raise TableError(f"Tệp {shown} không phải bảng tính .xlsx đọc được ({type(exc).__name__}).") from exc
    except IndexError as exc:
        raise TableError(f"Tệp {shown} không có trang tính nào.") from exc


def _open_xlsx(source: Path | str | bytes, layout: Layout, shown: str) -> Sheet:
    book, sheet = _load_xlsx(source, shown, read_only=True)
    declared = sheet.max_row if isinstance(sheet.max_row, int) else None
    sheet.reset_dimensions()
    raw = _guarded(sheet.iter_rows(values_only=True), shown, _xlsx_errors())
    try:
        header, rows = find_header(raw, layout)
    except TableError:
        book.close()
        raise
    state = {"line": header.row_number}

    def counted() -> Iterator[tuple[int, Sequence[Any]]]:
        for line, cells in rows:
            state["line"] = line
            yield line, cells

    def progress() -> float | None:
        return min(state["line"] / declared, 1.0) if declared and declared > 1 else None

    return Sheet(header, counted(), "xlsx", progress=progress, close=book.close)


def _open_xls(source: Path | str | bytes, layout: Layout, shown: str) -> Sheet:
    try:
        import xlrd
    except ImportError as exc:  # pragma: no cover - xlrd is a dependency
        raise TableError("Chưa cài thư viện đọc tệp .xls (xlrd).") from exc
    try:
        if isinstance(source, bytes):
            book = xlrd.open_workbook(file_contents=source, on_demand=True)
        else:
            book = xlrd.open_workbook(str(source), on_demand=True)
        sheet = book.sheet_by_index(0)
    except Exception as exc:  # xlrd raises many kinds of errors on a damaged file
        raise TableError(f"Tệp {shown} không phải bảng tính .xls đọc được ({type(exc).__name__}).") from exc

    def value(cell: Any) -> Any:
        if cell.ctype == xlrd.XL_CELL_DATE:
            try:
                return xlrd.xldate.xldate_as_datetime(cell.value, book.datemode)
            except (ValueError, OverflowError):
                return cell.value
        if cell.ctype == xlrd.XL_CELL_BOOLEAN:
            return bool(cell.value)
        if cell.ctype in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
            return None
        return cell.value

    def raw() -> Iterator[list[Any]]:
        for index in range(sheet.nrows):
            yield [value(c) for c in sheet.row(index)]

    header, rows = find_header(raw(), layout)
    state = {"line": header.row_number}

    def counted() -> Iterator[tuple[int, Sequence[Any]]]:
        for line, cells in rows:
            state["line"] = line
            yield line, cells

    return Sheet(
        header,
        counted(),
        "xls",
        progress=lambda: state["line"] / sheet.nrows if sheet.nrows else None,
        close=book.release_resources,
    )


def _open_csv(source: Path | str | bytes, layout: Layout, shown: str) -> Sheet:
    """UTF-8 (with or without BOM) first; else Windows-1258, else Windows-1252, whichever finds the header."""
    with _binary(source) as handle:
        sample = handle.read(_SAMPLE_BYTES)
    if b"\x00" in sample:
        raise TableError(f"Tệp {shown} không phải tệp văn bản CSV (có byte 0: có thể là tệp nhị phân).")
    candidates: list[str]
    if sample.startswith(codecs.BOM_UTF8):
        candidates = ["utf-8-sig"]
    else:
        try:
            codecs.getincrementaldecoder("utf-8")().decode(sample, final=len(sample) < _SAMPLE_BYTES)
            candidates = ["utf-8"]
        except UnicodeDecodeError:
            candidates = list(LEGACY_ENCODINGS)
    best: tuple[int, str] | None = None
    last_error: TableError | None = None
    for encoding in candidates:
        try:
            text = sample.decode(encoding, errors="strict")
        except UnicodeDecodeError:
            if encoding.startswith("utf-8"):
                text = sample.decode(encoding, errors="ignore")
            else:
                continue
        lines = list(csv.reader(io.StringIO(_nfc(text)), _dialect(text)))[:HEADER_SEARCH_ROWS]
        try:
            find_header(iter(lines), layout)
        except TableError as error:
            last_error = error
            score = max((len(match_header(row, layout.aliases)) for row in lines), default=0)
            if best is None or score > best[0]:
                best = (score, encoding)
            continue
        return _csv_sheet(source, layout, shown, encoding, _dialect(text))
    if last_error is not None:
        raise TableError(f"{last_error} (Tệp {shown} đọc theo bảng mã {best[1] if best else candidates[0]}.)")
    raise TableError(
        f"Không nhận ra bảng mã của tệp {shown}: không phải UTF-8, Windows-1258 hay Windows-1252. "
        "Hãy lưu lại tệp CSV theo UTF-8."
    )


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _dialect(text: str) -> type[csv.Dialect]:
    first = text.split("\n", HEADER_SEARCH_ROWS)[:HEADER_SEARCH_ROWS]
    counts = {d: sum(line.count(d) for line in first) for d in (",", ";", "\t")}
    delimiter = max(counts, key=counts.get)

    class Dialect(csv.excel):
        pass

    Dialect.delimiter = delimiter
    return Dialect


def _csv_sheet(
    source: Path | str | bytes, layout: Layout, shown: str, encoding: str, dialect: type[csv.Dialect]
) -> Sheet:
    binary = _binary(source)
    size = len(source) if isinstance(source, bytes) else Path(source).stat().st_size
    text = io.TextIOWrapper(binary, encoding=encoding, errors="strict", newline="")
    raw = csv.reader(text, dialect)
    normalise = encoding in LEGACY_ENCODINGS  # Windows-1258 writes tone marks as combining characters

    def cells() -> Iterator[list[str]]:
        for row in raw:
            if any("\x00" in cell for cell in row):  # beyond the sample checked in _open_csv
                raise csv.Error("có byte 0: có thể là tệp nhị phân")
            yield [_nfc(c) for c in row] if normalise else [c if c.isascii() else _nfc(c) for c in row]

    guarded = _guarded(cells(), shown, (UnicodeDecodeError, csv.Error))
    try:
        header, rows = find_header(guarded, layout)
    except TableError:
        text.close()
        raise
    return Sheet(
        header,
        rows,
        "csv",
        encoding=encoding,
        progress=lambda: binary.tell() / size if size and not binary.closed else None,
        close=text.close,
    )


# --- Reference files ---------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Record:
    """A data row of a reference file: its line in the file and its cells as text, by column key."""

    line: int
    cells: dict[str, str]

    def __getitem__(self, key: str) -> str:
        return self.cells.get(key, "")


def read_records(
    data: bytes, name: str, layout: Layout, *, multiline: frozenset[str] = frozenset()
) -> tuple[Header, list[Record]]:
    """Every non-blank data row of a (small) reference file, with merged cells spread down (rule 5); the
    columns in ``multiline`` keep their lines. A file with a zero byte that is not a workbook is refused."""
    if not data.startswith((XLSX_MAGIC, OLE_MAGIC)) and (problem := nul_problem(data)):
        raise TableError(f"Tệp {name} bị từ chối: {problem}.")
    if data.startswith(XLSX_MAGIC):
        header, numbered = _xlsx_merged_rows(data, name, layout)
    else:
        sheet = open_sheet(data, layout, name=name)
        try:
            header, numbered = sheet.header, [(line, list(cells), set()) for line, cells in sheet.rows]
        finally:
            sheet.close()
    records = []
    for line, cells, spread in numbered:
        values = {
            key: cell_text(cells[index], lines=key in multiline)
            for key, index in header.columns.items()
            if index < len(cells)
        }
        if all(not value or header.columns[key] in spread for key, value in values.items()):
            continue
        records.append(Record(line, values))
    return header, records


def _xlsx_merged_rows(
    data: bytes, name: str, layout: Layout
) -> tuple[Header, list[tuple[int, list[Any], set[int]]]]:
    """The rows of an .xlsx loaded whole; each with the columns whose value was spread from a merged cell."""
    book, sheet = _load_xlsx(data, name, read_only=False)
    try:
        grid = [list(row) for row in sheet.iter_rows(values_only=True)]
        spread: dict[int, set[int]] = {}
        for cells in sheet.merged_cells.ranges:
            column = cells.min_col - 1
            top = cells.min_row - 1
            for row in range(cells.min_row, min(cells.max_row, len(grid))):
                if column < len(grid[row]):
                    grid[row][column] = grid[top][column]
                    spread.setdefault(row, set()).add(column)
    finally:
        book.close()
    header, rows = find_header(iter(grid), layout)
    return header, [(line, cells, spread.get(line - 1, set())) for line, cells in rows]
