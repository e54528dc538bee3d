"""Spreadsheet safety: zip bombs on the way in, formulas on the way out. Plain Python, no Django.

An .xlsx is a zip archive. Python's ``zipfile`` never expands a member beyond the size its header declares
(a lying header fails the CRC check), so the declared sizes are a sound bound: a file whose parts would
expand to gigabytes, or one part to hundreds of times its packed size, is refused before a reader opens it.
Real exports of the provincial portal pack 5–20 times.
"""

import io
import zipfile
from pathlib import Path
from typing import BinaryIO

from openpyxl.styles import Alignment

from cchc.core.text import clean

MAX_EXPANDED_BYTES = 4 * 1024**3
MAX_RATIO = 200
RATIO_FLOOR_BYTES = 16 * 1024**2  # a part smaller than this cannot hurt, whatever its ratio

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
RIGHT = Alignment(horizontal="right", vertical="top")


def _mb(size: int) -> str:
    return f"{size / 1024**2:,.0f}".replace(",", ".")


def expansion_problem(source: str | Path | BinaryIO) -> str | None:
    """Why this zip must not be opened (in Vietnamese), or None. Not a zip at all: None, the reader says so."""
    try:
        with zipfile.ZipFile(source) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return None
    total = sum(member.file_size for member in members)
    if total > MAX_EXPANDED_BYTES:
        return (
            f"khi giải nén, tệp lên tới {_mb(total)} MB (tối đa {_mb(MAX_EXPANDED_BYTES)} MB) — "
            "có thể là tệp nén độc hại (zip bomb)"
        )
    for member in members:
        if member.file_size > RATIO_FLOOR_BYTES and member.file_size > MAX_RATIO * max(
            member.compress_size, 1
        ):
            return (
                f"phần “{member.filename}” giải nén từ {member.compress_size // 1024} KB ra "
                f"{_mb(member.file_size)} MB (gấp {member.file_size // max(member.compress_size, 1)} lần) — "
                "dấu hiệu của tệp nén độc hại (zip bomb)"
            )
    return None


def neutralise(value):
    """A value as a cell may hold it: text goes through the documented normalisation (``clean``, keeping
    lines), so that a control character stored before that rule (Word's Shift+Enter in a name) cannot make
    openpyxl refuse the whole workbook, and text a spreadsheet would read as a formula (``=HYPERLINK(…)``
    and the like) is prefixed with ``'``. Other values are returned as they are."""
    if not isinstance(value, str):
        return value
    value = clean(value, lines=True)
    return "'" + value if value.startswith(FORMULA_STARTS) else value


def print_setup(sheet) -> None:
    """Print on A4, fit to the page's width (landscape beyond six columns), the rows above the frozen pane
    repeated on every page, the sheet's title in the page header and the page number in the footer."""
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.orientation = "landscape" if sheet.max_column > 6 else "portrait"
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr.fitToPage = True
    sheet.print_options.horizontalCentered = True
    sheet.page_margins.left = sheet.page_margins.right = 0.5
    frozen = sheet.freeze_panes
    header_rows = int("".join(c for c in frozen if c.isdigit()) or 1) - 1 if frozen else 0
    if header_rows:
        sheet.print_title_rows = f"1:{header_rows}"
    sheet.oddHeader.center.text = sheet.title.replace("&", "&&")
    sheet.oddFooter.center.text = "Trang &P/&N"


def workbook_bytes(workbook) -> bytes:
    """The workbook as .xlsx bytes, ready to print (``print_setup``), every text cell made inert first: cchc
    never writes a live formula; numbers stand right-aligned unless a cell says otherwise.

    For workbooks built in memory (openpyxl's default mode). openpyxl refuses a control character when the
    value is set, before this pass: a writer puts text that comes from a person or a file (names, addresses,
    notes, imported procedure names) through ``neutralise`` as it appends it, as a write-only workbook does
    for every value.
    """
    for sheet in workbook.worksheets:
        print_setup(sheet)
        for cells in sheet.iter_rows():
            for cell in cells:
                if isinstance(cell.value, int | float) and cell.alignment.horizontal is None:
                    cell.alignment = RIGHT
    for sheet in workbook.worksheets:
        for cells in sheet.iter_rows():
            for cell in cells:
                inert = neutralise(cell.value)
                if inert != cell.value:
                    cell.value = inert
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
