"""Build the Word templates (docxtpl) of the 2018 forms: ``src/cchc/dossiers/docx/2018/*.docx``.

Run once after changing this file: ``.venv/bin/python tools/make_docx_forms.py``. The templates hold Jinja
tags that ``cchc.dossiers.documents.render_docx`` fills; the layout follows Decree 30/2020/NĐ-CP (A4, Times
New Roman 13 pt, issuing body top left, national motto top right, place and date in italics).
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

OUT = Path(__file__).resolve().parents[1] / "src" / "cchc" / "dossiers" / "docx" / "2018"


def new_document() -> Document:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin, section.bottom_margin = Mm(20), Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    style = document.styles["Normal"]
    style.font.name = "Times New Roman"
    style.font.size = Pt(13)
    style.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    style.paragraph_format.space_after = Pt(3)
    header = document.add_table(rows=1, cols=2)
    header.alignment = WD_TABLE_ALIGNMENT.CENTER
    left, right = header.rows[0].cells
    left.width, right.width = Mm(65), Mm(100)
    _centre(left.paragraphs[0], "{{ superior }}")
    _centre(left.add_paragraph(), "{{ body }}", bold=True)
    _centre(left.add_paragraph(), "Số: ……/PTN")
    _centre(right.paragraphs[0], "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", bold=True)
    _centre(right.add_paragraph(), "Độc lập - Tự do - Hạnh phúc", bold=True)
    date = right.add_paragraph()
    date.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    date.add_run("{{ date_line }}").italic = True
    document.add_paragraph("{{ fallback_note }}").runs[0].italic = True
    return document


def _centre(paragraph, text: str, bold: bool = False, size: int | None = None) -> None:
    paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    if size:
        run.font.size = Pt(size)


def title(document: Document, text: str, subtitle: str = "Mã hồ sơ: {{ code }}") -> None:
    _centre(document.add_paragraph(), text.upper(), bold=True, size=14)
    _centre(document.add_paragraph(), subtitle, bold=True)


def table(document: Document, headers: list[str], cells: list[str]) -> None:
    """A bordered table: a header row, then one row per item of a docxtpl ``{%tr for %}`` loop."""
    grid = document.add_table(rows=4, cols=len(headers))
    grid.style = "Table Grid"
    for cell, text in zip(grid.rows[0].cells, headers, strict=True):
        cell.paragraphs[0].add_run(text).bold = True
    grid.rows[1].cells[0].paragraphs[0].add_run(cells[0])
    for cell, text in zip(grid.rows[2].cells, cells[1:], strict=True):
        cell.paragraphs[0].add_run(text)
    grid.rows[3].cells[0].paragraphs[0].add_run("{%tr endfor %}")


def signatures(document: Document, left: str, right: str, left_name: str = "", right_name: str = "") -> None:
    grid = document.add_table(rows=1, cols=2)
    for cell, role, name in zip(grid.rows[0].cells, (left, right), (left_name, right_name), strict=True):
        if not role:
            continue
        _centre(cell.paragraphs[0], role, bold=True)
        hint = cell.add_paragraph()
        hint.alignment = WD_ALIGN_PARAGRAPH.CENTER
        hint.add_run("(Ký và ghi rõ họ tên)").italic = True
        for _ in range(3):
            cell.add_paragraph()
        _centre(cell.add_paragraph(), name)


def mau01() -> Document:
    document = new_document()
    document.add_paragraph().add_run("{{ qr }}")
    title(document, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    document.add_paragraph("Bộ phận tiếp nhận và trả kết quả {{ unit }} tiếp nhận hồ sơ của:")
    document.add_paragraph(
        "Ông/bà: {{ applicant }}{% if id_number %} — Số CCCD/CMND: {{ id_number }}{% endif %}"
    )
    document.add_paragraph("Địa chỉ: {{ address }}")
    document.add_paragraph("Số điện thoại: {{ phone }}    Email: {{ email }}")
    document.add_paragraph("Nội dung yêu cầu giải quyết: {{ request }}")
    document.add_paragraph("1. Thành phần hồ sơ nộp gồm:")
    table(
        document,
        ["STT", "Tên giấy tờ", "Số bản chính", "Số bản sao"],
        [
            "{%tr for c in components %}",
            "{{ c.position }}",
            "{{ c.name }}",
            "{{ c.originals }}",
            "{{ c.copies }}",
        ],
    )
    document.add_paragraph("2. Số lượng hồ sơ: {{ sets }} (bộ)")
    document.add_paragraph("3. Thời gian giải quyết hồ sơ theo quy định là: {{ time_limit }}")
    document.add_paragraph("4. Thời gian nhận hồ sơ: {{ received }}")
    document.add_paragraph("5. Thời gian trả kết quả giải quyết hồ sơ: {{ due }}").runs[0].bold = True
    document.add_paragraph("6. Đăng ký nhận kết quả tại: {{ return_place }}")
    document.add_paragraph("7. Phí, lệ phí: {{ fee }}")
    document.add_paragraph("Vào Sổ theo dõi hồ sơ, Quyển số: …… Số thứ tự: ……").runs[0].italic = True
    signatures(document, "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "{{ applicant }}", "{{ clerk }}")
    return document


def mau02() -> Document:
    document = new_document()
    title(
        document,
        "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        "Hồ sơ của: {{ applicant }} — Mã hồ sơ: {{ code }}",
    )
    document.add_paragraph("Nội dung yêu cầu giải quyết: {{ request }}")
    document.add_paragraph(
        "Sau khi xem xét thành phần hồ sơ, Bộ phận tiếp nhận và trả kết quả đề nghị ông/bà bổ sung, hoàn thiện "
        "hồ sơ gồm những nội dung sau:"
    )
    document.add_paragraph("{{ supplement_reason }}").runs[0].bold = True
    document.add_paragraph(
        "Trong quá trình hoàn thiện hồ sơ, nếu có vướng mắc, ông/bà liên hệ {{ return_place }}."
    )
    signatures(document, "", "NGƯỜI HƯỚNG DẪN")
    return document


def mau03() -> Document:
    document = new_document()
    title(document, "Phiếu từ chối tiếp nhận giải quyết hồ sơ")
    document.add_paragraph(
        "Bộ phận tiếp nhận và trả kết quả {{ unit }} tiếp nhận hồ sơ của ông/bà {{ applicant }}."
    )
    document.add_paragraph("Nội dung yêu cầu giải quyết: {{ request }}")
    document.add_paragraph(
        "Qua nghiên cứu, đối chiếu, hồ sơ không đủ điều kiện để tiếp nhận, giải quyết với lý do cụ thể như sau:"
    )
    document.add_paragraph("{{ closing_reason }}").runs[0].bold = True
    document.add_paragraph("Xin thông báo để ông/bà được biết.")
    signatures(document, "", "NGƯỜI TIẾP NHẬN HỒ SƠ", "", "{{ clerk }}")
    return document


def mau04() -> Document:
    document = new_document()
    title(document, "Phiếu xin lỗi và hẹn lại ngày trả kết quả")
    document.add_paragraph(
        "Cơ quan giải quyết hồ sơ xin gửi lời xin lỗi đến ông/bà {{ applicant }} vì hồ sơ đề nghị giải quyết thủ "
        "tục “{{ procedure }}” được tiếp nhận lúc {{ received }}, hẹn trả kết quả lúc {{ due }}, đã quá hạn giải quyết."
    )
    document.add_paragraph("Lý do: {{ apology_reason }}")
    document.add_paragraph("Chúng tôi xin hẹn lại thời gian trả kết quả lúc: {{ new_due }}.").runs[
        0
    ].bold = True
    document.add_paragraph("Mong nhận được sự thông cảm của ông/bà vì sự chậm trễ này.")
    signatures(document, "", "THỦ TRƯỞNG CƠ QUAN")
    return document


def mau05() -> Document:
    document = new_document()
    title(document, "Phiếu kiểm soát quá trình giải quyết hồ sơ")
    document.add_paragraph("Cơ quan, đơn vị chủ trì giải quyết: {{ unit }}")
    document.add_paragraph("Người nộp: {{ applicant }} — Thủ tục: {{ procedure }}")
    document.add_paragraph("Thời gian nhận hồ sơ: {{ received }} — Hẹn trả: {{ due }}")
    table(
        document,
        [
            "Tên cơ quan",
            "Thời gian giao, nhận hồ sơ",
            "Người giao / Người nhận",
            "Kết quả giải quyết",
            "Ghi chú",
        ],
        [
            "{%tr for r in rows %}",
            "Giao: {{ r.from_label }} — Nhận: {{ r.to_label }}",
            "{{ r.handed }}",
            "{{ r.handed_by }} / {{ r.received_by }}",
            "{{ r.result }}",
            "{{ r.step }} {{ r.note }}",
        ],
    )
    return document


if __name__ == "__main__":
    OUT.mkdir(parents=True, exist_ok=True)
    for build in (mau01, mau02, mau03, mau04, mau05):
        build().save(OUT / f"{build.__name__}.docx")
        print(OUT / f"{build.__name__}.docx")
