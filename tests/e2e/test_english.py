"""A clerk switches the screens to English with the language menu; the printed form stays Vietnamese."""

from decimal import Decimal

from playwright.sync_api import expect

from tests.dossiers.test_receive import receive
from tests.e2e.test_clerk_scope import log_in
from tests.par.conftest import (  # noqa: F401 — fixtures used by name
    appraiser,
    assessment_of,
    campaign,
    fill_and_submit,
    on_time,
    small_set,
)


def test_a_clerk_works_in_english_and_prints_in_vietnamese(
    page,
    screenshot,
    lam_clerk,
    y_yen,
    birth,
    campaign,  # noqa: F811
):
    dossier = receive(lam_clerk, y_yen["13795"], birth, when="2022-11-09 09:00")
    log_in(page, "huong")
    page.wait_for_url("**/dossiers/")
    page.get_by_label("Ngôn ngữ / Language").select_option("en")
    expect(page.get_by_role("heading", level=1)).to_have_text("One-Stop Shop — Thị trấn Lâm")
    screenshot("english-register-home")

    page.get_by_role("link", name="+ Receive a dossier (Alt+N)").click()
    expect(page.get_by_label("Applicant's full name")).to_be_visible()
    screenshot("english-new-dossier")

    page.goto(f"/dossiers/{dossier.code}/")
    expect(page.get_by_test_id("dossier-state")).to_have_text("Received")
    screenshot("english-dossier")
    with page.expect_popup() as popup:
        page.get_by_role("link", name="Form 01 — Receipt and appointment slip").click()
    expect(popup.value.get_by_role("heading", name="Giấy tiếp nhận hồ sơ và hẹn trả kết quả")).to_be_visible()

    page.goto(f"/par/assessments/{assessment_of(campaign, '13795').pk}/")
    expect(page.get_by_role("heading", name="Score sheet")).to_be_visible()
    screenshot("english-par-score-sheet")


def test_the_appraiser_reads_the_ranking_in_english(
    page,
    screenshot,
    campaign,  # noqa: F811
    lam_clerk,
    appraiser,  # noqa: F811
    on_time,  # noqa: F811
):
    fill_and_submit(lam_clerk, assessment_of(campaign, "13795"), plan=True, reports=Decimal(25))
    log_in(page, "hoa")
    page.get_by_label("Ngôn ngữ / Language").select_option("en")
    expect(page.get_by_role("link", name="PAR index")).to_be_visible()
    page.goto("/par/")
    expect(page.get_by_role("heading", name="Awaiting appraisal")).to_be_visible()
    screenshot("english-par-home")
    page.goto(f"/par/campaigns/{campaign.pk}/")
    expect(page.get_by_role("heading", name="Self-assessment progress")).to_be_visible()
    screenshot("english-par-campaign")
    page.goto("/dashboard/?period=2022-11&as_of=2022-11-30T23:59")
    expect(page.get_by_role("heading", level=1)).to_contain_text("Indicator dashboard")
    screenshot("english-dashboard")
