"""The province leader's dashboard today (Ninh Bình's 129 communes and wards) and, one period choice away, the
Ý Yên district board of 2022; screenshots of both at 1366 px."""

from cchc.accounts.models import Role
from tests.conftest import make_user
from tests.e2e.test_clerk_scope import log_in
from tests.kpis.test_engine import dossier


def test_the_province_leader_sees_todays_129_units_and_the_2022_district_one_period_away(
    page, screenshot, ninh_binh, y_yen
):
    make_user("thanh", ninh_binh["37"], Role.DISTRICT_LEADER)
    dossier(y_yen["13795"], "2022-11-10 09:00", channel="online")
    page.set_viewport_size({"width": 1366, "height": 900})

    log_in(page, "thanh")
    page.wait_for_url("**/dashboard/")
    rows = page.locator('[data-testid="board"] tbody tr[data-unit]:not([data-unit="*"])')
    assert rows.count() == 129
    assert page.locator('[data-testid="board"] tr[data-unit="13795"] th').inner_text() == "Xã Ý Yên"
    assert page.get_by_test_id("three-tiers").count() == 0
    screenshot("dashboard-province-today-1366")

    page.locator("select[name=choice]").select_option("range")
    page.get_by_label("Từ ngày").fill("01/11/2022")
    page.get_by_label("Đến ngày").fill("30/11/2022")
    page.get_by_role("button", name="Xem").click()
    page.wait_for_url("**/dashboard/?**from=01%2F11%2F2022**")
    assert rows.count() == 31 + 12
    assert page.locator('[data-testid="board"] tr[data-unit="13795"] th').inner_text() == "Thị trấn Lâm"
    assert "Kỳ trước ngày 01/07/2025" in page.get_by_test_id("three-tiers").inner_text()
    screenshot("dashboard-province-2022-district-1366")
