"""The district leader's dashboard in Chromium; screenshots kept under test-artifacts/screenshots/."""

from django.core.management import call_command

from cchc.accounts.models import Role
from tests.conftest import make_user
from tests.e2e.test_clerk_scope import log_in
from tests.kpis.test_engine import dossier


def test_the_leader_finds_a_commune_behind_target_and_its_dossiers_without_online_payment(
    page, screenshot, leader, y_yen
):
    call_command("load-targets", "notice-2022")
    unpaid = [dossier(y_yen["13798"], "2022-11-10 09:00", fee=2000) for _ in range(3)]
    dossier(y_yen["13798"], "2022-11-10 10:00", fee=2000, paid_online=True)  # Yên Trung: 1 of 4 = 25%
    dossier(y_yen["13795"], "2022-11-10 09:00", fee=2000, paid_online=True)  # Lâm: 1 of 1

    log_in(page, "hung")
    page.wait_for_url("**/dashboard/")
    page.goto("/dashboard/?period=2022-11&as_of=2022-11-30T23:59")
    cell = page.locator('tr[data-unit="13798"] td[data-indicator="online_payment_rate"]')
    assert cell.inner_text().strip() == "25,0%"
    assert "behind" in cell.get_attribute("class")
    assert cell.evaluate("td => getComputedStyle(td).backgroundColor") == "rgb(249, 214, 210)"
    met = page.locator('tr[data-unit="13795"] td[data-indicator="online_payment_rate"]')
    assert met.evaluate("td => getComputedStyle(td).backgroundColor") == "rgb(223, 243, 228)"
    screenshot("dashboard-leader")

    cell.get_by_role("link").click()
    page.wait_for_url("**/dashboard/drill/**")
    assert page.get_by_test_id("drill-count").inner_text() == "3"
    for each in unpaid:
        assert page.get_by_role("link", name=each.code).is_visible()
    screenshot("dashboard-drill-unpaid")


def test_a_commune_head_sees_only_his_own_row(page, screenshot, y_yen):
    make_user("khoa", y_yen["13798"], Role.UNIT_HEAD)
    dossier(y_yen["13795"], "2022-11-10 09:00")
    dossier(y_yen["13798"], "2022-11-10 09:00")
    log_in(page, "khoa")
    page.wait_for_url("**/dossiers/")
    page.goto("/dashboard/?period=2022-11&as_of=2022-11-30T23:59")
    rows = page.locator("table[data-testid=board] tbody tr[data-unit]")
    assert rows.count() == 1
    assert rows.first.get_attribute("data-unit") == "13798"
    screenshot("dashboard-commune-head")
