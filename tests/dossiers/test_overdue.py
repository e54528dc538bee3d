"""Overdue at a moment T: supplement pauses, the apology's new date, and closed states, read by every list and figure.

The dossier of these stories: birth registration at Thị trấn Lâm, received Wed 9/11/2022 09:00, three working
days, so due Mon 14/11/2022 09:00 (no holiday in November 2022).
"""

from datetime import datetime

import pytest
import time_machine

from cchc.accounts.scoping import system_user
from cchc.core.calendar import VN_TZ
from cchc.core.kpi import parse_period
from cchc.dossiers import selectors, services
from cchc.dossiers.models import Dossier
from cchc.kpis.engine import compute
from tests.conftest import PASSWORD
from tests.dossiers.test_receive import receive

NOV = parse_period("2022-11")


def at(text: str) -> datetime:
    return datetime.strptime(text, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ)


@pytest.fixture
def handed(lam_clerk, lam_officer, y_yen, birth) -> Dossier:
    dossier = receive(lam_clerk, y_yen["13795"], birth, when="2022-11-09 09:00")
    return services.dossier_hand_over(
        actor=lam_clerk, dossier=dossier, recipient=lam_officer, at=at("2022-11-09 09:10")
    )


def overdue_count(unit, moment: str) -> int:
    rows = compute(
        user=system_user(), period=NOV, as_of=at(moment), unit=unit, indicator_codes=["overdue_open"]
    )
    return rows[0].figure.numerator


def on_time(unit) -> tuple[int, int]:
    rows = compute(
        user=system_user(),
        period=NOV,
        as_of=at("2022-11-30 23:59"),
        unit=unit,
        indicator_codes=["on_time_rate"],
    )
    return rows[0].figure.numerator, rows[0].figure.denominator


def test_it_is_not_overdue_while_it_waits_for_the_supplement(handed, lam_officer, lam_clerk, y_yen):
    lam = y_yen["13795"]
    services.dossier_request_supplement(
        actor=lam_officer, dossier=handed, reason="Thiếu giấy chứng sinh", at=at("2022-11-10 10:00")
    )
    # The appointment of 14/11 09:00 passes while the citizen is away.
    assert overdue_count(lam, "2022-11-15 10:00") == 0
    assert list(selectors.overdue(user=lam_clerk, unit=lam, now=at("2022-11-15 10:00"))) == []

    moved = services.dossier_receive_supplement(actor=lam_clerk, dossier=handed, at=at("2022-11-21 10:00"))
    # Waited Thu 10/11 10:00 → Mon 21/11 10:00: seven working days, so 14/11 09:00 becomes Wed 23/11 09:00.
    assert moved.due_at == at("2022-11-23 09:00")
    assert overdue_count(lam, "2022-11-15 10:00") == 0  # the past is read with the pause it had
    assert overdue_count(lam, "2022-11-22 16:00") == 0
    assert overdue_count(lam, "2022-11-23 09:30") == 1
    assert [d.code for d in selectors.overdue(user=lam_clerk, unit=lam, now=at("2022-11-23 09:30"))] == [
        handed.code
    ]


def test_a_supplement_asked_after_the_appointment_does_not_clear_the_days_it_was_overdue(
    handed, lam_officer, lam_clerk, y_yen
):
    lam = y_yen["13795"]
    services.dossier_request_supplement(
        actor=lam_officer, dossier=handed, reason="Thiếu tờ khai", at=at("2022-11-16 10:00")
    )
    assert overdue_count(lam, "2022-11-15 12:00") == 1  # overdue since 14/11 09:00, before the request
    assert overdue_count(lam, "2022-11-17 12:00") == 0  # waiting
    services.dossier_receive_supplement(actor=lam_clerk, dossier=handed, at=at("2022-11-18 10:00"))
    # Two working days waited: 14/11 09:00 becomes Wed 16/11 09:00, already past when the supplement came.
    assert overdue_count(lam, "2022-11-15 12:00") == 1
    assert overdue_count(lam, "2022-11-17 12:00") == 0
    assert overdue_count(lam, "2022-11-18 11:00") == 1


def test_the_apology_stops_the_overdue_count_until_its_new_date_but_the_result_stays_late(
    handed, lam_officer, y_yen
):
    lam = y_yen["13795"]
    services.dossier_apologise(
        actor=lam_officer,
        dossier=handed,
        reason="Chờ xác minh",
        new_due_at=at("2022-11-18 17:00"),
        at=at("2022-11-11 10:00"),
    )
    assert overdue_count(lam, "2022-11-15 10:00") == 0
    assert overdue_count(lam, "2022-11-18 17:30") == 1
    services.dossier_record_result(actor=lam_officer, dossier=handed, at=at("2022-11-17 10:00"))
    assert overdue_count(lam, "2022-11-18 17:30") == 0
    assert on_time(lam) == (0, 1)  # late against 14/11 09:00, whatever the letter promised


def test_an_apology_written_after_the_appointment_leaves_the_days_before_it_overdue(
    handed, lam_officer, y_yen
):
    services.dossier_apologise(
        actor=lam_officer,
        dossier=handed,
        reason="Chờ xác minh",
        new_due_at=at("2022-11-25 17:00"),
        at=at("2022-11-16 10:00"),
    )
    assert overdue_count(y_yen["13795"], "2022-11-15 10:00") == 1
    assert overdue_count(y_yen["13795"], "2022-11-16 11:00") == 0


def test_the_dossier_page_shows_the_wait_and_no_overdue_badge(client, handed, lam_officer, lam_clerk):
    services.dossier_request_supplement(
        actor=lam_officer, dossier=handed, reason="Thiếu giấy chứng sinh", at=at("2022-11-10 10:00")
    )
    assert client.login(username=lam_clerk.username, password=PASSWORD)
    with time_machine.travel(at("2022-11-15 10:00"), tick=False):
        page = client.get(f"/dossiers/{handed.code}/").text
        home = client.get("/dossiers/").text
    assert "từ 10:00 10/11/2022" in page
    assert "không tính vào hạn giải quyết" in page
    assert 'data-testid="overdue-badge"' not in page
    assert handed.code not in home.split("Sắp đến hạn")[0]  # not in the overdue list


def test_the_dossier_page_marks_an_overdue_dossier(client, handed, lam_clerk):
    assert client.login(username=lam_clerk.username, password=PASSWORD)
    with time_machine.travel(at("2022-11-15 10:00"), tick=False):
        page = client.get(f"/dossiers/{handed.code}/").text
    assert 'data-testid="overdue-badge"' in page
