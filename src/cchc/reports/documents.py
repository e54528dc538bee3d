"""The report as Word (Decree 30/2020 layout) and as Excel (numbers as numbers, one sheet per indicator)."""

import io
from typing import TYPE_CHECKING

from docx import Document
from docx.enum.section import WD_ORIENT
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt, RGBColor
from openpyxl import Workbook
from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter

from cchc.core.calendar import local
from cchc.core.kpi import NO_DATA, gap_points
from cchc.core.xlsx import neutralise, workbook_bytes
from cchc.docx_layout import centre, fixed, heading
from cchc.i18n import in_vietnamese
from cchc.reports import charts
from cchc.reports.figures import SHORT_NAMES, Board, Cell
from cchc.units.models import Unit

if TYPE_CHECKING:
    from cchc.reports.services import Content

WORD_INDICATORS = ["online_rate", "online_payment_rate", "digitised_rate", "e_result_rate", "overdue_open"]
FILLS = {"met": "DFF3E4", "near": "FFF1C2", "behind": "F9D6D2", "nodata": "F0F2F4"}
ISSUER = ("UBND HUYỆN Ý YÊN", "PHÒNG VĂN HÓA VÀ THÔNG TIN", "Số:       /BC-VHTT")
RECIPIENTS = [
    "- Thường trực Huyện ủy, HĐND huyện (để b/c);",
    "- Chủ tịch, các Phó Chủ tịch UBND huyện (để b/c);",
    "- Các phòng chuyên môn thuộc UBND huyện;",
    "- UBND các xã, thị trấn;",
    "- Lưu: VT, VHTT.",
]


def _cell(board: Board, unit: Unit | None, code: str) -> Cell | None:
    """The cell of ``unit`` (None: the roll-up), the unit itself: one code names two units across 1/7/2025."""
    rows = [board.total] if unit is None else [r for r in board.rows if r.unit == unit]
    for row in rows:
        if row is None:
            continue
        for cell in row.cells:
            if cell.indicator.code == code:
                return cell
    return None


def _shown(cell: Cell | None) -> str:
    return cell.figure.shown() if cell else NO_DATA


def _change(now: Cell | None, before: Cell | None) -> str:
    """ " (+3,1)": the move since the previous period, in percentage points (dossiers for a count); nothing
    when either period has no data."""
    if now is None or before is None or now.figure.value is None or before.figure.value is None:
        return ""
    delta = now.figure.value - before.figure.value
    if now.figure.is_count:
        text = f"{delta:+}" if delta else "±0"
    else:
        text = f"{delta:+.1f}".replace(".", ",") if delta else "±0,0"
    return f" ({text})"


def _table(
    document,
    header: list[str],
    rows: list[list[str]],
    widths: list[float],
    size: int = 11,
    text_columns: int = 1,
):
    """A bordered table: its header repeated on each page, the first ``text_columns`` as text, the others
    (figures, dates) right-aligned."""
    table = document.add_table(rows=1, cols=len(header))
    table.style = "Table Grid"
    repeat = OxmlElement("w:tblHeader")
    repeat.set(qn("w:val"), "true")
    table.rows[0]._tr.get_or_add_trPr().append(repeat)
    for cell, text in zip(table.rows[0].cells, header, strict=True):
        paragraph = cell.paragraphs[0]
        paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
        run = paragraph.add_run(text)
        run.bold, run.font.size = True, Pt(size)
    for values in rows:
        cells = table.add_row().cells
        for index, (cell, text) in enumerate(zip(cells, values, strict=True)):
            paragraph = cell.paragraphs[0]
            if index >= text_columns:
                paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
            paragraph.add_run(str(text)).font.size = Pt(size)
    fixed(table, widths)
    return table


def _target_text(target, is_count: bool) -> str:
    """ "≥ 85%"; for the overdue count, the notice's words: "không có hồ sơ quá hạn"."""
    if is_count and target.comparison == "<=" and target.value == 0:
        return "không có"
    return target.shown(not is_count)


def _move(now: Cell | None, before: Cell | None) -> str:
    """ "↑ 3,1", "↓ 2,0", "→" against the same figure a week (or a month) earlier; "" without both."""
    if now is None or before is None or now.figure.value is None or before.figure.value is None:
        return ""
    delta = now.figure.value - before.figure.value
    better = delta < 0 if now.figure.is_count else delta > 0
    if not delta:
        return "→"
    shown = f"{abs(delta)}" if now.figure.is_count else f"{abs(delta):.1f}".replace(".", ",")
    return f"{'↑' if delta > 0 else '↓'} {shown}" + ("" if better else " (xấu đi)")


def _gap(cell: Cell) -> str:
    if cell.figure.is_count:
        return f"{cell.figure.numerator} hồ sơ"
    points = gap_points(cell.figure, cell.target)
    return "" if points is None else f"{points}".replace(".", ",") + " điểm"


@in_vietnamese
def docx(content: "Content") -> bytes:
    document = Document()
    section = document.sections[0]
    section.orientation = WD_ORIENT.PORTRAIT
    section.page_width, section.page_height = Mm(210), Mm(297)
    section.top_margin = section.bottom_margin = Mm(20)
    section.left_margin, section.right_margin = Mm(30), Mm(15)
    normal = document.styles["Normal"]
    normal.font.name, normal.font.size = "Times New Roman", Pt(13)
    normal.element.rPr.rFonts.set(qn("w:eastAsia"), "Times New Roman")
    normal.paragraph_format.space_after = Pt(3)
    section_style = document.styles["Heading 2"]
    section_style.font.name, section_style.font.size, section_style.font.color.rgb = (
        "Times New Roman",
        Pt(13),
        RGBColor(0, 0, 0),
    )
    for theme in ("w:asciiTheme", "w:hAnsiTheme", "w:eastAsiaTheme", "w:cstheme"):
        section_style.element.rPr.rFonts.attrib.pop(qn(theme), None)

    day = content.report_date
    heading(
        document,
        superior=ISSUER[0],
        body=ISSUER[1],
        number=ISSUER[2],
        date_line=f"Ý Yên, ngày {day:%d} tháng {day:%m} năm {day:%Y}",
    )

    centre(document.add_paragraph(), "BÁO CÁO", bold=True, size=14)
    subtitle = content.title.replace("Báo cáo k", "K", 1).replace(
        "dịch vụ công trực tuyến",
        "dịch vụ công trực tuyến, thanh toán trực tuyến, số hóa hồ sơ, trả kết quả điện tử",
        1,
    )
    centre(document.add_paragraph(), subtitle, bold=True)

    main, second = content.main, content.second
    weekly = content.kind == "weekly"
    before = content.before if weekly else second
    document.add_heading("I. Kỳ báo cáo", level=2)
    if weekly:
        document.add_paragraph(
            f"Tuần báo cáo: từ {second.period.start:%d/%m/%Y} đến {second.period.end:%d/%m/%Y}; "
            f"lũy kế tháng: từ {main.period.start:%d/%m/%Y} đến {main.period.end:%d/%m/%Y}."
        )
    else:
        document.add_paragraph(f"Kỳ báo cáo: {main.period.label}; so sánh với {second.period.label}.")
    document.add_paragraph(f"Số liệu tính đến {local(content.as_of):%H giờ %M, ngày %d/%m/%Y}.").runs[
        0
    ].italic = True

    document.add_heading("II. Tổng hợp toàn huyện", level=2)
    second_label = "Tuần báo cáo" if weekly else "Tháng trước"
    main_label = "Lũy kế tháng" if weekly else "Tháng báo cáo"
    rows = []
    for indicator in main.indicators:
        rows.append(
            [
                indicator.name,
                _shown(_cell(second, None, indicator.code)),
                _shown(_cell(main, None, indicator.code)),
            ]
        )
    _table(document, ["Chỉ số", second_label, main_label], rows, [105, 30, 30])

    compared = "tuần trước" if weekly else "tháng trước"
    document.add_heading(f"III. Các đơn vị chưa đạt chỉ tiêu ({main_label.lower()})", level=2)
    behind_rows = [
        [
            unit.name,
            SHORT_NAMES[indicator.code],
            cell.figure.shown(),
            _target_text(cell.target, indicator.is_count) if cell.target else "",
            _gap(cell),
            _move(cell, _cell(before, unit, indicator.code) if before else None),
        ]
        for indicator in main.indicators
        for unit, cell in main.behind(indicator.code)
    ]
    if behind_rows:
        _table(
            document,
            ["Đơn vị", "Chỉ số", "Kết quả", "Chỉ tiêu", "Còn thiếu", f"So với {compared}"],
            behind_rows,
            [38, 38, 20, 21, 24, 24],
            text_columns=2,
        )
        document.add_paragraph(
            "Còn thiếu: số điểm phần trăm đến chỉ tiêu (với hồ sơ quá hạn: số hồ sơ). ↑ ↓: kết quả tăng, giảm "
            f"so với {compared}, tính bằng điểm phần trăm."
        ).runs[0].italic = True
    else:
        document.add_paragraph("Các đơn vị đều đạt các chỉ tiêu đã cam kết hoặc không phát sinh hồ sơ.")

    document.add_heading("IV. Hồ sơ quá hạn chưa giải quyết", level=2)
    if content.overdue:
        shown = (
            f" (liệt kê {min(50, len(content.overdue))} hồ sơ quá hạn lâu nhất)"
            if content.overdue_count > 50
            else ""
        )
        document.add_paragraph(f"Toàn huyện có {content.overdue_count} hồ sơ quá hạn chưa giải quyết{shown}:")
        _table(
            document,
            ["Mã hồ sơ", "Đơn vị", "Thủ tục", "Hẹn trả"],
            [
                [d.code, d.unit.name, d.procedure.name[:60], f"{local(d.due_at):%d/%m/%Y}"]
                for d in content.overdue[:50]
            ],
            [42, 33, 65, 25],
            size=10,
            text_columns=3,
        )
    else:
        document.add_paragraph("Không có hồ sơ quá hạn.")

    document.add_heading(f"V. Kết quả từng đơn vị ({main_label.lower()}) so với chỉ tiêu", level=2)
    header = ["Đơn vị", *[SHORT_NAMES[c] for c in WORD_INDICATORS]]
    unit_rows = [
        [
            row.unit.name,
            *[
                _shown(_cell(main, row.unit, c))
                + ("" if weekly else _change(_cell(main, row.unit, c), _cell(second, row.unit, c)))
                for c in WORD_INDICATORS
            ],
        ]
        for row in main.rows
    ]
    _table(document, header, unit_rows, [40, 25, 25, 25, 25, 25], size=10)
    if not weekly:
        document.add_paragraph(
            "(Trong ngoặc: tăng, giảm so với tháng trước, tính bằng điểm phần trăm; với số hồ sơ quá hạn, "
            "bằng số hồ sơ.)"
        ).runs[0].italic = True
    document.add_paragraph(
        "(Chỉ tiêu xã, thị trấn: trực tuyến ≥ 85%, thanh toán trực tuyến ≥ 50%, số hóa ≥ 70%, "
        "kết quả điện tử ≥ 80%, không có hồ sơ quá hạn.)"
    ).runs[0].italic = True

    document.add_heading("VI. Biểu đồ", level=2)
    for code in WORD_INDICATORS[:4]:
        values = [
            (row.unit.name, _cell(main, row.unit, code).figure)
            for row in main.rows
            if row.unit.is_commune_level
        ]
        if not values:
            continue
        target = next(
            (c.target for r in main.rows for c in r.cells if c.indicator.code == code and c.target), None
        )
        png = charts.units_bar(values, target, SHORT_NAMES[code], kind="png")
        document.add_picture(io.BytesIO(png), width=Mm(160))

    signature = document.add_table(rows=1, cols=2)
    fixed(signature, [85, 80])
    to_cell, sign_cell = signature.rows[0].cells
    received = to_cell.paragraphs[0].add_run("Nơi nhận:")
    received.bold, received.italic, received.font.size = True, True, Pt(12)
    for line in RECIPIENTS:
        to_cell.add_paragraph(line).runs[0].font.size = Pt(11)
    centre(sign_cell.paragraphs[0], "TRƯỞNG PHÒNG", bold=True)
    centre(sign_cell.add_paragraph(), "(Ký, ghi rõ họ tên)", italic=True, size=12)
    for _ in range(4):
        sign_cell.add_paragraph()
    centre(sign_cell.add_paragraph(), "……………………………", bold=True)
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@in_vietnamese
def xlsx(content: "Content") -> bytes:
    workbook = Workbook()
    summary = workbook.active
    summary.title = "Tổng hợp"
    main, second = content.main, content.second
    summary.append([content.title])
    summary.append([f"Số liệu tính đến {local(content.as_of):%H:%M %d/%m/%Y}"])
    summary.append(
        ["Chỉ số", "Tử số (kỳ)", "Mẫu số (kỳ)", second.period.label, "Tử số", "Mẫu số", main.period.label]
    )
    for indicator in main.indicators:
        week, month_ = _cell(second, None, indicator.code), _cell(main, None, indicator.code)
        summary.append(
            [
                indicator.name,
                week.figure.numerator,
                week.figure.denominator,
                _number(week),
                month_.figure.numerator,
                month_.figure.denominator,
                _number(month_),
            ]
        )
        for column in (4, 7):
            cell = summary.cell(row=summary.max_row, column=column)
            cell.number_format = "0" if indicator.is_count else "0.0%"
    _header(summary, 3, [48, 12, 12, 18, 10, 10, 18])
    for indicator in main.indicators:
        sheet = workbook.create_sheet(SHORT_NAMES[indicator.code][:31].replace(":", ""))
        sheet.append([indicator.name, main.period.label])
        sheet.append(
            [
                "Mã đơn vị",
                "Đơn vị",
                "Tử số",
                "Mẫu số",
                "Tỷ lệ" if not indicator.is_count else "Số hồ sơ",
                "Chỉ tiêu",
                "Đánh giá",
            ]
        )
        for row in main.rows:
            cell = _cell(main, row.unit, indicator.code)
            verdict = {
                "met": "Đạt",
                "near": "Chưa đạt (dưới 10 điểm)",
                "behind": "Chưa đạt",
                "nodata": NO_DATA,
            }.get(cell.status, "")
            sheet.append(
                [
                    neutralise(row.unit.code),
                    neutralise(row.unit.name),
                    cell.figure.numerator,
                    cell.figure.denominator,
                    _number(cell),
                    cell.target.shown(not indicator.is_count) if cell.target else None,
                    verdict,
                ]
            )
            value = sheet.cell(row=sheet.max_row, column=5)
            value.number_format = "0" if indicator.is_count else "0.0%"
            if cell.status in FILLS:
                value.fill = PatternFill("solid", fgColor=FILLS[cell.status])
        _header(sheet, 2, [12, 40, 10, 10, 12, 12, 24])
    return workbook_bytes(workbook)


def _number(cell: Cell):
    """A number for Excel: a fraction of 1 for a rate (shown as %), the count for a count; text for no data."""
    rate = cell.figure.rate
    if rate is None:
        return NO_DATA
    return int(rate) if cell.figure.is_count else float(rate)


def _header(sheet, row: int, widths: list[int]) -> None:
    for cell in sheet[row]:
        cell.font = Font(bold=True)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
    sheet["A1"].font = Font(bold=True, size=13)
    for index, width in enumerate(widths, start=1):
        sheet.column_dimensions[get_column_letter(index)].width = width
    sheet.freeze_panes = sheet.cell(row=row + 1, column=3 if sheet.title != "Tổng hợp" else 2)
