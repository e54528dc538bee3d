"""A Friday report, then older dossiers of its week imported: the archive holds, the revisions page lists
exactly the cells the naive implementation says moved."""

import json
import random
import re
from datetime import datetime
from html.parser import HTMLParser
from io import StringIO

import time_machine
from django.core.management import call_command

from cchc.core.calendar import VN_TZ
from cchc.reports.models import Report
from cchc.reports.services import report_remake
from tests.conftest import PASSWORD
from tests.truth import exports, naive
from tests.truth.test_figures import load_district

FIRST_EXPORT = datetime(2022, 11, 11, 6, 0)  # the portal's export, imported before the report
ISSUED = datetime(2022, 11, 11, 8, 0)  # Friday 11/11, 08:00: the report is issued
LATE_EXPORT = datetime(2022, 11, 20, 10, 0)  # the dossiers the first export missed
TODAY = datetime(2022, 11, 21, 9, 0)
AS_OF = datetime(2022, 11, 11, 0, 0)
BOARDS = {"main": "mtd:2022-11-10", "second": "rw:2022-11-10"}
BOARD_LABELS = {"Lũy kế tháng": "main", "Tuần báo cáo": "second"}


def at(moment: datetime):
    return time_machine.travel(moment.replace(tzinfo=VN_TZ), tick=False)


def split(rows: list[dict]) -> tuple[list[dict], list[dict]]:
    """A third of the dossiers received 1–10/11 reach cchc only with the late export."""
    chooser = random.Random(5)
    late_codes = {
        r["code"]
        for r in rows
        if datetime(2022, 11, 1) <= r["_truth"]["received"] < datetime(2022, 11, 11)
        and chooser.random() < 0.33
    }
    return [r for r in rows if r["code"] not in late_codes], [r for r in rows if r["code"] in late_codes]


def archive(dossiers: list[naive.Dossier], known_at: datetime, units: list[str]) -> dict:
    """The report's figures for ``units`` as the naive implementation makes them, in the archive's shape."""
    record = {}
    for board, period in BOARDS.items():
        start, end = naive.period(period)
        table = naive.figures(dossiers, start=start, end=end, as_of=AS_OF, known_at=known_at)
        record[board] = {
            unit: {
                i: list(naive.figure(table, "360" if unit == "*" else unit, i))
                for i in naive.NOTICE_INDICATORS
            }
            for unit in units
        }
    return record


class Revisions(HTMLParser):
    """The rows of the revisions table, as the texts of their cells."""

    def __init__(self) -> None:
        super().__init__()
        self.rows: list[list[str]] = []
        self.inside = False

    def handle_starttag(self, tag, attrs):
        if tag == "tr":
            self.rows.append([])
        if tag == "td":
            self.inside = True
            self.rows[-1].append("")

    def handle_endtag(self, tag):
        if tag == "td":
            self.inside = False

    def handle_data(self, data):
        if self.inside:
            self.rows[-1][-1] += data


def test_it_keeps_the_report_and_lists_exactly_the_cells_a_late_import_moved(db, tmp_path, client, leader):
    rows = exports.export(31, rows=500, xlsx=False)
    first, late = split(rows)
    first_file = exports.write(exports.as_exported_at(first, FIRST_EXPORT), tmp_path / "dot-1.csv", seed=31)
    late_file = exports.write(exports.as_exported_at(late, LATE_EXPORT), tmp_path / "dot-2.csv", seed=32)
    dossiers = (
        naive.read(first_file, recorded=FIRST_EXPORT)[0] + naive.read(late_file, recorded=LATE_EXPORT)[0]
    )
    with at(FIRST_EXPORT):
        load_district(first_file)
    with at(ISSUED):
        call_command("weekly-report", "--date", "2022-11-11", stdout=StringIO())
    with at(LATE_EXPORT):
        call_command("import-dossiers", str(late_file), "--no-progress", stdout=StringIO())
    report = Report.objects.get()

    units = list(report.figures["main"])
    assert len(units) == 44  # 43 units and the district
    then, now = archive(dossiers, ISSUED, units), archive(dossiers, TODAY, units)
    assert report.figures == then
    assert report_remake(report=report).record() == then

    moved = {
        (board, unit, indicator, tuple(before), tuple(now[board][unit][indicator]))
        for board in then
        for unit in then[board]
        for indicator, before in then[board][unit].items()
        if indicator != "overdue_open" and before != now[board][unit][indicator]
    }
    assert len(moved) > 20
    out = StringIO()
    call_command("kpi", "--period", "2022-11", "--format", "json", stdout=out)
    codes = {r["unit_name"]: r["unit_code"] for r in json.loads(out.getvalue())} | {"Toàn huyện": "*"}
    assert client.login(username=leader.username, password=PASSWORD)
    with at(TODAY):
        page = client.get(f"/dashboard/reports/{report.pk}/revisions/")
    parser = Revisions()
    parser.feed(page.text)
    listed = set()
    for board, unit, indicator, before, after in (r for r in parser.rows if r):
        figures = [tuple(int(n) for n in pair) for pair in re.findall(r"\((\d+)/(\d+)\)", before + after)]
        listed.add((BOARD_LABELS[board], codes[unit], naive.NAMES[indicator], *figures))
    assert listed == moved
