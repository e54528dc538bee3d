"""Every date and number a page, a command or the API reads, at the edges of the one accepted range of dates
(``cchc.core.calendar``: 01/01/2010–31/12/2039) and far beyond it: refused with a Vietnamese message, a 4xx
answer or exit code 2, never a server error or a traceback; the API answers JSON."""

from io import StringIO

import pytest
import time_machine
from django.core.management import call_command
from django.core.management.base import CommandError

from cchc.dossiers.models import Dossier
from cchc.reports.models import Report
from tests.conftest import PASSWORD
from tests.dossiers.test_receive import receive
from tests.dossiers.test_views import form_data
from tests.hostile.urls import routes

OUTSIDE = "nằm ngoài lịch làm việc của hệ thống (01/01/2010–31/12/2039)"
PERIODS = [
    "9999-12",
    "0001",
    "9999-Q4",
    "9999-W52",
    "0001-W01",
    "rw:9999-12-31",
    "rw:0001-01-01",
    "mtd:9999-12-31",
    "0001-01-01..9999-12-31",
    "2009-12-31",
    "2040-01-01",
    "2009-W53",
]
DAYS = ["0001-01-01", "9999-12-31", "2009-12-31", "2040-01-01"]
MOMENTS = ["0001-01-01T00:00", "9999-12-31T23:59", "2009-12-31T23:59", "2040-01-01T00:00"]
# The pages that read these parameters, each with what else it needs to answer.
DATED_PAGES = {
    "/dashboard/": {"period": PERIODS, "as_of": MOMENTS},
    "/dashboard/trends/": {"period": PERIODS, "as_of": MOMENTS},
    "/dashboard/drill/?unit=13795&indicator=online_rate&part=missing&as_of=2022-11-15T09:00": {
        "period": PERIODS
    },
    "/dashboard/drill/?unit=13795&indicator=online_rate&part=missing&period=2022-11": {"as_of": MOMENTS},
    "/dossiers/book/": {"from": DAYS, "to": DAYS},
    "/dossiers/book/?format=xlsx": {"from": DAYS, "to": DAYS},
    "/imports/reconciliation/?unit=13795": {"from": DAYS, "to": DAYS},
    "/imports/reconciliation/?unit=13795&format=xlsx": {"from": DAYS, "to": DAYS},
}
LARGE_NUMBERS = ["0", "2147483648", "9223372036854775808", "9" * 30]


def login(client, user):
    assert client.login(username=user.username, password=PASSWORD)
    return client


@pytest.mark.parametrize(
    ("page", "key", "value"),
    [
        (page, key, value)
        for page, keys in DATED_PAGES.items()
        for key, values in keys.items()
        for value in values
    ],
)
@time_machine.travel("2022-11-15 09:00 +0700", tick=False)  # the defaults shown instead lie in 2022's units
def test_it_answers_a_page_date_out_of_range_with_400_and_says_why(
    client, leader, lam_clerk, page, key, value
):
    user = lam_clerk if page.startswith("/dossiers/") else leader
    separator = "&" if "?" in page else "?"

    response = login(client, user).get(f"{page}{separator}{key}={value}")

    assert response.status_code == 400
    if "trends" not in page:  # the trend charts are a fragment of the dashboard, which shows the message
        assert OUTSIDE in response.content.decode()


@time_machine.travel("2022-11-11 09:00 +0700", tick=False)
def test_it_loads_the_dashboards_trends_with_the_period_shown_when_the_typed_one_is_refused(client, leader):
    page = login(client, leader).get("/dashboard/?period=9999-12").content.decode()

    assert (
        "/dashboard/trends/?period=mtd%3A2022-11-11&amp;as_of=2022-11-11T09%3A00&amp;kind=&amp;field=" in page
    )


def test_it_answers_no_date_or_number_at_the_edges_with_a_server_error_on_any_page(
    client, leader, lam_clerk, birth
):
    """Every page of the URL configuration, with every date and number parameter at the edges."""
    pages = [route.path({}) for route in routes() if not route.parameters and route.name != "logout"]
    values = [*PERIODS, *DAYS, *MOMENTS, *LARGE_NUMBERS]
    failures = []
    for user in (lam_clerk, leader):
        login(client, user)
        for value in values:
            query = "&".join(
                f"{key}={value}" for key in ("period", "as_of", "from", "to", "date", "year", "page")
            )
            for path in pages:
                response = client.get(f"{path}?{query}")
                if response.status_code >= 500:
                    failures.append(f"{user.username} {path}?{query}: {response.status_code}")
    assert failures == []


@pytest.mark.parametrize("number", LARGE_NUMBERS)
def test_it_answers_an_id_at_the_edges_with_404(client, leader, number):
    login(client, leader)
    pages = [route for route in routes() if route.parameters == ("pk",)]

    answers = {route.name: client.get(route.path({"pk": number})).status_code for route in pages}

    assert set(answers.values()) <= {404, 405}, answers


@pytest.mark.parametrize("value", PERIODS)
def test_it_refuses_an_api_period_out_of_range_in_json(client, leader, value):
    response = login(client, leader).get("/api/v1/kpi", {"period": value})

    assert response.status_code == 400
    assert response["Content-Type"] == "application/json; charset=utf-8"
    assert OUTSIDE in response.json()["detail"]


@pytest.mark.parametrize(("key", "label"), [("as_of", "Thời điểm"), ("known_at", "Thời điểm ghi nhận")])
@pytest.mark.parametrize("value", MOMENTS)
def test_it_refuses_an_api_moment_out_of_range_in_json(client, leader, key, label, value):
    response = login(client, leader).get("/api/v1/kpi", {"period": "2022-11", key: value})

    assert response.status_code == 400
    assert response.json() == {"detail": f"{label} {value[8:10]}/{value[5:7]}/{value[:4]} {OUTSIDE}."}


@pytest.mark.parametrize("value", ["2000-01-01T08:00", "0001-01-01T00:00", "2009-12-31T23:59"])
def test_it_refuses_a_registration_received_out_of_range_next_to_the_field(client, lam_clerk, birth, value):
    response = login(client, lam_clerk).post("/dossiers/new/", form_data(birth, received_at=value))

    assert response.status_code == 200
    page = response.content.decode()
    assert 'data-field="received_at"' in page and OUTSIDE in page
    assert Dossier.objects.count() == 0


@pytest.mark.parametrize("value", ["0", "100", "-1", "1e30000000", "9" * 5000, "2,5"])
def test_it_refuses_a_number_of_sets_out_of_range_next_to_the_field(client, lam_clerk, birth, value):
    response = login(client, lam_clerk).post("/dossiers/new/", form_data(birth, sets=value))

    assert response.status_code == 200
    assert 'data-field="sets"' in response.content.decode()
    assert Dossier.objects.count() == 0


@pytest.mark.parametrize(
    ("action", "field", "value"),
    [
        ("hand_over", "at", "0001-01-01T00:00"),
        ("hand_over", "at", "9999-12-31T23:59"),
        ("apologise", "new_due_at", "9999-12-31T23:59"),
        ("apologise", "new_due_at", "2009-12-31T08:00"),
        ("hand_over", "recipient", "9" * 30),
    ],
)
def test_it_says_which_field_of_a_step_is_out_of_range(client, lam_clerk, y_yen, birth, action, field, value):
    dossier = receive(lam_clerk, y_yen["13795"], birth)
    login(client, lam_clerk)

    response = client.post(f"/dossiers/{dossier.code}/act/{action}/", {field: value}, follow=True)

    page = response.content.decode()
    label = {"at": "Thời điểm:", "new_due_at": "Hẹn lại:", "recipient": "Người nhận:"}[field]
    assert response.status_code == 200 and label in page
    assert "Thời điểm không đúng định dạng." not in page
    assert Dossier.objects.get().state == "received"


def test_it_refuses_a_reason_over_1000_characters_as_a_reason(client, lam_clerk, y_yen, birth):
    dossier = receive(lam_clerk, y_yen["13795"], birth)
    login(client, lam_clerk)

    response = client.post(f"/dossiers/{dossier.code}/act/refuse/", {"reason": "x" * 1001}, follow=True)

    page = response.content.decode()
    assert "Lý do / nội dung: Giá trị này chỉ có tối đa 1000 kí tự (hiện có 1001)" in page
    assert Dossier.objects.get().state == "received"


@pytest.mark.parametrize("value", ["9999-12-31", "0001-01-01", "2009-12-31"])
def test_it_issues_no_report_dated_out_of_range(client, admin_user, y_yen, value):
    response = login(client, admin_user).post("/dashboard/reports/make/", {"date": value, "kind": "weekly"})

    assert response.status_code == 302
    assert OUTSIDE in client.get(response.url).content.decode()
    assert Report.objects.count() == 0


def run(*args: str) -> CommandError:
    with pytest.raises(CommandError) as refused:
        call_command(*args, stdout=StringIO(), stderr=StringIO())
    assert refused.value.returncode == 2
    return refused.value


@pytest.mark.parametrize("value", PERIODS)
def test_it_refuses_a_kpi_period_out_of_range_with_exit_2(y_yen, value):
    assert OUTSIDE in str(run("kpi", "--period", value))


@pytest.mark.parametrize("value", PERIODS)
def test_it_refuses_an_index766_period_out_of_range_with_exit_2(y_yen, value):
    assert OUTSIDE in str(run("index766", "--period", value))


@pytest.mark.parametrize("args", [["kpi", "--as-of"], ["kpi", "--known-at"], ["index766", "--as-of"]])
@pytest.mark.parametrize("value", ["0001-01-01 00:00", "9999-12-31 23:59"])
def test_it_refuses_a_figure_commands_moment_out_of_range_with_exit_2(y_yen, args, value):
    command, option = args
    assert OUTSIDE in str(run(command, "--period", "2022-11", option, value))


@pytest.mark.parametrize(
    "args",
    [
        ["--date", "0001-01-01"],
        ["--date", "9999-12-31"],
        ["--date", "2009-12-31"],
        ["--date", "2022-11-11", "--as-of", "9999-12-31 23:59"],
        ["--date", "2022-11-11", "--known-at", "0001-01-01 00:00"],
    ],
)
def test_it_refuses_a_weekly_report_date_out_of_range_with_exit_2(y_yen, args):
    assert OUTSIDE in str(run("weekly-report", *args))
    assert Report.objects.count() == 0


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--received", "2023-01-19 09:00", "--days", "5000"], "vượt quá lịch làm việc của hệ thống"),
        (["--received", "2023-01-19 09:00", "--days", "100000"], "vượt quá lịch làm việc của hệ thống"),
        (["--received", "2023-01-19 09:00", "--hours", "40000"], "vượt quá lịch làm việc của hệ thống"),
        (["--received", "2039-12-31 09:00", "--days", "1000"], "vượt quá lịch làm việc của hệ thống"),
        (["--received", "0001-01-01 09:00", "--days", "1"], OUTSIDE),
        (["--received", "9999-12-31 09:00", "--hours", "1"], OUTSIDE),
    ],
)
def test_it_refuses_a_deadline_beyond_the_calendar_with_exit_2(y_yen, args, message):
    assert message in str(run("deadline", *args))


@pytest.mark.parametrize(
    "args",
    [
        ["--year", "0"],
        ["--year", "9999"],
        ["--year", "2022", "--self-due", "9999-12-31"],
        ["--year", "2022", "--self-due", "0001-01-01"],
    ],
)
def test_it_refuses_campaign_dates_out_of_range_with_exit_2(appraiser, small_set, args):
    defaults = {"--self-due": "2022-12-15", "--appraisal-due": "2022-12-25", "--published": "2022-12-30"}
    given = dict(zip(args[::2], args[1::2], strict=True))
    options = [item for key, value in (defaults | given).items() for item in (key, value)]

    run(
        "par-open-campaign", "--name", "Thử", "--set", str(small_set.pk), "--as", appraiser.username, *options
    )


@pytest.mark.parametrize(
    "args",
    [
        ["prune-login-failures", "--days", "1000000000"],
        ["prune-login-failures", "--days", "-1"],
        ["demo", "--start", "0001-01-01", "--end", "0001-01-02"],
        ["demo", "--start", "2022-01-01", "--end", "9999-12-31"],
        ["calendar", "--year", "9999"],
        ["partition-dossiers", "--plan", "--lock-timeout", "0"],
        ["partition-dossiers", "--plan", "--lock-timeout", "9" * 30],
        ["partition-dossiers", "--plan", "--ahead", "25"],
        ["par-load-set", "bo-chi-so.csv", "--name", "Thử", "--unit-kind", "commune", "--year", "0"],
        ["par-load-set", "bo-chi-so.csv", "--name", "Thử", "--unit-kind", "commune", "--year", "99999"],
    ],
)
def test_it_refuses_other_commands_numbers_and_dates_out_of_range_with_exit_2(db, args):
    run(*args)


@pytest.mark.parametrize(
    ("valid_from", "valid_to"), [("0001-01-01", "2022-12-31"), ("2022-11-01", "9999-12-31")]
)
def test_it_refuses_a_target_file_valid_out_of_range_whole(y_yen, tmp_path, valid_from, valid_to):
    path = tmp_path / "chi-tieu.csv"
    path.write_text(
        "set,source,unit,unit_kind,valid_from,valid_to,indicator,comparison,value\n"
        f"Thử,Thông báo,,commune,{valid_from},{valid_to},online_rate,>=,85\n",
        encoding="utf-8",
    )

    assert "Dòng 2: ngày hoặc giá trị không đúng dạng." in str(run("load-targets", "--file", str(path)))


def test_it_answers_an_unexpected_api_error_in_json(client, leader, monkeypatch):
    def broken(**kwargs):
        raise RuntimeError("hỏng")

    monkeypatch.setattr("cchc.api.v1.compute", broken)

    response = login(client, leader).get("/api/v1/kpi", {"period": "2022-11"})

    assert response.status_code == 500
    assert response.json() == {"detail": "Lỗi máy chủ; đã ghi nhật ký. Không có gì bị thay đổi."}
