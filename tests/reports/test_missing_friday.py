"""The Friday report is due every Friday from 08:00 (the timer runs at 07:00): until it exists, the report
list and the dashboard say so to those who read reports, with a button for those who make them."""

from datetime import date, datetime

import pytest
import time_machine

from cchc.core.calendar import VN_TZ
from cchc.reports.models import Report
from cchc.reports.services import weekly_report_missing
from tests.conftest import PASSWORD


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


@pytest.mark.parametrize(
    ("now", "due"),
    [
        ("2022-11-25 07:59", date(2022, 11, 18)),  # Friday before 08:00: last week's is the one due
        ("2022-11-25 08:00", date(2022, 11, 25)),
        ("2022-11-26 10:00", date(2022, 11, 25)),  # Saturday
        ("2022-12-01 23:30", date(2022, 11, 25)),  # Thursday night, 16:30 UTC
        ("2022-12-02 00:10", date(2022, 11, 25)),  # Friday just after midnight
    ],
)
def test_the_friday_due_is_the_last_one_past_eight_oclock(db, now, due):
    assert weekly_report_missing(now=at(now)) == due


def test_an_issued_weekly_report_is_not_missing_but_a_monthly_one_does_not_count(db):
    Report.objects.create(kind="monthly", report_date=date(2022, 11, 25), as_of=at("2022-11-25 00:00"))
    assert weekly_report_missing(now=at("2022-11-25 09:00")) == date(2022, 11, 25)

    Report.objects.create(kind="weekly", report_date=date(2022, 11, 25), as_of=at("2022-11-25 00:00"))

    assert weekly_report_missing(now=at("2022-11-25 09:00")) is None


@pytest.fixture
def friday_morning():
    with time_machine.travel(at("2022-11-25 09:00"), tick=False):
        yield


def test_the_leader_is_told_and_the_compiler_can_make_it_at_once(client, leader, compiler, friday_morning):
    assert client.login(username=leader.username, password=PASSWORD)
    for path in ("/dashboard/", "/dashboard/reports/"):
        page = client.get(path).text
        assert "Chưa có báo cáo tuần ngày 25/11/2022 (thứ Sáu vừa qua)" in page
        assert "Lập báo cáo này ngay" not in page
    client.logout()
    assert client.login(username=compiler.username, password=PASSWORD)

    page = client.get("/dashboard/reports/").text
    assert 'name="date" value="2022-11-25"' in page
    client.post("/dashboard/reports/make/", {"kind": "weekly", "date": "2022-11-25"})

    assert "Chưa có báo cáo tuần" not in client.get("/dashboard/reports/").text


def test_a_clerk_sees_no_report_reminder(client, lam_clerk, friday_morning):
    assert client.login(username=lam_clerk.username, password=PASSWORD)

    assert "Chưa có báo cáo tuần" not in client.get("/dashboard/").text
