"""A double click at the counter sends the registration once: the button is disabled while the form is sent."""

from playwright.sync_api import expect

from cchc.dossiers.models import Dossier
from tests.e2e.test_clerk_scope import log_in


def test_it_disables_the_register_button_while_the_form_is_on_its_way(page, lam_clerk, birth, live_server):
    log_in(page, "huong")
    page.wait_for_url("**/dossiers/")
    page.goto("/dossiers/new/")
    page.get_by_label("Tìm thủ tục").fill("khai sinh")
    expect(page.locator("#id_procedure option")).to_have_count(1)
    page.locator("#id_procedure").select_option(str(birth.pk))
    page.get_by_label("Họ và tên người nộp").fill("Phạm Văn Cường")
    page.get_by_label("Thời điểm tiếp nhận").fill("2022-11-09T09:00")
    # The POST is answered "204 No Content" without reaching the server: the browser stays on the form as it
    # is the moment after the click.
    sent = []

    def answer(route):
        if route.request.method != "POST":
            return route.continue_()
        sent.append(route.request)
        return route.fulfill(status=204)

    page.route("**/dossiers/new/", answer)
    button = page.get_by_role("button", name="Tiếp nhận và tính ngày hẹn trả")

    button.click()

    expect(button).to_be_disabled()
    button.click(force=True)  # the second click of a double click
    assert len(sent) == 1
    assert Dossier.objects.count() == 0
