"""Refusing a dossier asks first: dismissing the question changes nothing, confirming refuses."""

from playwright.sync_api import expect

from tests.dossiers.test_receive import receive
from tests.e2e.test_clerk_scope import log_in


def test_refusing_asks_first_and_a_no_changes_nothing(page, screenshot, lam_clerk, y_yen, birth):
    dossier = receive(lam_clerk, y_yen["13795"], birth, when="2022-11-09 09:00")
    log_in(page, "huong")
    page.wait_for_url("**/dossiers/")
    page.goto(f"/dossiers/{dossier.code}/")
    refuse = page.locator("form[data-action=refuse]")
    refuse.get_by_label("Lý do").fill("Thiếu giấy chứng sinh")
    questions = []

    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.dismiss()))
    refuse.get_by_role("button", name="Từ chối").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("Đã tiếp nhận")

    page.once("dialog", lambda dialog: (questions.append(dialog.message), dialog.accept()))
    refuse.get_by_role("button", name="Từ chối").click()
    expect(page.get_by_test_id("dossier-state")).to_have_text("Từ chối tiếp nhận")
    assert (
        questions
        == [f"Từ chối hồ sơ {dossier.code}? Hồ sơ sẽ không được giải quyết và không thể hoàn tác."] * 2
    )
    screenshot("dossier-refused-after-confirming")
