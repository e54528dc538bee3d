"""Mẫu 06, the tracking book (sổ theo dõi hồ sơ): one line per dossier, as rows, an XLSX workbook and a DOCX to print."""

import io
from collections.abc import Iterable
from datetime import date, datetime

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter

from cchc.core.calendar import local
from cchc.core.text import clean
from cchc.core.xlsx import neutralise, workbook_bytes
from cchc.dossiers.models import Dossier
from cchc.i18n import in_vietnamese
from cchc.units.models import Unit

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
HEADERS = [
    "STT",
    "Mã hồ sơ",
    "Tên thủ tục",
    "Số lượng hồ sơ (bộ)",
    "Tên cá nhân, tổ chức",
    "Địa chỉ, số điện thoại",
    "Cơ quan chủ trì giải quyết",
    "Nhận hồ sơ",
    "Hẹn trả kết quả",
    "Chuyển hồ sơ đến cơ quan giải quyết",
    "Nhận kết quả từ cơ quan giải quyết",
    "Trả kết quả",
    "Ghi chú",
]


def book_rows(dossiers: Iterable[Dossier]) -> list[dict]:
    rows = []
    for number, dossier in enumerate(dossiers, start=1):
        handed = next((e.at for e in dossier.events.all() if e.action == "hand_over"), None)
        rows.append(
            {
                "number": number,
                "code": dossier.code,
                "procedure": dossier.procedure.name,
                "sets": dossier.sets,
                "applicant": dossier.applicant_name,
                "contact": ", ".join(filter(None, [dossier.applicant_address, dossier.applicant_phone])),
                "agency": dossier.unit.name,
                "received": local(dossier.received_at),
                "due": local(dossier.due_at),
                "handed": local(handed) if handed else None,
                "result": local(dossier.result_at) if dossier.result_at else None,
                "returned": local(dossier.returned_at) if dossier.returned_at else None,
                "note": dossier.get_state_display(),
            }
        )
    return rows


def _cells(row: dict) -> list:
    return [row[key] for key in COLUMNS]


COLUMNS = [
    "number",
    "code",
    "procedure",
    "sets",
    "applicant",
    "contact",
    "agency",
    "received",
    "due",
    "handed",
    "result",
    "returned",
    "note",
]


@in_vietnamese
def tracking_book_xlsx(*, unit: Unit, start: date, end: date, dossiers: Iterable[Dossier]) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Sổ theo dõi"
    sheet.append([neutralise(f"SỔ THEO DÕI HỒ SƠ — {unit.name.upper()}")])
    sheet.append([f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}"])
    sheet.append(HEADERS)
    for cell in sheet[3]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=13)
    for row in book_rows(dossiers):
        sheet.append([neutralise(value) for value in _cells(row)])
    for column in range(8, 13):
        for cell in sheet.iter_cols(min_col=column, max_col=column, min_row=4).__next__():
            cell.number_format = "dd/mm/yyyy hh:mm"
    widths = [6, 28, 50, 10, 26, 30, 26, 17, 17, 17, 17, 17, 16]
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A4"
    return workbook_bytes(workbook)


DOCX_WIDTHS_MM = [10, 28, 42, 11, 24, 30, 18, 19, 19, 19, 19, 19, 15]  # 273 mm: A4 landscape less margins


@in_vietnamese
def tracking_book_docx(*, unit: Unit, start: date, end: date, dossiers: Iterable[Dossier]) -> bytes:
    """Mẫu 06 to print: A4 landscape, the header row repeated on every page, times as dd/mm/yyyy hh:mm."""
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.LANDSCAPE
    section.page_width, section.page_height = Mm(297), Mm(210)
    for side in ("left_margin", "right_margin", "top_margin", "bottom_margin"):
        setattr(section, side, Mm(12))
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(8)
    title = document.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run(f"SỔ THEO DÕI HỒ SƠ\n{clean(unit.name.upper())}").bold = True
    period = document.add_paragraph(f"Từ ngày {start:%d/%m/%Y} đến ngày {end:%d/%m/%Y}")
    period.alignment = WD_ALIGN_PARAGRAPH.CENTER
    table = document.add_table(rows=1, cols=len(HEADERS))
    table.style = "Table Grid"
    header = table.rows[0]
    for cell, text in zip(header.cells, HEADERS, strict=True):
        cell.text = text
        cell.paragraphs[0].runs[0].bold = True
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    header._tr.get_or_add_trPr().append(repeat)
    for row in book_rows(dossiers):
        cells = table.add_row().cells
        for cell, value in zip(cells, _cells(row), strict=True):
            cell.text = (
                f"{value:%d/%m/%Y}\n{value:%H:%M}"
                if isinstance(value, datetime)
                else clean(str(value or ""), lines=True)
            )
    table.autofit = False
    for column, width in zip(table.columns, DOCX_WIDTHS_MM, strict=True):
        column.width = Mm(width)  # the grid, which LibreOffice follows; Word follows the cells
        for cell in column.cells:
            cell.width = Mm(width)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()
