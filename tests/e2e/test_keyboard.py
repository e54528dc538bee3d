"""A clerk works a dossier from receipt to return with the keyboard only: no click anywhere."""

from playwright.sync_api import expect

from tests.conftest import PASSWORD, make_user

MAX_TABS = 80


def tab_to(page, selector: str) -> None:
    """Press Tab until the element ``selector`` has the focus (as a keyboard user would)."""
    for _ in range(MAX_TABS):
        page.keyboard.press("Tab")
        if page.evaluate("s => document.activeElement.matches(s)", selector):
            return
    raise AssertionError(f"{selector} never got the focus with Tab")


def test_a_clerk_registers_hands_over_records_and_returns_with_the_keyboard_only(
    page, screenshot, lam_clerk, y_yen, birth
):
    lam = y_yen["13795"]
    lam.valid_to = None  # the browser lives today: let Thị trấn Lâm still receive dossiers after 2025
    lam.save(update_fields=["valid_to"])
    make_user("tung", lam, "officer")
    page.goto("/accounts/login/")
    page.keyboard.type("huong")  # the user name box has the focus
    page.keyboard.press("Tab")
    page.keyboard.type(PASSWORD)
    page.keyboard.press("Enter")
    page.wait_for_url("**/dossiers/")

    tab_to(page, "a[accesskey=n]")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dossiers/new/")
    page.keyboard.type("khai sinh")  # the procedure search has the focus
    expect(page.locator("#id_procedure option")).to_have_count(1)
    page.keyboard.press("ArrowDown")
    page.keyboard.press("Enter")  # takes the procedure, goes on to the applicant
    page.keyboard.type("Phạm Văn Cường")
    page.keyboard.press("Tab")
    page.keyboard.type("036085009999")
    screenshot("keyboard-register-form")
    page.keyboard.press("Enter")
    page.wait_for_url("**/dossiers/13795-*/")
    expect(page.get_by_test_id("dossier-state")).to_have_text("Đã tiếp nhận")

    tab_to(page, "form[data-action=hand_over] button[type=submit]")
    screenshot("keyboard-hand-over-focused")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("dossier-state")).to_have_text("Đang giải quyết")

    tab_to(page, "form[data-action=record_result] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("dossier-state")).to_have_text("Đã có kết quả")

    tab_to(page, "form[data-action=return_result] button[type=submit]")
    page.keyboard.press("Enter")
    expect(page.get_by_test_id("dossier-state")).to_have_text("Đã trả kết quả")
    assert "Tung" in page.locator("table.grid").first.inner_text()  # handed to the first officer
    screenshot("keyboard-returned")
