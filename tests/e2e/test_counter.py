"""A clerk's day at the counter, in Chromium: register, print Mẫu 01, hand over, result, return."""

from playwright.sync_api import expect

from cchc.procedures.models import Procedure
from tests.conftest import make_user
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_clerk_scope import log_in


def test_a_clerk_registers_prints_hands_over_and_returns_a_dossier(
    page, screenshot, lam_clerk, yen_trung_clerk, y_yen, birth, live_server
):
    Procedure.objects.create(
        code="2.000815",
        name="Chứng thực bản sao từ bản chính",
        field="Chứng thực",
        level="commune",
        limit_kind="same_day",
        cutoff="15:00",
        online_level=2,
        fee=2000,
    )
    make_user("tung", y_yen["13795"], "officer")
    log_in(page, "huong")
    page.wait_for_url("**/dossiers/")
    page.get_by_role("link", name="+ Tiếp nhận hồ sơ (Alt+N)").click()

    page.get_by_label("Tìm thủ tục").fill("khai sinh")
    expect(page.locator("#id_procedure option")).to_have_count(1)  # no string eval: the CSP forbids it
    page.get_by_label("Họ và tên người nộp").fill("Phạm Văn Cường")
    page.get_by_label("Số CCCD/CMND/hộ chiếu").fill("036085009999")
    page.get_by_label("Thời điểm tiếp nhận").fill("09/11/2022 09:00")
    screenshot("counter-register-form")
    page.get_by_role("button", name="Tiếp nhận và tính ngày hẹn trả").click()

    page.wait_for_url("**/dossiers/13795-221109-0001/")
    assert page.get_by_test_id("due-at").inner_text().startswith("09:00 14/11/2022")  # overdue by now
    screenshot("counter-dossier-received")

    with page.expect_popup() as popup:
        page.get_by_role("link", name="Mẫu 01 — Giấy tiếp nhận và hẹn trả kết quả").click()
    slip = popup.value
    slip.wait_for_load_state()
    assert slip.get_by_test_id("form-due").inner_text() == "09 giờ 00 phút, ngày 14/11/2022"
    assert slip.get_by_test_id("qr").evaluate("img => img.complete && img.naturalWidth > 0")
    slip.screenshot(path=str(SCREENSHOTS / "counter-mau01.png"), full_page=True)
    slip.close()

    hand_over = page.locator("form[data-action=hand_over]")
    hand_over.locator("select[name=recipient]").select_option(label="Tung (Chuyên viên xử lý)")
    hand_over.get_by_role("button", name="Chuyển").click()
    assert page.get_by_test_id("dossier-state").inner_text() == "Đang giải quyết"

    page.locator("form[data-action=record_result]").get_by_role("button", name="Ghi nhận kết quả").click()
    assert page.get_by_test_id("dossier-state").inner_text() == "Đã có kết quả"
    page.locator("form[data-action=return_result]").get_by_role("button", name="Đã trả kết quả").click()
    assert page.get_by_test_id("dossier-state").inner_text() == "Đã trả kết quả"
    screenshot("counter-dossier-returned")

    page.context.clear_cookies()
    log_in(page, "thu")
    page.wait_for_url("**/dossiers/")
    response = page.goto("/dossiers/13795-221109-0001/")
    assert response.status == 404


def test_the_clerk_picks_the_procedure_with_the_arrow_keys_and_goes_on_with_enter(
    page, lam_clerk, y_yen, birth, certification, live_server
):
    log_in(page, "huong")
    page.wait_for_url("**/dossiers/")
    page.goto("/dossiers/new/")
    search = page.get_by_label("Tìm thủ tục")
    search.fill("0")  # both codes hold it: 1.001193 and 2.000815
    options = page.locator("#id_procedure option")
    expect(options).to_have_count(2)
    first, second = (options.nth(n).get_attribute("value") for n in range(2))
    assert {first, second} == {str(birth.pk), str(certification.pk)}
    expect(page.locator("#id_procedure")).to_have_value(first)

    search.press("ArrowDown")
    expect(page.locator("#id_procedure")).to_have_value(second)
    search.press("ArrowDown")  # already the last: stays
    search.press("ArrowUp")
    search.press("ArrowDown")
    search.press("Enter")

    expect(page.get_by_label("Họ và tên người nộp")).to_be_focused()
    expect(page.locator("#id_procedure")).to_have_value(second)
    assert page.url.endswith("/dossiers/new/")  # Enter in the search box sent nothing
