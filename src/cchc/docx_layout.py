"""The layout of an official paper in Word (Decree 30/2020/NĐ-CP, Phụ lục I), shared by the report writer
(``cchc.reports.documents``) and the builder of the forms' templates (``tools/make_docx_forms.py``).

The heading is a two-column table of fixed widths (the text is 165 mm wide between margins of 30 and 15 mm):
left, the superior body (12 pt, upright) and the issuing body (12 pt, bold) with a short rule under it, then the
number; right, the Quốc hiệu on one line (12 pt, bold, upright), the Tiêu ngữ (13 pt, bold) with a rule as long
as it, and the place and date in italics.
"""

from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

HEAD_LEFT, HEAD_RIGHT = 60, 105  # the heading's columns, mm


def centre(paragraph, text: str, bold: bool = False, size: int | None = None, italic: bool = False):
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold, run.italic = bold or None, italic or None  # None: as the style says
    if size:
        run.font.size = Pt(size)
    return paragraph


def fixed(table, widths_mm: list[float]) -> None:
    """Fixed column widths, so that Word and LibreOffice lay the table out alike."""
    table.autofit = False
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    table._tbl.tblPr.append(layout)
    for row in table.rows:
        for cell, width in zip(row.cells, widths_mm, strict=True):
            cell.width = Mm(width)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)


def rule(paragraph, column_mm: float, length_mm: float) -> None:
    """A short rule centred in its column: the paragraph's top border, with indents on both sides."""
    side = Mm((column_mm - length_mm) / 2)
    paragraph.paragraph_format.left_indent = paragraph.paragraph_format.right_indent = side
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.add_run().font.size = Pt(4)
    borders, top = OxmlElement("w:pBdr"), OxmlElement("w:top")
    for name, value in (("val", "single"), ("sz", "6"), ("space", "1"), ("color", "000000")):
        top.set(qn(f"w:{name}"), value)
    borders.append(top)
    paragraph._p.get_or_add_pPr().append(borders)


def heading(document, *, superior: str, body: str, number: str, date_line: str):
    """The official heading; returns its left cell, under the number, for what a paper adds there."""
    table = document.add_table(rows=1, cols=2)
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    fixed(table, [HEAD_LEFT, HEAD_RIGHT])
    left, right = table.rows[0].cells
    centre(left.paragraphs[0], superior, size=12)
    centre(left.add_paragraph(), body, bold=True, size=12)
    rule(left.add_paragraph(), HEAD_LEFT, 22)
    centre(left.add_paragraph(), number, size=13)
    centre(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True, size=12)
    centre(right.add_paragraph(), "Độc lập - Tự do - Hạnh phúc", bold=True, size=13)
    rule(right.add_paragraph(), HEAD_RIGHT, 58)
    centre(right.add_paragraph(), date_line, italic=True)
    return left
