"""Demo self-assessments: the first communes of a demo campaign in every state of the PAR year, so that the
demo's ranking, the appraiser's queue and a unit's score sheet show something. Deterministic (seeded by the
unit's code); every score goes through the services like a real one."""

import random
from decimal import Decimal

from cchc.accounts.models import Role, User
from cchc.par import services
from cchc.par.models import Assessment, Campaign, Method

# The communes of the campaign in code order get these states; the others stay not started.
STATES = [
    "appraised",
    "appraised",
    "appraised",
    "appraised",
    "submitted",
    "submitted",
    "returned",
    "in_progress",
]
PAPER = "Tài liệu kiểm chứng lưu bản giấy tại Văn phòng UBND xã (dữ liệu minh họa)."
SURVEY = "Kết quả điều tra xã hội học năm 2022 (dữ liệu minh họa)."


def _value(kind: str, maximum: Decimal, rng: random.Random):
    if kind == "yes_no":
        return rng.random() < 0.8
    if kind == "rate":
        return Decimal(rng.randint(60, 100))
    if kind == "count":
        return rng.choice([0, 0, 0, 1, 2])
    return (maximum * Decimal(rng.randint(50, 100)) / 100).quantize(Decimal("0.25"))


def _self_score(user: User, assessment: Assessment, rng: random.Random, share: float = 1.0) -> None:
    scores = assessment.scores.select_related("criterion").filter(
        criterion__method=Method.SELF, criterion__indicator=""
    )
    for score in scores.order_by("criterion__position"):
        if rng.random() < share:
            kind = score.criterion.parsed_rule.input_kind
            value = _value(kind, score.criterion.max_score, rng)
            services.score_self(
                user=user, score=score, value=value, explanation="Theo báo cáo năm (minh họa)"
            )


def _appraise(appraiser: User, assessment: Assessment, rng: random.Random) -> None:
    for score in assessment.scores.select_related("criterion").filter(criterion__method=Method.SURVEY):
        value = (score.criterion.max_score * Decimal(rng.randint(70, 95)) / 100).quantize(Decimal("0.25"))
        services.score_appraise(user=appraiser, score=score, value=value, reason=SURVEY)
    services.assessment_finalize(user=appraiser, assessment=assessment)


def fill(*, campaign: Campaign, appraiser: User, admin: User) -> int:
    """Bring the first communes of ``campaign`` to the states of ``STATES``; returns how many were filled.

    A commune's own unit head scores it when the demo has one, otherwise the administrator does.
    """
    assessments = list(
        campaign.assessments.select_related("unit")
        .filter(unit__kind__in=["commune", "town"])
        .order_by("unit__code")
    )
    heads = {
        u.unit_id: u for u in User.objects.filter(role=Role.UNIT_HEAD, unit__in=[a.unit for a in assessments])
    }
    for assessment, state in zip(assessments, STATES, strict=False):
        rng = random.Random(assessment.unit.code)  # noqa: S311 — demo figures, not secrets
        user = heads.get(assessment.unit_id, admin)
        _self_score(user, assessment, rng, share=0.6 if state == "in_progress" else 1.0)
        if state == "in_progress":
            continue
        services.assessment_submit(user=user, assessment=assessment, reason=PAPER)
        if state == "returned":
            services.assessment_return(
                user=appraiser, assessment=assessment, comment="Bổ sung kế hoạch tự kiểm tra CCHC (minh họa)."
            )
        elif state == "appraised":
            _appraise(appraiser, assessment, rng)
    return min(len(assessments), len(STATES))
