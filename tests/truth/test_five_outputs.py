"""One dataset, five outputs: ``cchc kpi --format json``, ``/api/v1/kpi``, the dashboard's cells, the Friday
report's DOCX and its XLSX give the same figures, and the naive implementation's."""

import json
import re
from datetime import datetime
from html.parser import HTMLParser
from io import StringIO

from django.core.management import call_command
from docx import Document
from docx.table import Table
from docx.text.paragraph import Paragraph
from openpyxl import load_workbook

from cchc.reports.models import Report
from tests.conftest import PASSWORD
from tests.truth import exports, naive
from tests.truth.test_figures import load_district

FRIDAY = "2022-11-11"
AS_OF = datetime(2022, 11, 11, 0, 0)  # a Friday report is made as of Friday 00:00
NOW = datetime(2030, 1, 1)
PERIODS = {"week": "rw:2022-11-10", "month": "mtd:2022-11-10"}  # 4–10/11 and 1–10/11
WORD_COLUMNS = ["online_rate", "online_payment_rate", "digitised_rate", "e_result_rate", "overdue_open"]


def from_cli(period: str) -> dict:
    out = StringIO()
    call_command(
        "kpi", "--period", period, "--as-of", f"{AS_OF:%Y-%m-%d %H:%M}", "--format", "json", stdout=out
    )
    return {
        (r["unit_code"], r["indicator"]): (r["numerator"], r["denominator"])
        for r in json.loads(out.getvalue())
    }


def from_api(client, period: str) -> dict:
    answer = client.get("/api/v1/kpi", {"period": period, "as_of": f"{AS_OF:%Y-%m-%dT%H:%M}"})
    assert answer.status_code == 200
    return {(r["unit_code"], r["indicator"]): (r["numerator"], r["denominator"]) for r in answer.json()}


class Cells(HTMLParser):
    """The dashboard board's cells: (unit code, indicator) → (numerator, denominator) from their attributes."""

    def __init__(self) -> None:
        super().__init__()
        self.unit: str | None = None
        self.found: dict[tuple[str, str], tuple[int, int | None]] = {}

    def handle_starttag(self, tag, attrs):
        attributes = dict(attrs)
        if tag == "tr":
            self.unit = attributes.get("data-unit")
        if tag == "td" and self.unit and "data-numerator" in attributes:
            denominator = attributes["data-denominator"]
            unit = "360" if self.unit == "*" else self.unit
            self.found[(unit, attributes["data-indicator"])] = (
                int(attributes["data-numerator"]),
                int(denominator) if denominator else None,
            )


def dashboard(client, period: str) -> str:
    page = client.get("/dashboard/", {"period": period, "as_of": f"{AS_OF:%Y-%m-%dT%H:%M}"})
    assert page.status_code == 200
    return page.text


def from_dashboard(client, period: str) -> dict:
    parser = Cells()
    parser.feed(dashboard(client, period))
    return parser.found


def dossier_links(html: str) -> set[str]:
    """The codes of the dossiers a page links to (the export's codes end with a daily number)."""
    return set(re.findall(r'href="/dossiers/([^/"]+-\d{4})/"', html))


def from_xlsx(report: Report) -> dict:
    """{(board, unit, indicator): (n, d)}: the district's two columns on the summary, units on each sheet."""
    book = load_workbook(report.xlsx.path)
    summary = book["Tổng hợp"]
    found = {}
    for name, week_n, week_d, _, month_n, month_d, _ in summary.iter_rows(min_row=4, values_only=True):
        found[("week", "360", naive.NAMES[name])] = (week_n, week_d)
        found[("month", "360", naive.NAMES[name])] = (month_n, month_d)
    for sheet in book.worksheets[1:]:
        code = naive.NAMES[sheet["A1"].value]
        for unit, _, numerator, denominator, *_ in sheet.iter_rows(min_row=3, values_only=True):
            found[("month", unit, code)] = (numerator, denominator)
    return found


def table_after(document, heading: str):
    """The first table after the paragraph ``heading``."""
    found = False
    for block in document.iter_inner_content():
        if isinstance(block, Paragraph) and block.text.strip() == heading:
            found = True
        elif found and isinstance(block, Table):
            return block
    raise AssertionError(heading)


def from_docx(report: Report, unit_codes: dict[str, str]) -> dict:
    """{(board, unit, indicator): shown text}: the district's summary table and the units' table."""
    document = Document(report.docx.path)
    summary = table_after(document, "II. Tổng hợp toàn huyện")
    units = table_after(document, "V. Kết quả từng đơn vị (lũy kế tháng) so với chỉ tiêu")
    found = {}
    for row in summary.rows[1:]:
        name, week, month = (c.text for c in row.cells)
        found[("week", "360", naive.NAMES[name])] = week
        found[("month", "360", naive.NAMES[name])] = month
    for row in units.rows[1:]:
        name, *values = (c.text for c in row.cells)
        for code, text in zip(WORD_COLUMNS, values, strict=True):
            found[("month", unit_codes[name], code)] = text
    return found


def test_it_shows_the_same_figures_in_the_cli_the_api_the_dashboard_the_docx_and_the_xlsx(
    db, tmp_path, client, leader
):
    path = exports.write(exports.export(21, rows=400), tmp_path / "xuat.xlsx", seed=21)
    dossiers, _ = naive.read(path)
    load_district(path)
    call_command("weekly-report", "--date", FRIDAY, stdout=StringIO())
    report = Report.objects.get()
    assert client.login(username=leader.username, password=PASSWORD)

    sources = {"cli": {}, "api": {}, "dashboard": {}}
    wanted = {}
    for board, period in PERIODS.items():
        start, end = naive.period(period)
        table = naive.figures(dossiers, start=start, end=end, as_of=AS_OF, known_at=NOW)
        for name, figures in (
            ("cli", from_cli(period)),
            ("api", from_api(client, period)),
            ("dashboard", from_dashboard(client, period)),
        ):
            sources[name].update({(board, *key): figure for key, figure in figures.items()})
        wanted.update({key: naive.figure(table, *key[1:]) for key in sources["cli"] if key[0] == board})

    assert len(wanted) == 2 * 44 * len(naive.INDICATORS)  # two periods, 43 units and the district
    assert sources["cli"] == wanted
    assert sources["api"] == wanted
    assert sources["dashboard"] == {
        key: value for key, value in wanted.items() if key[2] in naive.NOTICE_INDICATORS
    }
    workbook = from_xlsx(report)
    assert workbook == {key: wanted[key] for key in workbook}
    assert len(workbook) == 2 * 12 + 43 * 12
    out = StringIO()
    call_command("kpi", "--period", PERIODS["month"], "--format", "json", stdout=out)
    unit_codes = {r["unit_name"]: r["unit_code"] for r in json.loads(out.getvalue())}
    document = from_docx(report, unit_codes)
    assert document == {key: naive.shown(wanted[key]) for key in document}
    assert len(document) == 2 * 12 + 43 * 5


def test_it_lists_the_same_overdue_dossiers_on_the_dashboard_the_report_and_the_clerks_page(
    db, tmp_path, client, leader, lam_clerk
):
    path = exports.write(exports.export(21, rows=400), tmp_path / "xuat.xlsx", seed=21)
    dossiers, _ = naive.read(path)
    load_district(path)
    call_command("weekly-report", "--date", FRIDAY, stdout=StringIO())
    overdue = naive.overdue_codes(dossiers, AS_OF, known_at=NOW)
    assert 10 < len(overdue) < 30  # the dashboard lists the 30 longest overdue, the report 50

    assert client.login(username=leader.username, password=PASSWORD)
    page = dashboard(client, PERIODS["month"])
    assert f"Hồ sơ quá hạn chưa giải quyết: {len(overdue)}" in page
    assert dossier_links(page) == overdue
    tables = Document(Report.objects.get().docx.path).tables
    (listed,) = [t for t in tables if t.rows[0].cells[0].text == "Mã hồ sơ"]
    assert {row.cells[0].text for row in listed.rows[1:]} == overdue

    assert client.login(username=lam_clerk.username, password=PASSWORD)
    now = datetime.now()
    lam_now = naive.overdue_codes(dossiers, now, known_at=now, unit="13795")
    assert 0 < len(lam_now) < 50
    assert dossier_links(client.get("/dossiers/").text) == lam_now
