"""The dashboard's period picker, its compact columns, and the drill-down that says why each dossier falls short."""

import io
from datetime import date

import pytest
from django.core.management import call_command
from openpyxl import load_workbook

from cchc.reports import periods
from tests.conftest import PASSWORD
from tests.kpis.test_engine import dossier

QUERY = {"period": "2022-11", "as_of": "2022-11-30T23:59"}
WEDNESDAY = date(2026, 12, 2)


@pytest.mark.parametrize(
    ("choice", "code"),
    [
        ("week", "2026-W49"),
        ("report_week", "rw:2026-11-26"),  # Friday 20/11 – Thursday 26/11
        ("month", "mtd:2026-12-02"),
        ("last_month", "2026-11"),
        ("quarter", "2026-Q4"),
        ("year", "2026"),
    ],
)
def test_it_writes_each_choice_of_the_picker_as_a_period_code(choice, code):
    assert periods.choice_code(choice, WEDNESDAY) == code


def test_it_shows_a_code_of_its_own_choices_selected_and_any_other_as_a_range():
    assert periods.choice_of("2026-11", WEDNESDAY) == "last_month"
    assert periods.choice_of("2022-11", WEDNESDAY) == "range"


def test_the_picker_reads_a_custom_range_of_two_days(client, leader, y_yen):
    client.login(username="hung", password=PASSWORD)

    page = client.get("/dashboard/", {"choice": "range", "from": "01/11/2022", "to": "15/11/2022"}).text

    assert "Bảng theo dõi chỉ tiêu — từ 01/11/2022 đến 15/11/2022" in page
    assert 'name="from" value="01/11/2022"' in page and 'name="to" value="15/11/2022"' in page


def test_the_picker_refuses_a_range_ending_before_it_starts(client, leader, y_yen):
    client.login(username="hung", password=PASSWORD)

    page = client.get("/dashboard/", {"choice": "range", "from": "15/11/2022", "to": "01/11/2022"}).text

    assert "Ngày kết thúc của kỳ phải sau ngày bắt đầu." in page


def test_the_board_shows_committed_indicators_and_keeps_the_rest_behind_a_toggle(client, leader, y_yen):
    call_command("load-targets", "notice-2022")
    client.login(username="hung", password=PASSWORD)

    page = client.get("/dashboard/", QUERY).text

    assert (
        '<th class="num" data-indicator="online_payment_rate"><abbr title="Tỷ lệ thanh toán trực tuyến">'
        in page
    )
    assert (
        '<th class="num optional" data-indicator="on_time_rate"><abbr title="Tỷ lệ giải quyết đúng hạn">'
        in page
    )
    assert "Hiện thêm 1 chỉ số không có chỉ tiêu cam kết" in page


def test_the_drill_down_says_what_it_lists_and_why_each_dossier_falls_short(client, leader, y_yen):
    unpaid = dossier(y_yen["13798"], fee=30000)
    dossier(y_yen["13798"], fee=30000, paid_online=True)
    client.login(username="hung", password=PASSWORD)

    page = client.get(
        "/dashboard/drill/", {**QUERY, "unit": "13798", "indicator": "online_payment_rate", "part": "missing"}
    ).text

    assert "Hồ sơ chưa thanh toán trực tuyến (trong số hồ sơ có phí, lệ phí)" in page
    assert unpaid.code in page
    assert "phí 30.000 đồng, chưa thanh toán trực tuyến" in page


def test_the_drill_down_exports_its_dossiers_with_the_reason(client, leader, y_yen):
    unpaid = dossier(y_yen["13798"], fee=30000)
    client.login(username="hung", password=PASSWORD)

    response = client.get(
        "/dashboard/drill/",
        {**QUERY, "unit": "13798", "indicator": "online_payment_rate", "part": "missing", "format": "xlsx"},
    )

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert sheet["A1"].value == (
        "Xã Yên Trung — Tỷ lệ thanh toán trực tuyến, tháng 11/2022: hồ sơ chưa thanh toán trực tuyến"
    )
    assert [c.value for c in sheet[3]][1:2] + [c.value for c in sheet[3]][7:] == [
        unpaid.code,
        "phí 30.000 đồng, chưa thanh toán trực tuyến",
    ]
