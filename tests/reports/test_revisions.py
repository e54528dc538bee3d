"""Revisions: an archived report against the same report computed now, cell by cell."""

from datetime import date, datetime

import time_machine

from cchc.core.calendar import VN_TZ
from cchc.core.kpi import Figure
from cchc.reports.revisions import Change, changes
from cchc.reports.services import report_revisions, weekly_report_make
from tests.conftest import PASSWORD
from tests.kpis.test_engine import dossier
from tests.reports.test_weekly_report import seed

FRIDAY = date(2022, 11, 11)


def test_only_cells_that_moved_are_listed_and_a_missing_cell_counts_as_no_dossier():
    then = {
        "main": {
            "13795": {"online_rate": [2, 3], "overdue_open": [1, None]},
            "13798": {"online_rate": [1, 1]},
        },
        "second": {"13795": {"online_rate": [0, 1]}},
    }
    now = {
        "main": {
            "13795": {"online_rate": [3, 4], "overdue_open": [1, None]},
            "13801": {"online_rate": [0, 2]},
        },
        "second": {"13795": {"online_rate": [0, 1]}},
    }

    assert changes(then, now) == [
        Change("main", "13795", "online_rate", Figure(2, 3), Figure(3, 4)),
        Change("main", "13798", "online_rate", Figure(1, 1), Figure(0, 0)),
        Change("main", "13801", "online_rate", Figure(0, 0), Figure(0, 2)),
    ]
    assert changes(then, then) == []


def test_a_count_missing_on_one_side_is_a_zero_count():
    assert changes({"main": {"*": {"overdue_open": [2, None]}}}, {"main": {}}) == [
        Change("main", "*", "overdue_open", Figure(2, None), Figure(0, None))
    ]


def late_dossier(y_yen):
    """Received at Lâm on Wednesday 9/11 online, imported from the portal on 20/11: after the report."""
    late = dossier(y_yen["13795"], "2022-11-09 09:00", channel="online")
    late.recorded_at = datetime(2022, 11, 20, 10, 0, tzinfo=VN_TZ)
    late.save(update_fields=["recorded_at"])


def test_a_dossier_recorded_after_the_report_moves_its_units_cells_and_the_district(y_yen):
    seed(y_yen)
    with time_machine.travel(datetime(2022, 11, 11, 8, 0, tzinfo=VN_TZ), tick=False):
        report = weekly_report_make(actor=None, report_date=FRIDAY)
    late_dossier(y_yen)

    found = report_revisions(report=report, known_at=datetime(2022, 11, 21, tzinfo=VN_TZ))

    online = [(c.board, c.unit_code, c.then, c.now) for c in found if c.indicator == "online_rate"]
    # Month to date 1–10/11: Lâm 2 of 3 online → 3 of 4; district (with Yên Trung's 1 of 1) 3/4 → 4/5.
    # Report week 4–10/11: Lâm's 7/11 at the counter 0/1 → 1/2; district 1/2 → 2/3.
    assert online == [
        ("main", "13795", Figure(2, 3), Figure(3, 4)),
        ("main", "*", Figure(3, 4), Figure(4, 5)),
        ("second", "13795", Figure(0, 1), Figure(1, 2)),
        ("second", "*", Figure(1, 2), Figure(2, 3)),
    ]
    assert {c.unit_code for c in found} == {"13795", "*"}
    assert report_revisions(report=report, known_at=datetime(2022, 11, 20, 9, 59, tzinfo=VN_TZ)) == []


def test_the_leader_reads_the_revisions_page(client, y_yen, leader):
    seed(y_yen)
    report = weekly_report_make(actor=None, report_date=FRIDAY)
    assert client.login(username=leader.username, password=PASSWORD)
    assert "Không có số liệu nào thay đổi" in client.get(f"/dashboard/reports/{report.pk}/revisions/").text
    late_dossier(y_yen)

    page = client.get(f"/dashboard/reports/{report.pk}/revisions/").text

    assert "Thị trấn Lâm" in page and "Toàn huyện" in page
    assert "(2/3)" in page and "(3/4)" in page
    assert f"/dashboard/reports/{report.pk}/revisions/" in client.get("/dashboard/reports/").text


def test_a_clerk_cannot_read_the_revisions(client, y_yen, lam_clerk):
    seed(y_yen)
    report = weekly_report_make(actor=None, report_date=FRIDAY)
    assert client.login(username=lam_clerk.username, password=PASSWORD)

    assert client.get(f"/dashboard/reports/{report.pk}/revisions/").status_code == 404
