"""A commune scores its PAR index with evidence, the Office of Home Affairs appraises it, the commune sees
its appraised total and rank."""

from decimal import Decimal

import pytest
from playwright.sync_api import expect

from cchc.par import services
from tests.conftest import PASSWORD
from tests.par.conftest import (  # noqa: F401 — fixtures used by name
    appraiser,
    assessment_of,
    campaign,
    fill_and_submit,
    lam_head,
    on_time,
    small_set,
)

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture
def yen_trung_appraised(campaign, yen_trung_clerk, appraiser, on_time):  # noqa: F811
    """Yên Trung: plan 10 + reports 30 + on time 85% → 20 = 60 points, appraised as it stands."""
    trung = fill_and_submit(yen_trung_clerk, assessment_of(campaign, "13798"), plan=True, reports=Decimal(30))
    services.assessment_finalize(user=appraiser, assessment=trung)


def log_in(page, username: str) -> None:
    page.goto("/accounts/login/")
    page.get_by_label("Tên đăng nhập").fill(username)
    page.get_by_label("Mật khẩu").fill(PASSWORD)
    page.get_by_role("button", name="Đăng nhập").click()
    page.wait_for_load_state()


def log_out(page) -> None:
    page.get_by_role("button", name="Đăng xuất").click()
    page.wait_for_url("**/accounts/login/")


def test_a_commune_self_scores_the_appraiser_changes_one_score_and_the_commune_sees_its_rank(
    page,
    screenshot,
    tmp_path,
    lam_clerk,
    yen_trung_appraised,
    campaign,  # noqa: F811
):
    lam = assessment_of(campaign, "13795")
    log_in(page, "huong")
    page.goto("/par/")
    page.get_by_role("link", name=campaign.name).click()
    page.wait_for_url(f"**/par/assessments/{lam.pk}/")

    page.get_by_test_id("sheet").get_by_role("link", name="Ban hành kế hoạch CCHC năm").click()
    page.get_by_label("Có", exact=True).check()
    page.get_by_label("Giải trình").fill("Kế hoạch số 12/KH-UBND ngày 10/01/2022")
    page.get_by_role("button", name="Lưu điểm").click()
    assert page.get_by_test_id("self-score").inner_text() == "10"
    evidence = tmp_path / "ke-hoach-cchc-2022.pdf"
    evidence.write_bytes(PDF)
    page.locator("input[type=file]").set_input_files(str(evidence))
    page.get_by_role("button", name="Tải lên").click()
    assert "ke-hoach-cchc-2022.pdf" in page.get_by_test_id("evidence-list").inner_text()
    screenshot("par-criterion-self-score")

    page.goto(f"/par/assessments/{lam.pk}/criteria/1.2/")
    page.get_by_label("Điểm tự chấm").fill("25")
    page.get_by_label("Giải trình").fill("Đủ 4 báo cáo quý")
    page.get_by_role("button", name="Lưu điểm").click()
    page.goto(f"/par/assessments/{lam.pk}/")
    assert (
        "1 tiêu chí tự chấm chưa có tài liệu kiểm chứng (1.2)"
        in page.get_by_test_id("evidence-warning").inner_text()
    )
    page.get_by_label("Lý do gửi khi còn thiếu tài liệu kiểm chứng").fill("Báo cáo quý lưu bản giấy")
    page.get_by_role("button", name="Gửi thẩm định").click()
    assert page.get_by_test_id("status").inner_text() == "Đã gửi thẩm định"
    assert page.get_by_test_id("self-total").inner_text() == "55"  # 10 + 25 + 20 (85% on time)
    screenshot("par-assessment-submitted")
    log_out(page)

    log_in(page, "hoa")
    page.goto(f"/par/assessments/{lam.pk}/criteria/1.2/")
    page.get_by_label("Điểm thẩm định").fill("20")
    page.get_by_role("button", name="Ghi kết quả thẩm định").click()
    assert "phải ghi lý do khi sửa điểm tự đánh giá" in page.content()
    page.get_by_label("Điểm thẩm định").fill("20")
    page.get_by_label("Lý do").fill("Báo cáo quý III gửi chậm")
    page.get_by_role("button", name="Ghi kết quả thẩm định").click()
    page.wait_for_url(f"**/par/assessments/{lam.pk}/#c-1.2")
    assert page.get_by_test_id("appraised-1.2").inner_text() == "20"
    page.get_by_role("button", name="Hoàn thành thẩm định").click()
    assert page.get_by_test_id("status").inner_text() == "Đã thẩm định"
    page.goto(f"/par/campaigns/{campaign.pk}/")
    screenshot("par-ranking")
    log_out(page)

    log_in(page, "huong")
    page.goto(f"/par/assessments/{lam.pk}/")
    assert page.get_by_test_id("appraised-total").inner_text() == "50"  # 10 + 20 + 20 + survey not yet given
    assert page.get_by_test_id("rank").inner_text() == "Chưa công bố"  # the appraiser has not published
    log_out(page)

    log_in(page, "hoa")
    page.goto(f"/par/campaigns/{campaign.pk}/")
    assert "Còn 1/3 đơn vị chưa được thẩm định xong" in page.get_by_test_id("publish-warning").inner_text()
    page.get_by_label("Lý do vẫn công bố").fill("Xã Yên Thành chưa gửi bản tự đánh giá")
    page.get_by_test_id("publish").click()
    expect(page.get_by_test_id("publication")).to_contain_text("Đã công bố lúc")
    log_out(page)

    log_in(page, "huong")
    page.goto(f"/par/assessments/{lam.pk}/")
    assert page.get_by_test_id("rank").inner_text() == "2/2"  # behind Yên Trung's 60
    screenshot("par-commune-result")
    page.goto(f"/par/assessments/{lam.pk}/criteria/1.2/")
    history = page.get_by_test_id("history").inner_text()
    assert "Thẩm định: sửa điểm" in history
    assert "Báo cáo quý III gửi chậm" in history


def test_a_unit_head_scores_a_whole_field_on_one_page(page, screenshot, lam_head, campaign):  # noqa: F811
    lam = assessment_of(campaign, "13795")
    log_in(page, "dung")
    page.goto(f"/par/assessments/{lam.pk}/")
    page.get_by_test_id("field-1").click()
    page.wait_for_url(f"**/par/assessments/{lam.pk}/fields/1/")
    assert page.get_by_test_id("running-total").inner_text() == "0"

    plan = page.get_by_test_id("criterion-1.1")
    assert "Có hoặc Không" in plan.inner_text()
    plan.get_by_label("Có", exact=True).check()
    plan.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("criterion-1.1").get_by_test_id("saved")).to_be_visible()
    expect(page.get_by_test_id("field-total")).to_have_text("10")

    reports = page.get_by_test_id("criterion-1.2")
    assert "từ 0 đến 30 điểm" in reports.inner_text()
    reports.get_by_label("Điểm tự chấm").fill("31")
    reports.get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("criterion-1.2").get_by_role("alert")).to_contain_text("1.2")
    page.get_by_test_id("criterion-1.2").get_by_label("Điểm tự chấm").fill("25")
    page.get_by_test_id("criterion-1.2").get_by_label("Giải trình").fill("Đủ 4 báo cáo quý")
    page.get_by_test_id("criterion-1.2").get_by_role("button", name="Lưu").click()
    expect(page.get_by_test_id("field-total")).to_have_text("35")
    expect(page.get_by_test_id("running-total")).to_have_text("35")
    assert page.get_by_test_id("evidence-count").inner_text() == "0/2"
    assert page.url.endswith(f"/par/assessments/{lam.pk}/fields/1/")  # one page, no reload
    screenshot("par-field-scored")
