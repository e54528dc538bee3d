"""The clerk's worklists: by state, with true counts, paging, filters and an export of the filtered list.

Thị trấn Lâm on Sunday 20/11/2022: 55 birth registrations received Wed 9/11 (due Mon 14/11, all overdue), one
waiting for a supplement, one with its result ready, one received on Friday 18/11 (due Wed 23/11).
"""

import io

import pytest
import time_machine
from openpyxl import load_workbook

from cchc.dossiers import services
from tests.conftest import PASSWORD
from tests.dossiers.test_lifecycle import at
from tests.dossiers.test_receive import receive

SUNDAY = at("2022-11-20 10:00")


@pytest.fixture
def lam_day(lam_clerk, lam_officer, y_yen, birth, certification):
    lam = y_yen["13795"]
    late = [receive(lam_clerk, lam, birth, when="2022-11-09 09:00") for _ in range(55)]
    waiting = receive(lam_clerk, lam, birth, when="2022-11-10 09:00")
    services.dossier_hand_over(
        actor=lam_clerk, dossier=waiting, recipient=lam_officer, at=at("2022-11-10 09:10")
    )
    services.dossier_request_supplement(
        actor=lam_officer, dossier=waiting, reason="Thiếu giấy chứng sinh", at=at("2022-11-10 10:00")
    )
    ready = receive(lam_clerk, lam, certification, when="2022-11-11 09:00", applicant_name="Lê Thị Hoa")
    services.dossier_hand_over(
        actor=lam_clerk, dossier=ready, recipient=lam_officer, at=at("2022-11-11 09:10")
    )
    services.dossier_record_result(actor=lam_officer, dossier=ready, at=at("2022-11-11 10:00"))
    fresh = receive(lam_clerk, lam, birth, when="2022-11-18 09:00", applicant_name="Đỗ Văn Khải")
    return {"late": late, "waiting": waiting, "ready": ready, "fresh": fresh}


@pytest.fixture
def clerk_client(client, lam_clerk):
    client.login(username=lam_clerk.username, password=PASSWORD)
    with time_machine.travel(SUNDAY, tick=False):
        yield client


def counts(page: str) -> dict[str, str]:
    found = {}
    for key in ("overdue", "due_soon", "in_progress", "supplement", "result_ready", "today", "all"):
        tab = page.split(f'data-testid="worklist-{key}"')[1].split("</a>")[0]
        found[key] = tab.split('class="count">')[1].split("<")[0]
    return found


def test_it_counts_every_worklist_truly_beyond_a_page(clerk_client, lam_day):
    page = clerk_client.get("/dossiers/").text

    assert counts(page) == {
        "overdue": "55",
        "due_soon": "0",
        "in_progress": "56",
        "supplement": "1",
        "result_ready": "1",
        "today": "0",
        "all": "58",
    }
    assert "Quá hạn (55)" in page
    assert "Trang 1/2 (hồ sơ 1–50)" in page


def test_it_pages_the_overdue_list(clerk_client, lam_day):
    second = clerk_client.get("/dossiers/", {"list": "overdue", "page": 2}).text

    assert "Trang 2/2 (hồ sơ 51–55)" in second
    assert lam_day["late"][54].code in second and lam_day["late"][0].code not in second


def test_it_lists_the_results_not_yet_returned_and_the_dossiers_waiting_for_a_supplement(
    clerk_client, lam_day
):
    ready = clerk_client.get("/dossiers/", {"list": "result_ready"}).text
    waiting = clerk_client.get("/dossiers/", {"list": "supplement"}).text

    assert lam_day["ready"].code in ready and lam_day["waiting"].code not in ready
    assert lam_day["waiting"].code in waiting and lam_day["ready"].code not in waiting


def test_it_filters_by_procedure_and_received_dates_and_counts_what_is_left(clerk_client, lam_day, birth):
    page = clerk_client.get(
        "/dossiers/", {"procedure": birth.pk, "received_from": "10/11/2022", "received_to": "18/11/2022"}
    ).text

    assert counts(page)["all"] == "2"  # the one waiting for a supplement and Friday's
    assert lam_day["fresh"].code in page and lam_day["waiting"].code in page
    assert lam_day["ready"].code not in page


def test_a_bad_date_in_the_filters_is_named_and_the_rest_applies(clerk_client, lam_day):
    page = clerk_client.get(
        "/dossiers/", {"list": "all", "received_from": "31/02/2022", "state": "result_ready"}
    ).text

    assert "Không đọc được “31/02/2022”: cần dạng dd/mm/yyyy (09/11/2022)." in page
    assert counts(page)["all"] == "1"


def test_the_search_finds_across_every_list(clerk_client, lam_day):
    page = clerk_client.get("/dossiers/", {"q": "do van khai"}).text

    assert lam_day["fresh"].code in page
    assert counts(page)["all"] == "1"


def test_it_exports_the_filtered_list_as_a_workbook(clerk_client, lam_day):
    response = clerk_client.get("/dossiers/", {"list": "overdue", "format": "xlsx"})

    sheet = load_workbook(io.BytesIO(response.content)).active
    assert response["Content-Disposition"] == 'attachment; filename="ho-so-13795-overdue-20221120.xlsx"'
    assert sheet["A1"].value == "Thị trấn Lâm — Quá hạn (10:00 20/11/2022)"
    assert [c.value for c in sheet[2]] == [
        "STT",
        "Mã hồ sơ",
        "Thủ tục",
        "Người nộp",
        "Tiếp nhận",
        "Hẹn trả",
        "Trạng thái",
    ]
    assert sheet.max_row == 2 + 55
    assert sheet["B3"].value == lam_day["late"][0].code
