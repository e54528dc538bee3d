"""Spreadsheets as an office makes them, written with openpyxl alone: this script knows the file format and
nothing of cchc — a title block merged across the table, a blank line, the header, the rows."""

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from openpyxl import Workbook


def office_workbook(
    path: Path,
    *,
    title: Sequence[str],
    header: Sequence[str],
    rows: Sequence[Sequence[Any]],
    merges: Sequence[str] = (),
) -> Path:
    """Write ``path``: each ``title`` line merged across the table, a blank row, ``header``, ``rows``; then the
    extra merged ranges ``merges`` (e.g. ``"D9:D10"``, whose value is the one already in D9)."""
    book = Workbook()
    sheet = book.active
    for number, line in enumerate(title, start=1):
        sheet.cell(row=number, column=1, value=line)
        sheet.merge_cells(start_row=number, start_column=1, end_row=number, end_column=len(header))
    sheet.append([])
    sheet.append(list(header))
    for row in rows:
        sheet.append(list(row))
    for cells in merges:
        sheet.merge_cells(cells)
    book.save(path)
    return path


def office_workbook_xls(
    path: Path, *, title: Sequence[str], header: Sequence[str], rows: Sequence[Sequence[Any]]
) -> Path:
    """The same in the old Excel format (BIFF8, ``.xls``) that many offices still save."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    sheet = book.add_sheet("Bo chi so")
    for number, line in enumerate(title):
        sheet.write_merge(number, number, 0, len(header) - 1, line)
    first = len(title) + 1
    for column, name in enumerate(header):
        sheet.write(first, column, name)
    for offset, cells in enumerate(rows, start=first + 1):
        for column, cell in enumerate(cells):
            if cell is not None:
                sheet.write(offset, column, cell)
    book.save(str(path))
    return path
