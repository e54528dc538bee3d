from decimal import Decimal

import pytest
from django.core.exceptions import PermissionDenied

from cchc.par import services
from cchc.par.models import EventKind, Status
from cchc.par.services import ParError
from tests.par.conftest import assessment_of, fill_and_submit, score_of


@pytest.fixture
def submitted(campaign, lam_clerk, on_time):
    return fill_and_submit(lam_clerk, assessment_of(campaign, "13795"), plan=True, reports=Decimal(25))


def test_an_appraisers_change_without_a_reason_is_refused(submitted, appraiser):
    with pytest.raises(ParError, match="Tiêu chí 1.2: phải ghi lý do khi sửa điểm tự đánh giá."):
        services.score_appraise(
            user=appraiser, score=score_of(submitted, "1.2"), value=Decimal(20), reason="  "
        )
    assert score_of(submitted, "1.2").appraised_score is None


def test_a_change_with_a_reason_is_kept_in_the_history(submitted, appraiser, lam_clerk):
    services.score_appraise(
        user=appraiser, score=score_of(submitted, "1.2"), value=Decimal(20), reason="Thiếu báo cáo quý III"
    )
    score = score_of(submitted, "1.2")
    assert (score.self_score, score.appraised_score, score.final_score) == (
        Decimal(25),
        Decimal(20),
        Decimal(20),
    )
    history = [(e.kind, e.value, e.reason, e.actor) for e in score.events.all()]
    assert history == [
        (EventKind.SELF, Decimal(25), "4 báo cáo", lam_clerk),
        (EventKind.CHANGED, Decimal(20), "Thiếu báo cáo quý III", appraiser),
    ]


def test_accepting_keeps_the_self_score(submitted, appraiser):
    services.score_appraise(user=appraiser, score=score_of(submitted, "1.1"))
    score = score_of(submitted, "1.1")
    assert score.appraised_score == Decimal(10)
    assert score.events.last().kind == EventKind.ACCEPTED


def test_an_appraised_score_above_the_maximum_is_refused(submitted, appraiser):
    with pytest.raises(ParError, match="điểm thẩm định phải từ 0 đến 30"):
        services.score_appraise(
            user=appraiser, score=score_of(submitted, "1.2"), value=Decimal(31), reason="x"
        )


def test_a_unit_user_cannot_appraise(submitted, lam_clerk):
    with pytest.raises(PermissionDenied):
        services.score_appraise(
            user=lam_clerk, score=score_of(submitted, "1.2"), value=Decimal(30), reason="x"
        )


def test_an_assessment_not_submitted_cannot_be_appraised(campaign, appraiser):
    with pytest.raises(ParError, match="Chỉ thẩm định bản đã gửi"):
        services.score_appraise(
            user=appraiser,
            score=score_of(assessment_of(campaign, "13798"), "3"),
            value=Decimal(15),
            reason="ĐT",
        )


def test_returning_needs_a_comment_and_lets_the_unit_correct(submitted, appraiser, lam_clerk):
    with pytest.raises(ParError, match="Phải ghi ý kiến"):
        services.assessment_return(user=appraiser, assessment=submitted, comment="")
    services.assessment_return(user=appraiser, assessment=submitted, comment="Bổ sung kế hoạch kiểm tra")
    lam = assessment_of(submitted.campaign, "13795")
    assert (lam.status, lam.return_comment) == (Status.RETURNED, "Bổ sung kế hoạch kiểm tra")
    services.score_self(user=lam_clerk, score=score_of(lam, "1.2"), value=Decimal(28))
    resubmitted = services.assessment_submit(user=lam_clerk, assessment=lam, reason="Nộp bản giấy")
    assert resubmitted.status == Status.SUBMITTED


def test_finalizing_accepts_every_score_not_yet_reviewed(submitted, appraiser):
    services.score_appraise(
        user=appraiser, score=score_of(submitted, "1.2"), value=Decimal(20), reason="Thiếu BC"
    )
    services.score_appraise(
        user=appraiser, score=score_of(submitted, "3"), value=Decimal(15), reason="Kết quả điều tra"
    )
    lam = services.assessment_finalize(user=appraiser, assessment=submitted)
    assert lam.status == Status.APPRAISED
    finals = {s.criterion.code: s.appraised_score for s in lam.scores.select_related("criterion")}
    assert finals == {"1.1": Decimal(10), "1.2": Decimal(20), "2.1": Decimal(20), "3": Decimal(15)}
