"""The reconciliation as a workbook: one sheet per kind of gap. Every value goes through ``neutralise`` as it
is appended (procedure names come from portal exports), and ``workbook_bytes`` checks again."""

from openpyxl import Workbook
from openpyxl.styles import Font
from openpyxl.utils import get_column_letter

from cchc.core.calendar import local
from cchc.core.lifecycle import STATE_LABELS, State
from cchc.core.xlsx import neutralise, workbook_bytes
from cchc.i18n import in_vietnamese
from cchc.imports.selectors import Reconciliation

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
_DOSSIER_HEADER = ["Mã hồ sơ", "Mã thủ tục", "Tên thủ tục", "Ngày tiếp nhận", "Ngày hẹn trả", "Trạng thái"]


def _when(value):
    return local(value) if value is not None else None


def _dossier_cells(dossier) -> list:
    return [
        dossier.code,
        dossier.procedure.code,
        dossier.procedure.name,
        _when(dossier.received_at),
        _when(dossier.due_at),
        STATE_LABELS[State(dossier.state)],
    ]


def _sheet(book: Workbook, title: str, heading: str, header: list[str], rows: list[list], widths: list[int]):
    sheet = book.create_sheet(title)
    sheet.append([neutralise(heading)])
    sheet["A1"].font = Font(bold=True)
    sheet.append(header)
    for cell in sheet[2]:
        cell.font = Font(bold=True)
    for row in rows:
        sheet.append([neutralise(value) for value in row])
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    for row in sheet.iter_rows(min_row=3):
        for cell in row:
            if hasattr(cell.value, "year"):
                cell.number_format = "dd/mm/yyyy hh:mm"
    return sheet


@in_vietnamese
def reconciliation_xlsx(result: Reconciliation) -> bytes:
    book = Workbook()
    book.remove(book.active)
    period = f"{result.unit.name}, từ {result.start:%d/%m/%Y} đến {result.end:%d/%m/%Y}"
    widths = [28, 12, 50, 17, 17, 18]
    _sheet(
        book,
        "Chỉ có trên Cổng",
        f"Hồ sơ có trên Cổng DVC tỉnh nhưng không có trong sổ — {period}",
        _DOSSIER_HEADER,
        [_dossier_cells(d) for d in result.portal_only],
        widths,
    )
    _sheet(
        book,
        "Chỉ có trong sổ",
        f"Hồ sơ có trong sổ nhưng chưa có trên Cổng DVC tỉnh — {period}",
        _DOSSIER_HEADER,
        [_dossier_cells(d) for d in result.register_only],
        widths,
    )
    _sheet(
        book,
        "Lệch nhau",
        f"Hồ sơ có ở cả hai nơi nhưng thông tin khác nhau — {period}",
        ["Mã hồ sơ", "Tên thủ tục", "Thông tin", "Trong sổ", "Trên Cổng"],
        [
            [
                item.dossier.code,
                item.dossier.procedure.name,
                d.label,
                d.register,
                d.portal,
            ]
            for item in result.disagreeing
            for d in item.differences
        ],
        [28, 50, 22, 18, 18],
    )
    _sheet(
        book,
        "Lệch hạn",
        f"Hồ sơ nhập từ Cổng có ngày hẹn trả khác hạn tính theo quy định — {period}",
        ["Mã hồ sơ", "Tên thủ tục", "Ngày tiếp nhận", "Hẹn trả trên Cổng", "Hạn theo quy định"],
        [
            [
                d.code,
                d.procedure.name,
                _when(d.received_at),
                _when(d.due_at),
                _when(d.computed_due_at),
            ]
            for d in result.deadline_flags
        ],
        [28, 50, 17, 17, 17],
    )
    return workbook_bytes(book)
