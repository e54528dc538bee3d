"""Schedules run by cchc itself: listed with their last runs; a run missed while the server was down runs once."""

from datetime import date
from io import StringIO

import time_machine
from django.core.management import call_command

from cchc.notices import schedules
from cchc.notices.models import Schedule, ScheduleRun
from cchc.reports.models import Report
from cchc.reports.services import weekly_report_make
from tests.notices.conftest import at


def run_due(moment: str) -> str:
    out = StringIO()
    with time_machine.travel(at(moment), tick=False):
        call_command("schedule", "--run-due", stdout=out)
    return out.getvalue()


def test_the_defaults_are_the_friday_report_the_reminders_the_partitions_and_the_pruning(db):
    assert sorted(
        Schedule.objects.values_list("job", "frequency", "time_of_day", "weekday", "day_of_month")
    ) == [
        ("partitions", "monthly", at("2022-01-01 03:00").time(), None, 20),
        ("prune_login_failures", "monthly", at("2022-01-01 03:30").time(), None, 1),
        ("remind", "daily", at("2022-01-01 07:30").time(), None, None),
        ("weekly_report", "weekly", at("2022-01-01 08:00").time(), 4, None),
    ]


def test_a_friday_report_missed_while_the_server_was_down_is_issued_once_when_it_is_back(y_yen):
    # Nothing ran on Friday 25/11/2022; the server is back on Saturday at 09:00.
    said = run_due("2022-11-26 09:00")
    again = run_due("2022-11-26 09:05")

    assert list(Report.objects.values_list("kind", "report_date")) == [("weekly", date(2022, 11, 25))]
    assert (
        "Báo cáo thứ Sáu (lượt 08:00 25/11/2022): Xong — Đã lập: Báo cáo kết quả thực hiện dịch vụ công"
        in said
    )
    assert again.splitlines() == ["Đã chạy 0 việc đến hạn."]
    assert ScheduleRun.objects.filter(schedule__job="weekly_report").count() == 1


def test_a_report_issued_by_hand_before_the_schedule_is_not_issued_again(y_yen):
    with time_machine.travel(at("2022-11-25 07:50"), tick=False):
        weekly_report_make(actor=None, report_date=date(2022, 11, 25))

    said = run_due("2022-11-25 08:05")

    assert Report.objects.count() == 1
    assert "Báo cáo thứ Sáu ngày 25/11/2022 đã có; không lập lại." in said


def test_a_failed_job_is_recorded_and_the_others_still_run(y_yen, monkeypatch):
    def broken(slot, now):
        raise RuntimeError("ổ đĩa đầy")

    monkeypatch.setitem(schedules.JOBS, "prune_login_failures", broken)

    run_due("2022-11-26 09:00")

    assert dict(ScheduleRun.objects.values_list("schedule__job", "outcome").filter(outcome="failed")) == {
        "prune_login_failures": "failed"
    }
    assert ScheduleRun.objects.get(schedule__job="prune_login_failures").output == "RuntimeError: ổ đĩa đầy"
    assert Report.objects.count() == 1


def test_the_list_shows_each_schedule_and_its_last_run(y_yen):
    run_due("2022-11-26 09:00")
    out = StringIO()

    with time_machine.travel(at("2022-11-26 10:00"), tick=False):
        call_command("schedule", stdout=out)

    assert (
        "Báo cáo thứ Sáu\tLập báo cáo thứ Sáu (weekly-report)\tbật\tlượt gần nhất 08:00 25/11/2022\t"
        "lần gần nhất lượt 08:00 25/11/2022: Xong"
    ) in out.getvalue().splitlines()


def test_the_administrator_sees_and_edits_the_schedules_and_their_runs(client, admin_user):
    run_due("2022-11-26 09:00")
    client.force_login(admin_user)
    friday = Schedule.objects.get(job="weekly_report")

    listing = client.get("/admin/notices/schedule/").content.decode()
    client.post(
        f"/admin/notices/schedule/{friday.pk}/change/",
        {
            "name": "Báo cáo thứ Sáu",
            "job": "weekly_report",
            "frequency": "weekly",
            "time_of_day": "07:00",
            "weekday": "4",
            "day_of_month": "",
            "enabled": "on",
        },
    )

    assert "Xong (08:00 25/11/2022)" in listing
    friday.refresh_from_db()
    assert friday.time_of_day.strftime("%H:%M") == "07:00"
    assert client.get("/admin/notices/schedulerun/").status_code == 200
