"""Submitting without evidence on every criterion, and publishing before every unit is appraised, go through
only with a reason, which the audit trail keeps; a unit scores a whole field on one page."""

from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from cchc.audit.models import AuditEntry
from cchc.par import services
from cchc.par.models import Status
from tests.conftest import PASSWORD
from tests.par.conftest import PAPER_EVIDENCE, assessment_of, fill_and_submit, score_of

PDF = b"%PDF-1.4\n1 0 obj << /Type /Catalog >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"


@pytest.fixture(autouse=True)
def media(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path / "media"


def scored(user, assessment):
    services.score_self(user=user, score=score_of(assessment, "1.1"), value=True)
    services.score_self(user=user, score=score_of(assessment, "1.2"), value=Decimal(25))
    return assessment


def with_evidence(user, assessment, code):
    upload = SimpleUploadedFile(f"{code}.pdf", PDF)
    services.evidence_add(
        user=user, score=score_of(assessment, code), name=upload.name, size=len(PDF), data_file=upload
    )


def test_it_refuses_a_submission_with_criteria_lacking_evidence_and_no_reason(campaign, lam_clerk, on_time):
    lam = scored(lam_clerk, assessment_of(campaign, "13795"))
    with_evidence(lam_clerk, lam, "1.1")

    with pytest.raises(
        services.ReasonRequired, match=r"1/2 tiêu chí tự chấm chưa có tài liệu kiểm chứng \(1.2\)"
    ):
        services.assessment_submit(user=lam_clerk, assessment=lam)

    assert assessment_of(campaign, "13795").status == Status.IN_PROGRESS


def test_it_keeps_the_reason_of_a_submission_lacking_evidence_in_the_audit(campaign, lam_clerk, on_time):
    lam = scored(lam_clerk, assessment_of(campaign, "13795"))

    services.assessment_submit(user=lam_clerk, assessment=lam, reason="Báo cáo quý nộp bản giấy")

    lam = assessment_of(campaign, "13795")
    assert (lam.status, lam.submit_reason) == (Status.SUBMITTED, "Báo cáo quý nộp bản giấy")
    entry = AuditEntry.objects.filter(model="par.Assessment", object_pk=str(lam.pk)).latest("pk")
    assert entry.changes["submit_reason"] == ["", "Báo cáo quý nộp bản giấy"]


def test_it_submits_without_a_reason_when_every_criterion_has_evidence(campaign, lam_clerk, on_time):
    lam = scored(lam_clerk, assessment_of(campaign, "13795"))
    with_evidence(lam_clerk, lam, "1.1")
    with_evidence(lam_clerk, lam, "1.2")

    services.assessment_submit(user=lam_clerk, assessment=lam)

    assert (assessment_of(campaign, "13795").status, assessment_of(campaign, "13795").submit_reason) == (
        Status.SUBMITTED,
        "",
    )


def test_it_refuses_publishing_with_units_not_appraised_and_no_reason(
    campaign, appraiser, lam_clerk, on_time
):
    lam = fill_and_submit(lam_clerk, assessment_of(campaign, "13795"), plan=True, reports=Decimal(25))
    services.assessment_finalize(user=appraiser, assessment=lam)

    with pytest.raises(services.ReasonRequired, match="Mới thẩm định xong 1/3 đơn vị; 2 đơn vị"):
        services.campaign_publish(user=appraiser, campaign=campaign)

    published = services.campaign_publish(user=appraiser, campaign=campaign, reason="Hết hạn thẩm định")
    assert published.publish_reason == "Hết hạn thẩm định"
    entry = AuditEntry.objects.filter(model="par.Campaign", object_pk=str(campaign.pk)).latest("pk")
    assert entry.changes["publish_reason"] == ["", "Hết hạn thẩm định"]


def test_the_assessment_page_warns_and_asks_for_a_reason(client, campaign, lam_clerk, on_time):
    lam = scored(lam_clerk, assessment_of(campaign, "13795"))
    client.login(username="huong", password=PASSWORD)

    page = client.get(f"/par/assessments/{lam.pk}/").text
    refused = client.post(f"/par/assessments/{lam.pk}/submit/", follow=True).text
    client.post(f"/par/assessments/{lam.pk}/submit/", {"reason": PAPER_EVIDENCE})

    assert "2 tiêu chí tự chấm chưa có tài liệu kiểm chứng (1.1, 1.2)" in page
    assert 'name="reason"' in page
    assert "ghi lý do để vẫn gửi thẩm định" in refused
    assert assessment_of(campaign, "13795").submit_reason == PAPER_EVIDENCE


def test_a_unit_scores_a_field_on_one_page_with_inline_saves(client, campaign, lam_clerk, on_time):
    lam = assessment_of(campaign, "13795")
    first, second = score_of(lam, "1.1"), score_of(lam, "1.2")
    client.login(username="huong", password=PASSWORD)

    page = client.get(f"/par/assessments/{lam.pk}/fields/1/").text
    client.post(
        f"/par/assessments/{lam.pk}/criteria/1.1/inline/", {f"c{first.pk}-value": "1"}, HTTP_HX_REQUEST="true"
    )
    saved = client.post(
        f"/par/assessments/{lam.pk}/criteria/1.2/inline/",
        {f"c{second.pk}-value": "25", f"c{second.pk}-explanation": "Đủ 4 báo cáo quý"},
        HTTP_HX_REQUEST="true",
    ).text

    assert "Ban hành kế hoạch CCHC năm" in page and "Báo cáo CCHC đầy đủ" in page
    assert "từ 0 đến 30 điểm" in page and "Có hoặc Không" in page
    assert 'data-testid="running-total">0<' in page
    assert 'data-testid="field-total">35<' in saved  # 1.1 yes → 10, 1.2 → 25
    assert 'data-testid="running-total">35<' in saved  # 2.1 is measured when the sheet is refreshed
    assert 'data-testid="evidence-count">0/2<' in saved
    assert score_of(lam, "1.2").explanation == "Đủ 4 báo cáo quý"


def test_an_inline_score_out_of_range_is_refused_next_to_the_criterion(client, campaign, lam_clerk, on_time):
    lam = assessment_of(campaign, "13795")
    reports = score_of(lam, "1.2")
    client.login(username="huong", password=PASSWORD)

    answer = client.post(
        f"/par/assessments/{lam.pk}/criteria/1.2/inline/",
        {f"c{reports.pk}-value": "31"},
        HTTP_HX_REQUEST="true",
    ).text

    assert 'role="alert"' in answer and "1.2" in answer
    assert score_of(lam, "1.2").self_score is None
