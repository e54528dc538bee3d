"""The citizen's side on a phone (390×844): scan the receipt's QR code, follow the dossier, rate it.

The "scan" is a screenshot of the QR code on the printed Mẫu 01, decoded by a QR reader library as a phone
camera would; the address it holds is opened in a phone-sized browser without a login.
"""

import io

import zxingcpp
from PIL import Image
from playwright.sync_api import expect

from cchc.accounts.models import Role
from cchc.dossiers import services
from tests.conftest import make_user
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.test_clerk_scope import log_in

PHONE = {
    "viewport": {"width": 390, "height": 844},
    "device_scale_factor": 2,
    "is_mobile": True,
    "has_touch": True,
}


def scanned(png: bytes) -> str:
    (found,) = zxingcpp.read_barcodes(Image.open(io.BytesIO(png)))
    assert found.format == zxingcpp.BarcodeFormat.QRCode
    return found.text


def fits_the_phone(page) -> bool:
    return page.evaluate("document.documentElement.scrollWidth <= window.innerWidth")


def test_a_citizen_scans_the_receipt_follows_the_dossier_and_rates_it(
    browser, page, lam_clerk, y_yen, birth, live_server
):
    lam = y_yen["13795"]
    lam.phone = "0228 3820 123"
    lam.valid_to = None  # the browser lives today: let Thị trấn Lâm still be a unit with figures after 2025
    lam.save(update_fields=["phone", "valid_to"])
    officer = make_user("tung", lam, Role.OFFICER)
    make_user("lan", lam, Role.UNIT_HEAD)
    dossier = services.dossier_receive(
        actor=lam_clerk,
        unit=lam,
        procedure=birth,
        applicant_name="Phạm Văn Cường",
        applicant_id_number="036085009999",
        applicant_phone="0912345678",
    )

    log_in(page, "huong")
    page.wait_for_url("**/dossiers/")
    page.goto(f"/dossiers/{dossier.code}/forms/mau01/")
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    address = scanned(page.get_by_test_id("qr").screenshot(path=str(SCREENSHOTS / "citizen-receipt-qr.png")))
    assert address.startswith(f"{live_server.url}/status/{dossier.code}/")

    phone = browser.new_context(base_url=live_server.url, locale="vi-VN", **PHONE).new_page()
    phone.goto(address)
    expect(phone.get_by_test_id("step")).to_have_text(
        "Hồ sơ đã được tiếp nhận, đang chờ chuyển đến cán bộ giải quyết."
    )
    expect(phone.get_by_test_id("procedure")).to_have_text("Thủ tục đăng ký khai sinh")
    expect(phone.get_by_test_id("unit-phone")).to_have_text("0228 3820 123")
    # Received today, under the 2025 rules: the result waits at the commune's centre, as the receipt says.
    expect(phone.get_by_test_id("collect")).to_contain_text("Trung tâm Phục vụ hành chính công Thị trấn Lâm")
    assert "Phạm Văn Cường" not in phone.content()
    assert phone.locator("script").count() == 0
    assert fits_the_phone(phone)
    phone.screenshot(path=str(SCREENSHOTS / "citizen-status-received.png"), full_page=True)

    dossier = services.dossier_hand_over(actor=lam_clerk, dossier=dossier, recipient=officer)
    dossier = services.dossier_record_result(actor=officer, dossier=dossier)
    services.dossier_return_result(actor=lam_clerk, dossier=dossier)

    phone.reload()
    expect(phone.get_by_test_id("step")).to_have_text("Đã trả kết quả.")
    phone.get_by_label("Không hài lòng").check()
    phone.get_by_label("Lý do (nếu chưa hài lòng)").select_option(label="Phải đi lại nhiều lần")
    phone.get_by_label("Ý kiến khác").fill("Phải đến hai lần mới nộp đủ giấy tờ")
    assert fits_the_phone(phone)
    phone.screenshot(path=str(SCREENSHOTS / "citizen-rating-form.png"), full_page=True)
    phone.get_by_role("button", name="Gửi đánh giá").click()
    expect(phone.get_by_test_id("message")).to_have_text("Cảm ơn ông/bà đã đánh giá.")
    expect(phone.get_by_test_id("rated")).to_contain_text("Không hài lòng")
    expect(phone.get_by_role("button", name="Gửi đánh giá")).to_have_count(0)
    phone.screenshot(path=str(SCREENSHOTS / "citizen-rated.png"), full_page=True)
    phone.context.close()

    page.context.clear_cookies()
    log_in(page, "lan")
    page.wait_for_url("**/dossiers/")
    page.goto("/ratings/")
    figures = page.get_by_test_id("satisfaction-figures")
    expect(figures.locator("tr[data-indicator=satisfaction_rate] td.num").first).to_have_text("0 / 1")
    expect(figures.locator("tr[data-indicator=rating_coverage_rate] td.num").first).to_have_text("1 / 1")
    expect(page.get_by_test_id("dissatisfied")).to_contain_text("Phải đi lại nhiều lần")
    expect(page.get_by_test_id("dissatisfied")).to_contain_text("Phải đến hai lần mới nộp đủ giấy tờ")
    page.screenshot(path=str(SCREENSHOTS / "citizen-unit-head-ratings.png"), full_page=True)


def test_at_the_counter_the_clerk_hands_the_tablet_over_and_it_comes_back_blank(
    browser, lam_clerk, y_yen, birth, live_server
):
    lam = y_yen["13795"]
    lam.valid_to = None  # the browser lives today: let Thị trấn Lâm still receive dossiers after 2025
    lam.save(update_fields=["valid_to"])
    officer = make_user("tung", lam, Role.OFFICER)
    dossier = services.dossier_receive(
        actor=lam_clerk,
        unit=lam,
        procedure=birth,
        applicant_name="Phạm Văn Cường",
        applicant_phone="0912345678",
    )
    dossier = services.dossier_hand_over(actor=lam_clerk, dossier=dossier, recipient=officer)
    dossier = services.dossier_record_result(actor=officer, dossier=dossier)
    services.dossier_return_result(actor=lam_clerk, dossier=dossier)

    tablet = browser.new_context(
        base_url=live_server.url, locale="vi-VN", viewport={"width": 800, "height": 1280}, has_touch=True
    ).new_page()
    log_in(tablet, "huong")
    tablet.wait_for_url("**/dossiers/")
    tablet.goto(f"/dossiers/{dossier.code}/")
    tablet.get_by_test_id("kiosk-link").click()
    assert "Phạm Văn Cường" not in tablet.content()
    tablet.get_by_label("Hài lòng", exact=True).check()
    tablet.get_by_role("button", name="Gửi đánh giá").click()

    tablet.wait_for_url("**/ratings/kiosk/")
    expect(tablet.get_by_test_id("message")).to_have_text("Cảm ơn ông/bà đã đánh giá.")
    expect(tablet.get_by_label("Mã hồ sơ vừa trả kết quả (công chức nhập)")).to_have_value("")
    assert dossier.code not in tablet.content()
    tablet.screenshot(path=str(SCREENSHOTS / "citizen-kiosk-reset.png"), full_page=True)
    assert (dossier.rating.score, dossier.rating.channel) == ("satisfied", "kiosk")
    tablet.context.close()
