"""Build the Word templates (docxtpl) of the forms: ``src/cchc/dossiers/docx/<rule set>/*.docx``.

Run after changing this file: ``.venv/bin/python tools/make_docx_forms.py``. The templates hold Jinja tags that
``cchc.dossiers.documents.render_docx`` fills (with autoescape: user text is text). Two rule sets: Circular
01/2018/TT-VPCP (Mẫu 01–05) and Circular 03/2025/TT-VPCP, Phụ lục I (Mẫu số 01–06; the tracking book, the last
form of each set, is written by ``cchc.dossiers.book``).

The layout is Decree 30/2020/NĐ-CP, Phụ lục I: A4, margins 20/20/30/15 mm, Times New Roman; top left the
superior body (12 pt, upright) and the issuing body (12 pt, bold) with a short rule under it; top right the
Quốc hiệu on one line (12 pt, bold, upright), the Tiêu ngữ under it (13 pt, bold) with a rule as long as it, and
the place and date in italics; the body 13 pt, tables 12 pt; signatures as title, "(Ký…)", space, name.
"""

from pathlib import Path

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

from cchc.docx_layout import centre, fixed, heading

ROOT = Path(__file__).resolve().parents[1] / "src" / "cchc" / "dossiers" / "docx"
TEXT_WIDTH = 165  # mm: 210 − 30 − 15


def new_document(number: str = "", with_qr: bool = False) -> Document:
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
    style.element.rPr.rFonts.set(qn("w:cs"), "Times New Roman")
    style.paragraph_format.space_before = Pt(0)
    style.paragraph_format.space_after = Pt(2)
    style.paragraph_format.line_spacing = 1.0
    if number:
        paragraph = document.paragraphs[0] if document.paragraphs else document.add_paragraph()
        paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        run = paragraph.add_run(number)
        run.bold, run.font.size = True, Pt(12)
    left = heading(
        document, superior="{{ superior }}", body="{{ body }}", number="Số: ……", date_line="{{ date_line }}"
    )
    if with_qr:  # the receipt's QR code sits under the number, so the slip keeps to one page
        centre(left.add_paragraph(), "{{ qr }}")
    return document


def title(document: Document, text: str, subtitle: str = "Mã hồ sơ: {{ code }}") -> None:
    heading = document.add_paragraph()
    heading.paragraph_format.space_before = Pt(10)
    centre(heading, text.upper(), bold=True, size=14)
    centre(document.add_paragraph(), subtitle, bold=True)


def line(document: Document, text: str, bold: bool = False, italic: bool = False):
    paragraph = document.add_paragraph()
    run = paragraph.add_run(text)
    run.bold, run.italic = bold, italic
    return paragraph


def table(
    document: Document, headers: list[str], cells: list[str], widths: list[int], blank: str = ""
) -> None:
    """A bordered 12 pt table: a header row repeated on each page, then one row per item of a docxtpl
    ``{%tr for %}`` loop, then (``blank``: the loop's name) blank rows to fill by hand."""
    rows = 4 + (3 if blank else 0)
    grid = document.add_table(rows=rows, cols=len(headers))
    grid.style = "Table Grid"
    fixed(grid, widths)
    head = grid.rows[0]
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    head._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(head.cells, headers, strict=True):
        _small(cell.paragraphs[0], text, bold=True, centre=True)
    _small(grid.rows[1].cells[0].paragraphs[0], cells[0])
    for cell, text in zip(grid.rows[2].cells, cells[1:], strict=True):
        _small(cell.paragraphs[0], text)
    _small(grid.rows[3].cells[0].paragraphs[0], "{%tr endfor %}")
    if blank:
        _small(grid.rows[4].cells[0].paragraphs[0], f"{{%tr for _ in {blank} %}}")
        _small(grid.rows[5].cells[0].paragraphs[0], "1. Giao:")
        grid.rows[5].cells[0].add_paragraph("2. Nhận:").runs[0].font.size = Pt(12)
        _small(grid.rows[6].cells[0].paragraphs[0], "{%tr endfor %}")


def _small(paragraph, text: str, bold: bool = False, centre: bool = False) -> None:
    if centre:
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    run = paragraph.add_run(text)
    run.bold = bold
    run.font.size = Pt(12)


def signatures(document: Document, left: str, right: str, left_name: str = "", right_name: str = "") -> None:
    grid = document.add_table(rows=1, cols=2)
    fixed(grid, [TEXT_WIDTH // 2, TEXT_WIDTH - TEXT_WIDTH // 2])
    for cell, role, name in zip(grid.rows[0].cells, (left, right), (left_name, right_name), strict=True):
        if not role:
            continue
        first = cell.paragraphs[0]
        first.paragraph_format.space_before = Pt(6)
        centre(first, role, bold=True)
        hint = cell.add_paragraph()
        hint.alignment = WD_ALIGN_PARAGRAPH.CENTER
        hint.add_run("(Ký và ghi rõ họ tên)").italic = True
        space = cell.add_paragraph()
        space.paragraph_format.space_after = Pt(40)
        centre(cell.add_paragraph(), name, bold=True)


COMPONENTS = (
    ["STT", "Tên giấy tờ", "Bản chính", "Bản sao"],
    [
        "{%tr for c in components %}",
        "{{ c.position }}",
        "{{ c.name }}",
        "{{ c.originals }}",
        "{{ c.copies }}",
    ],
    [12, 113, 20, 20],
)


def receipt(number: str, receiver_line: str, extra: list[str]) -> Document:
    document = new_document(number, with_qr=True)
    title(document, "Giấy tiếp nhận hồ sơ và hẹn trả kết quả")
    line(document, receiver_line)
    line(
        document, "Ông/bà: {{ applicant }}{% if id_number %} — Số định danh/CCCD: {{ id_number }}{% endif %}"
    )
    line(document, "Địa chỉ: {{ address }}")
    line(document, "Số điện thoại: {{ phone }}    Thư điện tử: {{ email }}")
    line(document, "Nội dung yêu cầu giải quyết: {{ request }}")
    line(document, "1. Thành phần hồ sơ nộp gồm:")
    table(document, *COMPONENTS)
    line(document, "2. Số lượng hồ sơ: {{ sets }} (bộ)")
    line(document, "3. Thời hạn giải quyết hồ sơ theo quy định: {{ time_limit }}")
    line(document, "4. Thời gian nhận hồ sơ: {{ received }}")
    line(document, "5. Thời gian trả kết quả giải quyết hồ sơ: {{ due }}", bold=True)
    line(document, "6. Nhận kết quả tại: {{ return_place }}")
    line(document, "7. Phí, lệ phí: {{ fee }}")
    for text in extra:
        line(document, text, italic=True)
    signatures(document, "NGƯỜI NỘP HỒ SƠ", "NGƯỜI TIẾP NHẬN HỒ SƠ", "{{ applicant }}", "{{ clerk }}")
    return document


def supplement(number: str) -> Document:
    document = new_document(number)
    title(
        document,
        "Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ",
        "Hồ sơ của: {{ applicant }} — Mã hồ sơ: {{ code }}",
    )
    line(document, "Nội dung yêu cầu giải quyết: {{ request }}")
    line(
        document,
        "Sau khi xem xét thành phần hồ sơ, {{ receiver }} đề nghị ông/bà bổ sung, hoàn thiện hồ sơ gồm những "
        "nội dung sau:",
    )
    line(document, "{{ supplement_reason }}", bold=True)
    line(document, "Thời gian chờ bổ sung, hoàn thiện hồ sơ không tính vào thời hạn giải quyết.")
    line(document, "Nếu có vướng mắc, ông/bà liên hệ {{ return_place }} để được hướng dẫn.")
    signatures(document, "", "NGƯỜI HƯỚNG DẪN")
    return document


def refusal(number: str) -> Document:
    document = new_document(number)
    title(document, "Phiếu từ chối tiếp nhận giải quyết hồ sơ")
    line(document, "{{ receiver }} tiếp nhận hồ sơ của ông/bà {{ applicant }}.")
    line(document, "Nội dung yêu cầu giải quyết: {{ request }}")
    line(
        document,
        "Qua nghiên cứu, đối chiếu, hồ sơ không đủ điều kiện để tiếp nhận, giải quyết với lý do cụ thể như sau:",
    )
    line(document, "{{ closing_reason }}", bold=True)
    line(document, "Xin thông báo để ông/bà được biết.")
    signatures(document, "", "NGƯỜI TIẾP NHẬN HỒ SƠ", "", "{{ clerk }}")
    return document


def apology_2018(number: str) -> Document:
    document = new_document(number)
    title(document, "Phiếu xin lỗi và hẹn lại ngày trả kết quả")
    line(
        document,
        "Cơ quan giải quyết hồ sơ xin gửi lời xin lỗi đến ông/bà {{ applicant }} vì hồ sơ đề nghị giải quyết thủ "
        "tục “{{ procedure }}” được tiếp nhận lúc {{ received }}, hẹn trả kết quả lúc {{ due }}, đã quá hạn giải "
        "quyết.",
    )
    line(document, "Lý do: {{ apology_reason }}")
    line(document, "Chúng tôi xin hẹn lại thời gian trả kết quả lúc: {{ new_due }}.", bold=True)
    line(document, "Mong nhận được sự thông cảm của ông/bà vì sự chậm trễ này.")
    signatures(document, "", "THỦ TRƯỞNG CƠ QUAN")
    return document


def apology_2025(number: str) -> Document:
    document = new_document(number)
    title(document, "Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết")
    line(document, "Kính gửi: ông/bà {{ applicant }}.")
    line(
        document,
        "{{ receiver }} tiếp nhận hồ sơ đề nghị giải quyết thủ tục “{{ procedure }}” lúc {{ received }}, hẹn trả "
        "kết quả lúc {{ due }}.",
    )
    line(document, "Lý do chưa giải quyết được đúng hạn: {{ apology_reason }}")
    line(
        document,
        "Cơ quan giải quyết xin lỗi ông/bà và đề nghị gia hạn thời gian giải quyết đến: {{ new_due }}. Thời gian "
        "gia hạn được đặt một lần.",
        bold=True,
    )
    line(document, "Mong nhận được sự thông cảm của ông/bà.")
    signatures(document, "", "THỦ TRƯỞNG CƠ QUAN")
    return document


def stop(number: str) -> Document:
    document = new_document(number)
    title(document, "Thông báo dừng giải quyết hồ sơ")
    line(document, "Kính gửi: ông/bà {{ applicant }}.")
    line(
        document,
        "Hồ sơ đề nghị giải quyết thủ tục “{{ procedure }}” được tiếp nhận lúc {{ received }}, hẹn trả kết quả lúc "
        "{{ due }}.",
    )
    line(
        document,
        "Theo đề nghị của ông/bà, {{ receiver }} thông báo dừng giải quyết hồ sơ nêu trên từ {{ stopped }}.",
    )
    line(document, "Lý do: {{ stop_reason }}", bold=True)
    line(document, "Phí, lệ phí đã nộp (nếu có) được xử lý theo quy định. Xin thông báo để ông/bà được biết.")
    signatures(document, "", "THỦ TRƯỞNG CƠ QUAN")
    return document


def control(number: str) -> Document:
    document = new_document(number)
    title(document, "Phiếu kiểm soát quá trình giải quyết hồ sơ")
    line(document, "Cơ quan, đơn vị chủ trì giải quyết: {{ unit }}")
    line(document, "Người nộp: {{ applicant }} — Thủ tục: {{ procedure }}")
    line(document, "Thời gian nhận hồ sơ: {{ received }} — Hẹn trả: {{ due }}")
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
            "1. Giao: {{ r.from_label }}\n2. Nhận: {{ r.to_label }}",
            "{{ r.handed }}",
            "{{ r.handed_by }} / {{ r.received_by }}",
            "{{ r.result }}",
            "{{ r.step }} {{ r.note }}",
        ],
        [45, 32, 34, 26, 28],
        blank="blank_rows",
    )
    return document


SETS = {
    "2018": {
        "mau01": lambda: receipt(
            "",
            "Bộ phận tiếp nhận và trả kết quả {{ unit }} tiếp nhận hồ sơ của:",
            ["Vào Sổ theo dõi hồ sơ, Quyển số: …… Số thứ tự: ……"],
        ),
        "mau02": lambda: supplement(""),
        "mau03": lambda: refusal(""),
        "mau04": lambda: apology_2018(""),
        "mau05": lambda: control(""),
    },
    "2025": {
        "mau01": lambda: receipt(
            "Mẫu số 01",
            "{{ receiver }} tiếp nhận hồ sơ của:",
            ["Tra cứu tình trạng hồ sơ: quét mã QR trên phiếu này."],
        ),
        "mau02": lambda: supplement("Mẫu số 02"),
        "mau03": lambda: refusal("Mẫu số 03"),
        "mau04": lambda: apology_2025("Mẫu số 04"),
        "stop": lambda: stop("Mẫu số 05"),
        "mau05": lambda: control("Mẫu số 06"),
    },
}


if __name__ == "__main__":
    for rule_set, forms in SETS.items():
        folder = ROOT / rule_set
        folder.mkdir(parents=True, exist_ok=True)
        for name, build in forms.items():
            build().save(folder / f"{name}.docx")
            print(folder / f"{name}.docx")
