import io
from datetime import datetime

import time_machine
from django.core.management import call_command
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook

from cchc.accounts.scoping import system_user
from cchc.core.calendar import VN_TZ
from cchc.core.kpi import parse_period
from cchc.kpis.engine import compute
from cchc.reports.models import Report
from cchc.reports.services import monthly_report_make, report_remake, weekly_report_make
from tests.kpis.test_engine import dossier


def table_rows(document, heading: str) -> list[list[str]]:
    """The rows of the first table after the paragraph ``heading``."""
    found = False
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph) and block.text.strip() == heading:
            found = True
        elif found and isinstance(block, Table):
            return [[cell.text for cell in row.cells] for row in block.rows]
    raise AssertionError(heading)


def seed(y_yen):
    call_command("load-targets", "notice-2022")
    lam, trung = y_yen["13795"], y_yen["13798"]
    # Month to date (1–10/11) for Lâm: 3 level-3 dossiers, 2 online; one in the report week (4–10/11).
    dossier(lam, "2022-11-02 09:00", channel="online", digitised=True)
    dossier(lam, "2022-11-03 09:00", channel="online")
    dossier(lam, "2022-11-07 09:00", digitised=True)
    dossier(trung, "2022-11-08 10:00", channel="online", fee=2000, paid_online=True)
    dossier(lam, "2022-11-11 08:00", channel="online")  # on the report day: not in this report


def test_the_docx_tables_match_the_kpi_engine(y_yen):
    seed(y_yen)
    report = weekly_report_make(actor=None, report_date=datetime(2022, 11, 11).date())
    document = Document(report.docx.open("rb"))
    text = "\n".join(p.text for p in document.paragraphs)
    assert "BÁO CÁO" in text
    assert "tuần 04/11–10/11/2022" in text
    assert "lũy kế tháng: từ 01/11/2022 đến 10/11/2022" in text
    summary = table_rows(document, "II. Tổng hợp toàn huyện")
    online = next(r for r in summary if r[0].startswith("Tỷ lệ hồ sơ trực tuyến"))
    # Week 4–10/11: Lâm 7/11 (not online) + Yên Trung 8/11 (online) = 1 of 2; month: 3 of 4.
    assert online[1:] == ["50,0%", "75,0%"]
    engine = {
        (r.unit.code if r.unit else "*"): r.figure
        for r in compute(
            user=system_user(),
            period=parse_period("2022-11-01..2022-11-10"),
            as_of=datetime(2022, 11, 11, tzinfo=VN_TZ),
            indicator_codes=["online_rate"],
        )
    }
    units = table_rows(document, "V. Kết quả từng đơn vị (lũy kế tháng) so với chỉ tiêu")
    lam_row = next(r for r in units if r[0] == "Thị trấn Lâm")
    assert lam_row[1] == engine["13795"].shown() == "66,7%"
    behind = table_rows(document, "III. Các đơn vị chưa đạt chỉ tiêu (lũy kế tháng)")
    # Lâm: 2 of 3 online (66,7%) against ≥ 85%: 18,3 points short; a week earlier (1–3/11) 2 of 2, 100%.
    assert ["Thị trấn Lâm", "Trực tuyến mức 3, 4", "66,7%", "≥ 85%", "18,3 điểm", "↓ 33,3 (xấu đi)"] in behind
    assert "Nơi nhận:" in "\n".join(c.text for t in document.tables for row in t.rows for c in row.cells)


def test_the_xlsx_holds_numbers_formatted_as_percentages(y_yen):
    seed(y_yen)
    report = weekly_report_make(actor=None, report_date=datetime(2022, 11, 11).date())
    workbook = load_workbook(io.BytesIO(report.xlsx.open("rb").read()))
    summary = workbook["Tổng hợp"]
    online = next(
        row for row in summary.iter_rows(min_row=4) if str(row[0].value).startswith("Tỷ lệ hồ sơ trực tuyến")
    )
    assert [c.value for c in online[1:4]] == [1, 2, 0.5]
    assert online[3].number_format == "0.0%"
    sheet = workbook["Trực tuyến mức 3, 4"]
    lam = next(row for row in sheet.iter_rows(min_row=3) if row[0].value == "13795")
    assert lam[4].value == 2 / 3
    assert isinstance(lam[2].value, int)
    assert sheet.freeze_panes == "C3"


def test_remaking_a_past_friday_with_its_two_moments_reproduces_the_archive(y_yen):
    seed(y_yen)
    with time_machine.travel(datetime(2022, 11, 11, 8, 0, tzinfo=VN_TZ), tick=False):
        first = weekly_report_make(actor=None, report_date=datetime(2022, 11, 11).date())
    # A dossier of 9/11 imported on 20/11: the report as issued does not change, the report as known now does.
    late = dossier(y_yen["13795"], "2022-11-09 09:00", channel="online")
    late.recorded_at = datetime(2022, 11, 20, 10, 0, tzinfo=VN_TZ)
    late.save(update_fields=["recorded_at"])
    archived = Report.objects.get(pk=first.pk)
    assert (archived.as_of, archived.known_at) == (
        datetime(2022, 11, 11, 0, 0, tzinfo=VN_TZ),
        datetime(2022, 11, 11, 8, 0, tzinfo=VN_TZ),
    )
    assert report_remake(report=archived).record() == archived.figures
    now = report_remake(report=archived, known_at=datetime(2022, 11, 21, tzinfo=VN_TZ))
    assert now.record() != archived.figures
    assert now.as_of == archived.as_of


def test_a_date_with_no_data_says_no_data_rather_than_zero(y_yen):
    call_command("load-targets", "notice-2022")
    report = weekly_report_make(actor=None, report_date=datetime(2023, 3, 3).date())
    document = Document(report.docx.open("rb"))
    summary = table_rows(document, "II. Tổng hợp toàn huyện")
    online = next(r for r in summary if r[0].startswith("Tỷ lệ hồ sơ trực tuyến"))
    assert online[1:] == ["không phát sinh", "không phát sinh"]
    assert "Không có hồ sơ quá hạn." in "\n".join(p.text for p in document.paragraphs)


def test_the_command_writes_the_files_and_archives_them(y_yen, tmp_path):
    seed(y_yen)
    out = io.StringIO()
    call_command("weekly-report", "--date", "2022-11-11", "--out", str(tmp_path), stdout=out)
    assert Report.objects.count() == 1
    assert sorted(p.suffix for p in tmp_path.iterdir())[:2] == [".docx", ".xlsx"] or {".docx", ".xlsx"} <= {
        p.suffix for p in tmp_path.iterdir()
    }
    assert "Đã lập: Báo cáo kết quả thực hiện dịch vụ công trực tuyến tuần 04/11–10/11/2022" in out.getvalue()


def test_a_pdf_is_made_where_libreoffice_is_installed(y_yen, settings):
    import pytest

    from cchc.dossiers.documents import pdf_converter

    if pdf_converter() is None:
        pytest.skip("LibreOffice is not installed on this machine")
    settings.REPORT_PDF = True
    report = weekly_report_make(actor=None, report_date=datetime(2022, 11, 11).date())
    assert report.pdf.open("rb").read(5) == b"%PDF-"


def test_the_monthly_report_shows_each_units_move_since_the_previous_month(y_yen):
    call_command("load-targets", "notice-2022")
    lam, trung = y_yen["13795"], y_yen["13798"]
    dossier(lam, "2022-10-05 09:00", channel="online")  # October: Lâm 1 of 2 online (50%)
    dossier(lam, "2022-10-06 09:00")
    for day in (3, 4, 7):  # November: Lâm 2 of 3 online (66.7%)
        dossier(lam, f"2022-11-{day:02d} 09:00", channel="online" if day != 7 else "in_person")
    dossier(trung, "2022-11-08 10:00", channel="online")  # Yên Trung: nothing in October to compare with

    report = monthly_report_make(actor=None, report_date=datetime(2022, 11, 30).date())

    document = Document(report.docx.open("rb"))
    rows = table_rows(document, "V. Kết quả từng đơn vị (tháng báo cáo) so với chỉ tiêu")
    online = rows[0].index("Trực tuyến mức 3, 4")
    by_unit = {row[0]: row[online] for row in rows[1:]}
    assert by_unit["Thị trấn Lâm"] == "66,7% (+16,7)"
    assert by_unit["Xã Yên Trung"] == "100,0%"
    assert by_unit["Xã Yên Thành"] == "không phát sinh"


def test_every_sheet_of_the_xlsx_prints_on_a4_fit_to_width_with_its_header_repeated(y_yen):
    seed(y_yen)
    report = weekly_report_make(actor=None, report_date=datetime(2022, 11, 11).date())
    workbook = load_workbook(io.BytesIO(report.xlsx.open("rb").read()))
    for sheet in workbook.worksheets:
        setup = sheet.page_setup
        assert (setup.paperSize, setup.fitToWidth, setup.fitToHeight) == (9, 1, 0), sheet.title
        assert sheet.sheet_properties.pageSetUpPr.fitToPage
        assert sheet.oddHeader.center.text == sheet.title.replace("&", "&&")
    indicator = workbook["Trực tuyến mức 3, 4"]
    assert indicator.print_title_rows == "$1:$2"  # frozen at C3: the title and the column names
    lam = next(row for row in indicator.iter_rows(min_row=3) if row[0].value == "13795")
    assert lam[2].alignment.horizontal == "right"
