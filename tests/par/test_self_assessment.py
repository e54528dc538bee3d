import sys
from decimal import Decimal
from fractions import Fraction

import pytest
from django.core.exceptions import PermissionDenied

from cchc.audit.models import AuditEntry
from cchc.par import measures, services
from cchc.par.models import EventKind, Status
from cchc.par.services import ParError
from tests.par.conftest import assessment_of, fill_and_submit, score_of


def test_opening_a_campaign_freezes_its_set_and_gives_each_unit_an_empty_assessment(campaign, small_set):
    small_set.refresh_from_db()
    assert small_set.is_frozen
    lam = assessment_of(campaign, "13795")
    assert lam.status == Status.NOT_STARTED
    assert sorted(lam.scores.values_list("criterion__code", flat=True)) == ["1.1", "1.2", "2.1", "3"]


def test_a_yes_scores_the_maximum_and_starts_the_assessment(campaign, lam_clerk):
    lam = assessment_of(campaign, "13795")
    score = services.score_self(
        user=lam_clerk, score=score_of(lam, "1.1"), value=True, explanation="KH 12/KH-UBND"
    )
    assert score.self_score == Decimal(10)
    lam.refresh_from_db()
    assert lam.status == Status.IN_PROGRESS
    [event] = score.events.all()
    assert (event.kind, event.value, event.reason, event.actor) == (
        EventKind.SELF,
        Decimal(10),
        "KH 12/KH-UBND",
        lam_clerk,
    )


def test_a_manual_score_above_the_maximum_is_refused_and_changes_nothing(campaign, lam_clerk):
    lam = assessment_of(campaign, "13795")
    with pytest.raises(ParError, match="Tiêu chí 1.2: Điểm phải từ 0 đến 30."):
        services.score_self(user=lam_clerk, score=score_of(lam, "1.2"), value=Decimal("30.5"))
    assert score_of(lam, "1.2").self_score is None
    assert assessment_of(campaign, "13795").status == Status.NOT_STARTED


def test_an_automatic_criterion_takes_its_value_from_the_kpi_engine(campaign, lam_clerk, on_time):
    lam = assessment_of(campaign, "13795")
    services.measures_refresh(user=lam_clerk, assessment=lam)
    score = score_of(lam, "2.1")
    # 17 of 20 on time = 85%: at least 70% but under 90% → 20 of 40 points
    assert (score.measured_rate, score.self_score) == ("17/20", Decimal(20))
    assert score.measure_note == "Tỷ lệ đo được từ số liệu hồ sơ: 85%."
    on_time["13795"] = Fraction(9, 10)
    services.measures_refresh(user=lam_clerk, assessment=lam)
    assert score_of(lam, "2.1").self_score == Decimal(40)
    assert [e.value for e in score.events.all()] == [Decimal(20), Decimal(40)]


def test_an_automatic_criterion_refuses_a_manual_overwrite(campaign, lam_clerk, on_time):
    lam = assessment_of(campaign, "13795")
    services.measures_refresh(user=lam_clerk, assessment=lam)
    with pytest.raises(ParError, match="chấm tự động từ số liệu hồ sơ"):
        services.score_self(user=lam_clerk, score=score_of(lam, "2.1"), value=100)
    assert score_of(lam, "2.1").self_score == Decimal(20)


def test_no_dossier_in_the_period_gives_the_maximum(campaign, lam_clerk, on_time):
    on_time["13795"] = None
    lam = assessment_of(campaign, "13795")
    services.measures_refresh(user=lam_clerk, assessment=lam)
    score = score_of(lam, "2.1")
    assert (score.self_score, score.measure_note) == (
        Decimal(40),
        "Không phát sinh trong kỳ: tính điểm tối đa.",
    )


def test_without_the_kpi_engine_an_automatic_criterion_stays_unscored(campaign, lam_clerk, monkeypatch):
    monkeypatch.setattr(measures, "measure", lambda **kw: measures.Measure(available=False))
    lam = assessment_of(campaign, "13795")
    services.measures_refresh(user=lam_clerk, assessment=lam)
    score = score_of(lam, "2.1")
    assert score.self_score is None
    assert score.measure_note == "Chưa có số liệu: bộ đo chỉ số chưa sẵn sàng."


def test_the_real_door_to_the_kpi_engine_reports_it_missing(y_yen, monkeypatch):
    # Until ``cchc.kpis.api`` is installed the door answers "not available" and does not crash.
    monkeypatch.setitem(sys.modules, "cchc.kpis.api", None)  # makes the import fail as a missing module does
    found = measures.measure(unit=y_yen["13795"], indicator="online_rate", start=None, end=None)
    assert not found.available


def test_a_survey_criterion_is_not_self_assessed(campaign, lam_clerk):
    lam = assessment_of(campaign, "13795")
    with pytest.raises(ParError, match="điều tra xã hội học"):
        services.score_self(user=lam_clerk, score=score_of(lam, "3"), value=Decimal(20))


def test_another_commune_cannot_score_lam(campaign, yen_trung_clerk):
    with pytest.raises(PermissionDenied):
        services.score_self(
            user=yen_trung_clerk, score=score_of(assessment_of(campaign, "13795"), "1.1"), value=True
        )


def test_the_district_leader_changes_nothing(campaign, leader):
    with pytest.raises(PermissionDenied):
        services.score_self(user=leader, score=score_of(assessment_of(campaign, "13795"), "1.1"), value=True)


def test_submitting_needs_every_self_assessed_criterion(campaign, lam_clerk, on_time):
    lam = assessment_of(campaign, "13795")
    services.score_self(user=lam_clerk, score=score_of(lam, "1.1"), value=True)
    with pytest.raises(ParError, match="Chưa chấm điểm các tiêu chí: 1.2."):
        services.assessment_submit(user=lam_clerk, assessment=lam)
    assert assessment_of(campaign, "13795").status == Status.IN_PROGRESS


def test_a_submitted_assessment_can_no_longer_be_changed_by_the_unit(campaign, lam_clerk, on_time):
    lam = fill_and_submit(lam_clerk, assessment_of(campaign, "13795"), plan=True, reports=Decimal(25))
    assert lam.status == Status.SUBMITTED
    assert score_of(lam, "2.1").self_score == Decimal(20)  # measured again at submission
    with pytest.raises(ParError, match="Đã gửi thẩm định"):
        services.score_self(user=lam_clerk, score=score_of(lam, "1.2"), value=Decimal(30))


def test_every_score_change_is_audited(campaign, lam_clerk):
    score = services.score_self(
        user=lam_clerk, score=score_of(assessment_of(campaign, "13795"), "1.2"), value=Decimal(25)
    )
    entry = AuditEntry.objects.filter(model="par.Score", object_pk=str(score.pk)).latest("pk")
    assert entry.changes["self_score"] == [None, "25.00"]
    assert entry.unit_id == score.assessment.unit_id
