"""DOCX and XLSX exports in the layout of the score tables units send with their self-assessment report.

The layout follows the usual administrative form (Nghị định 30/2020/NĐ-CP): the issuing body top left, the
national motto top right, a title in capitals, then the table (code, field / criterion, maximum, self-score,
appraised score, evidence) with field rows in bold and the total last.
"""

import io
from datetime import date

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Cm, Pt
from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter

from cchc.core.scoring import fmt
from cchc.core.text import clean
from cchc.core.xlsx import neutralise, workbook_bytes
from cchc.i18n import in_vietnamese
from cchc.par.selectors import RankingRow, Result

MOTTO = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "Độc lập - Tự do - Hạnh phúc")
SHEET_HEADER = (
    "Mã",
    "Lĩnh vực, tiêu chí, tiêu chí thành phần",
    "Điểm tối đa",
    "Điểm tự đánh giá",
    "Điểm thẩm định",
    "Tài liệu kiểm chứng, giải trình",
)
RANKING_HEADER = ("Xếp hạng", "Đơn vị", "Tổng điểm", "Tỷ lệ so với điểm tối đa", "Đạt 80%", "Trạng thái")


def _num(value) -> str:
    return "" if value is None else fmt(value)


def _sheet_lines(result: Result) -> list[tuple[int, tuple[str, ...]]]:
    lines = []
    for row in result.rows:
        if row.score is None:
            self_score, appraised, note = row.self_total, row.final_total if result.appraised else None, ""
        else:
            self_score, appraised = row.score.self_score, row.score.appraised_score
            note = row.score.explanation or row.score.measure_note
            if row.evidence_count:
                note = f"{note} ({row.evidence_count} tệp kiểm chứng)".strip()
        lines.append(
            (
                row.depth,
                (
                    row.criterion.code,
                    row.criterion.name,
                    _num(row.max_score),
                    _num(self_score),
                    _num(appraised),
                    note,
                ),
            )
        )
    total = (_num(result.maximum), _num(result.self_total), _num(result.total) if result.appraised else "")
    lines.append((0, ("", "TỔNG ĐIỂM", *total, "")))
    return lines


def _title(result: Result) -> str:
    return f"BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {result.assessment.campaign.year}"


def _docx_header(document, issuer: tuple[str, str], title: str, subtitle: str) -> None:
    style = document.styles["Normal"]
    style.font.name, style.font.size = "Times New Roman", Pt(12)
    header = document.add_table(rows=1, cols=2)
    left, right = header.rows[0].cells
    for cell, (upper, lower) in ((left, issuer), (right, MOTTO)):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        paragraph.add_run(clean(upper)).bold = cell is right
        run = paragraph.add_run("\n" + clean(lower))
        run.bold = True
    heading = document.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run("\n" + title).bold = True
    sub = document.add_paragraph(clean(subtitle, lines=True))
    sub.alignment = WD_ALIGN_PARAGRAPH.CENTER


def _docx_table(document, header: tuple[str, ...], lines: list[tuple[int, tuple[str, ...]]], widths) -> None:
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    for depth, values in lines:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            run = cell.paragraphs[0].add_run(clean(text, lines=True))
            run.bold = depth in (0, 1)
            run.italic = depth >= 3 and index == 1
            if index >= 2:
                cell.paragraphs[0].alignment = WD_ALIGN_PARAGRAPH.RIGHT
    for row in table.rows:
        for cell, width in zip(row.cells, widths, strict=True):
            cell.width = Cm(width)


def _docx_bytes(document) -> bytes:
    out = io.BytesIO()
    document.save(out)
    return out.getvalue()


@in_vietnamese
def assessment_docx(result: Result) -> bytes:
    assessment = result.assessment
    document = Document()
    section = document.sections[0]
    section.left_margin = section.right_margin = Cm(2)
    parent = assessment.unit.parent.name.upper() if assessment.unit.parent else ""
    _docx_header(
        document,
        (parent, assessment.unit.name.upper()),
        _title(result),
        f"{assessment.unit.name} — {assessment.index_set.name} — trạng thái: {assessment.get_status_display()}",
    )
    _docx_table(document, SHEET_HEADER, _sheet_lines(result), (1.3, 7.5, 1.6, 1.8, 1.8, 3.5))
    verdict = "đạt" if result.meets else "chưa đạt"
    document.add_paragraph(
        f"\nTổng điểm: {fmt(result.total)}/{fmt(result.maximum)} ({fmt(result.percent)}%); "
        f"cam kết đạt từ 80%: {verdict}."
    )
    return _docx_bytes(document)


@in_vietnamese
def ranking_docx(*, campaign, sections: list[tuple[str, list[RankingRow]]], today: date) -> bytes:
    document = Document()
    _docx_header(
        document,
        ("UBND HUYỆN", "PHÒNG NỘI VỤ"),
        f"KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {campaign.year}",
        f"{campaign.name} — lập ngày {today:%d/%m/%Y}",
    )
    for heading, rows in sections:
        document.add_paragraph().add_run(heading).bold = True
        _docx_table(
            document, RANKING_HEADER, [(2, _ranking_values(row)) for row in rows], (1.6, 6, 2, 2.6, 1.6, 3)
        )
    return _docx_bytes(document)


def _ranking_values(row: RankingRow) -> tuple[str, ...]:
    return (
        str(row.rank) if row.rank else "—",
        row.assessment.unit.name,
        fmt(row.total),
        f"{fmt(row.percent)}%",
        "Đạt" if row.meets else "Chưa đạt",
        row.assessment.get_status_display(),
    )


_THIN = Side(style="thin")
_BOX = Border(left=_THIN, right=_THIN, top=_THIN, bottom=_THIN)


def _xlsx_sheet(sheet, title: str, subtitle: str, header, lines, widths, numeric: set[int]) -> None:
    sheet.append([title])
    sheet.append([neutralise(subtitle)])
    sheet.append([])
    sheet.append(list(header))
    for cell in sheet[4]:
        cell.font, cell.border = Font(bold=True), _BOX
        cell.alignment = Alignment(wrap_text=True, vertical="center", horizontal="center")
    sheet["A1"].font = Font(bold=True, size=13)
    for depth, values in lines:
        sheet.append([_cell(v, i in numeric) for i, v in enumerate(values)])
        for cell in sheet[sheet.max_row]:
            cell.border = _BOX
            cell.font = Font(bold=depth in (0, 1))
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = "A5"


def _cell(text: str, numeric: bool):
    """Numbers go to Excel as numbers (so that sums work), shown with the locale's decimal mark."""
    if numeric and text and text not in {"—"}:
        try:
            return float(text.rstrip("%").replace(",", "."))
        except ValueError:
            return text
    return neutralise(text)


@in_vietnamese
def assessment_xlsx(result: Result) -> bytes:
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = "Bảng điểm"
    assessment = result.assessment
    _xlsx_sheet(
        sheet,
        _title(result),
        f"{assessment.unit.name} — {assessment.index_set.name} — {assessment.get_status_display()}",
        SHEET_HEADER,
        _sheet_lines(result),
        (9, 70, 11, 13, 13, 45),
        {2, 3, 4},
    )
    return workbook_bytes(workbook)


@in_vietnamese
def ranking_xlsx(*, campaign, sections: list[tuple[str, list[RankingRow]]], today: date) -> bytes:
    workbook = Workbook()
    workbook.remove(workbook.active)
    for heading, rows in sections:
        sheet = workbook.create_sheet(heading[:31])
        _xlsx_sheet(
            sheet,
            f"KẾT QUẢ XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM {campaign.year}",
            f"{heading} — lập ngày {today:%d/%m/%Y}",
            RANKING_HEADER,
            [(2, _ranking_values(row)) for row in rows],
            (10, 40, 12, 14, 10, 20),
            {0, 2, 3},
        )
    return workbook_bytes(workbook)
