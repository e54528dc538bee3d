"""Every change to the PAR index goes through one of these functions.

Each takes the acting user (keyword-only), checks that he may do it, and runs in one transaction; the audit
trail records the saved rows, and a score's own history (``ScoreEvent``) records who gave which score, when
and why. Bad input raises ``ParError`` with a Vietnamese message and changes nothing.
"""

import unicodedata
from datetime import date
from decimal import Decimal
from fractions import Fraction

from django.core.exceptions import PermissionDenied
from django.db import transaction
from django.db.models import Exists, Max, OuterRef
from django.utils import timezone

from cchc.accounts.models import Role, User
from cchc.accounts.scoping import can_change, ensure_can_change
from cchc.audit.trail import acting_as
from cchc.core.scoring import ScoringError, fmt, to_points
from cchc.core.text import clean
from cchc.i18n import in_vietnamese
from cchc.par import measures, storage
from cchc.par.models import (
    Assessment,
    Campaign,
    Criterion,
    EventKind,
    Evidence,
    IndexSet,
    Method,
    Score,
    ScoreEvent,
    SetKind,
    Status,
)
from cchc.par.setfile import CriterionRow, tree_problems
from cchc.units.models import Unit

APPRAISER_ROLES = frozenset({Role.PAR_APPRAISER, Role.ADMIN})


class ParError(ValueError):
    """A request the rules refuse; the message is Vietnamese and says what to do."""


class ReasonRequired(ParError):
    """The step can go through only with a reason written down (the rule's message says what is missing)."""


def can_appraise(user: User) -> bool:
    return bool(
        user.is_authenticated and user.is_active and (user.is_superuser or user.role in APPRAISER_ROLES)
    )


def ensure_can_appraise(user: User) -> None:
    if not can_appraise(user):
        raise PermissionDenied("Chỉ Phòng Nội vụ (thẩm định chỉ số CCHC) được làm việc này.")


def can_self_assess(user: User, assessment: Assessment) -> bool:
    return can_change(user, assessment.unit)


# --- index sets -------------------------------------------------------------------------------------------


def index_set_load(
    *, rows: list[CriterionRow], name: str, kind: str, year: int, source: str = "", actor_label: str
) -> IndexSet:
    """Create a new version of the set of ``kind`` and ``year`` from validated rows (see ``parse_set``)."""
    if kind not in SetKind.values:
        raise ParError(f"Loại bộ chỉ số '{kind}' không hợp lệ (chỉ nhận: {', '.join(SetKind.values)}).")
    with transaction.atomic(), acting_as(None, label=actor_label):
        last = IndexSet.objects.filter(kind=kind, year=year).aggregate(v=Max("version"))["v"] or 0
        index_set = IndexSet.objects.create(
            name=clean(name), kind=kind, year=year, version=last + 1, source=source
        )
        _create_criteria(index_set, rows)
    return index_set


def _create_criteria(index_set: IndexSet, rows: list[CriterionRow]) -> None:
    parent_codes = {row.parent_code for row in rows}
    created: dict[str, Criterion] = {}
    for position, row in enumerate(sorted(rows, key=lambda r: [int(p) for p in r.code.split(".")]), 1):
        created[row.code] = Criterion.objects.create(
            index_set=index_set,
            parent=created.get(row.parent_code) if row.parent_code else None,
            code=row.code,
            position=position,
            name=row.name,
            max_score=row.max_score,
            method=row.method,
            rule=row.rule,
            indicator=row.indicator,
            responsible=row.responsible,
            evidence_expected=row.evidence,
            guidance=row.guidance,
            note=row.note,
            is_leaf=row.code not in parent_codes,
        )


def index_set_problems(index_set: IndexSet) -> list[str]:
    """Validate a set built in the admin by the same rules as a loaded file."""
    rows = [
        CriterionRow(
            line=c.position,
            code=c.code,
            name=c.name,
            max_score=c.max_score,
            method=c.method,
            rule=c.rule,
            responsible=c.responsible,
            evidence=c.evidence_expected,
            indicator=c.indicator,
        )
        for c in index_set.criteria.order_by("position")
    ]
    return tree_problems(rows) if rows else ["Bộ chỉ số chưa có tiêu chí nào."]


def index_set_new_version(*, user: User, index_set: IndexSet) -> IndexSet:
    """Copy a (frozen) set into a new, editable version."""
    ensure_can_appraise(user)
    with transaction.atomic():
        last = IndexSet.objects.filter(kind=index_set.kind, year=index_set.year).aggregate(v=Max("version"))
        copy = IndexSet.objects.create(
            name=index_set.name,
            kind=index_set.kind,
            year=index_set.year,
            version=last["v"] + 1,
            source=index_set.source,
        )
        criteria = list(index_set.criteria.order_by("position"))
        rows = [
            CriterionRow(
                line=c.position,
                code=c.code,
                name=c.name,
                max_score=c.max_score,
                method=c.method,
                rule=c.rule,
                responsible=c.responsible,
                evidence=c.evidence_expected,
                guidance=c.guidance,
                indicator=c.indicator,
                note=c.note,
            )
            for c in criteria
        ]
        _create_criteria(copy, rows)
    return copy


def _sync_tree(index_set: IndexSet) -> None:
    """Derive parents and leaves from the codes, for a set built or edited in the admin."""
    criteria = {c.code: c for c in index_set.criteria.all()}
    parents = {code.rpartition(".")[0] for code in criteria if "." in code}
    for code, criterion in criteria.items():
        parent = criteria.get(code.rpartition(".")[0]) if "." in code else None
        is_leaf = code not in parents
        if criterion.parent_id != getattr(parent, "pk", None) or criterion.is_leaf != is_leaf:
            criterion.parent, criterion.is_leaf = parent, is_leaf
            criterion.save(update_fields=["parent", "is_leaf"])


# --- campaigns --------------------------------------------------------------------------------------------


def campaign_open(
    *,
    user: User,
    name: str,
    year: int,
    index_sets: list[IndexSet],
    period_start: date,
    period_end: date,
    self_assessment_due: date,
    appraisal_due: date,
    results_published_on: date,
    units: list[Unit] | None = None,
) -> Campaign:
    """Open a year's assessment: freeze its sets and give every unit of their kinds an empty assessment.

    ``units`` defaults to every unit valid on ``period_end`` whose kind one of the sets applies to.
    """
    ensure_can_appraise(user)
    problems = []
    if not period_start <= period_end:
        problems.append("Ngày bắt đầu kỳ số liệu phải trước ngày kết thúc.")
    if not self_assessment_due <= appraisal_due <= results_published_on:
        problems.append("Các mốc phải theo thứ tự: hạn tự đánh giá, hạn thẩm định, ngày công bố.")
    by_kind: dict[str, IndexSet] = {}
    for index_set in index_sets:
        if index_set.kind in by_kind:
            problems.append(f"Hai bộ chỉ số cùng áp dụng cho {index_set.get_kind_display()}.")
        by_kind[index_set.kind] = index_set
        problems.extend(f"{index_set}: {p}" for p in index_set_problems(index_set))
    if not index_sets:
        problems.append("Chưa chọn bộ chỉ số nào.")
    if problems:
        raise ParError(" ".join(problems))
    if units is None:
        units = list(Unit.objects.valid_on(period_end).order_by("code"))
    with transaction.atomic():
        campaign = Campaign.objects.create(
            name=clean(name),
            year=year,
            period_start=period_start,
            period_end=period_end,
            self_assessment_due=self_assessment_due,
            appraisal_due=appraisal_due,
            results_published_on=results_published_on,
        )
        campaign.index_sets.set(index_sets)
        now = timezone.now()
        for index_set in index_sets:
            if index_set.frozen_at is None:
                _sync_tree(index_set)
                index_set.frozen_at = now
                index_set.save(update_fields=["frozen_at"])
        leaves = {s.pk: list(s.criteria.filter(is_leaf=True)) for s in index_sets}
        for unit in units:
            index_set = by_kind.get(SetKind.for_unit_kind(unit.kind))
            if index_set is None:
                continue
            assessment = Assessment.objects.create(campaign=campaign, unit=unit, index_set=index_set)
            Score.objects.bulk_create(Score(assessment=assessment, criterion=c) for c in leaves[index_set.pk])
    return campaign


# --- self-assessment --------------------------------------------------------------------------------------


def _ensure_unpublished(assessment: Assessment) -> None:
    published = (
        Campaign.objects.filter(pk=assessment.campaign_id).values_list("published_at", flat=True).get()
    )
    if published is not None:
        raise ParError(
            f"Kết quả đợt đánh giá đã công bố lúc {timezone.localtime(published):%H:%M %d/%m/%Y}; "
            "không sửa được điểm hay trạng thái nữa."
        )


@in_vietnamese
def _status(assessment: Assessment) -> str:
    """The status's label for the rules' messages, which are Vietnamese sentences whatever the screen."""
    return assessment.get_status_display()


def _ensure_self(user: User, assessment: Assessment) -> None:
    ensure_can_change(user, assessment.unit)
    _ensure_unpublished(assessment)
    if not assessment.is_editable:
        raise ParError(f"Bản tự đánh giá đang ở trạng thái “{_status(assessment)}”, không sửa được nữa.")


def _event(score: Score, kind: str, value: Decimal | None, reason: str, user: User | None) -> None:
    label = user.get_username() if user is not None else "hệ thống"
    ScoreEvent.objects.create(
        score=score, kind=kind, value=value, reason=reason, actor=user, actor_label=label
    )


def _started(assessment: Assessment) -> None:
    if assessment.status == Status.NOT_STARTED:
        assessment.status = Status.IN_PROGRESS
        assessment.save(update_fields=["status"])


def score_self(*, user: User, score: Score, value, explanation: str = "") -> Score:
    """Record a unit's own score. ``value`` is in the rule's terms: points (``Fraction``/``Decimal``),
    ``True``/``False`` for yes/no, a rate in percent for rate rules, a count for deductions."""
    criterion = score.criterion
    with transaction.atomic():
        score = Score.objects.select_for_update().select_related("assessment__unit").get(pk=score.pk)
        _ensure_self(user, score.assessment)
        if criterion.is_automatic:
            raise ParError(
                f"Tiêu chí {criterion.code} được chấm tự động từ số liệu hồ sơ; đơn vị không sửa điểm này."
            )
        if criterion.method == Method.SURVEY:
            raise ParError(
                f"Tiêu chí {criterion.code} lấy điểm từ điều tra xã hội học, đơn vị không tự chấm."
            )
        rule = criterion.parsed_rule
        try:
            if rule.input_kind == "rate":
                if not 0 <= Fraction(value) <= 100:
                    raise ScoringError("Tỷ lệ phải từ 0% đến 100%.")
                points = rule.score(Fraction(value) / 100, criterion.max_fraction)
            else:
                points = rule.score(value, criterion.max_fraction)
        except (ScoringError, TypeError, ValueError) as exc:
            raise ParError(f"Tiêu chí {criterion.code}: {exc}") from exc
        score.self_input = Decimal(int(value)) if isinstance(value, bool) else to_points(Fraction(value))
        score.self_score = to_points(points)
        score.explanation = clean(explanation, lines=True)
        score.save(update_fields=["self_input", "self_score", "explanation", "updated_at"])
        _event(score, EventKind.SELF, score.self_score, score.explanation, user)
        _started(score.assessment)
    return score


def measures_refresh(*, user: User, assessment: Assessment) -> int:
    """Score every automatic criterion from the KPI engine for the campaign's period; return how many changed.

    A rate the engine measured is scored by the criterion's rule; "không phát sinh" (nothing to measure in the
    period) gives the maximum, as the scoring guidance does for tasks that did not arise; when the engine is
    not installed the criterion stays unscored ("chưa có số liệu").
    """
    if not (can_appraise(user) or can_self_assess(user, assessment)):
        raise PermissionDenied("Bạn không có quyền cập nhật số liệu của đơn vị này.")
    _ensure_unpublished(assessment)
    changed = 0
    with transaction.atomic():
        campaign = assessment.campaign
        for score in (
            assessment.scores.select_for_update().select_related("criterion").exclude(criterion__indicator="")
        ):
            criterion = score.criterion
            found = measures.measure(
                unit=assessment.unit,
                indicator=criterion.indicator,
                start=campaign.period_start,
                end=campaign.period_end,
            )
            if not found.available:
                rate, points, note = "", None, "Chưa có số liệu: bộ đo chỉ số chưa sẵn sàng."
            elif found.rate is None:
                rate, points, note = "", criterion.max_score, "Không phát sinh trong kỳ: tính điểm tối đa."
            else:
                value = Fraction(found.rate)
                rate = f"{value.numerator}/{value.denominator}"
                points = to_points(criterion.parsed_rule.score(value, criterion.max_fraction))
                note = f"Tỷ lệ đo được từ số liệu hồ sơ: {fmt(value * 100)}%."
            if (score.measured_rate, score.self_score, score.measure_note) == (rate, points, note):
                continue
            score.measured_rate, score.self_score, score.measure_note = rate, points, note
            score.save(update_fields=["measured_rate", "self_score", "measure_note", "updated_at"])
            _event(score, EventKind.AUTO, points, note, user)
            changed += 1
    return changed


def evidence_add(*, user: User, score: Score, name: str, size: int, data_file) -> Evidence:
    """Check and store an evidence file for a score of the user's own unit."""
    with transaction.atomic():
        _ensure_self(user, score.assessment)
        try:
            stored = storage.save(name=name, size=size, data_file=data_file)
        except storage.EvidenceRefused as exc:
            raise ParError(str(exc)) from exc
        evidence = Evidence.objects.create(
            score=score,
            original_name=stored.original_name,
            stored_name=stored.stored_name,
            kind=stored.kind,
            size=stored.size,
            sha256=stored.sha256,
            uploaded_by=user,
        )
        _started(score.assessment)
    return evidence


def evidence_withdraw(*, user: User, evidence: Evidence) -> Evidence:
    with transaction.atomic():
        _ensure_self(user, evidence.score.assessment)
        if evidence.withdrawn_at is None:
            evidence.withdrawn_at = timezone.now()
            evidence.save(update_fields=["withdrawn_at"])
    return evidence


REASON_MAX = 1000


def _reason(text: str) -> str:
    reason = unicodedata.normalize("NFC", text or "").strip()
    if len(reason) > REASON_MAX or not all(c.isprintable() or c in "\r\n" for c in reason):
        raise ParError(f"Lý do dài quá {REASON_MAX} ký tự hoặc có ký tự không được phép.")
    return reason


def evidence_missing(*, assessment: Assessment) -> list[str]:
    """The codes of the criteria the unit scores itself that have no evidence (withdrawn files not counted)."""
    active = Evidence.objects.filter(score=OuterRef("pk"), withdrawn_at__isnull=True)
    return list(
        assessment.scores.filter(criterion__method=Method.SELF, criterion__indicator="")
        .filter(~Exists(active))
        .order_by("criterion__position")
        .values_list("criterion__code", flat=True)
    )


def assessment_submit(*, user: User, assessment: Assessment, reason: str = "") -> Assessment:
    """Send the self-assessment for appraisal once every self-assessed criterion has a score.

    Every criterion the unit scores itself should carry evidence; sending with some lacking it needs a
    ``reason``, kept on the assessment (and so in the audit trail) for the appraiser to read.
    """
    reason = _reason(reason)
    with transaction.atomic():
        assessment = (
            Assessment.objects.select_for_update().select_related("unit", "campaign").get(pk=assessment.pk)
        )
        _ensure_self(user, assessment)
        measures_refresh(user=user, assessment=assessment)
        missing = list(
            assessment.scores.filter(
                criterion__method=Method.SELF, criterion__indicator="", self_score__isnull=True
            ).values_list("criterion__code", flat=True)
        )
        if missing:
            raise ParError(f"Chưa chấm điểm các tiêu chí: {', '.join(missing)}. Hãy chấm đủ rồi gửi lại.")
        lacking = evidence_missing(assessment=assessment)
        if lacking and not reason:
            total = assessment.scores.filter(criterion__method=Method.SELF, criterion__indicator="").count()
            raise ReasonRequired(
                f"{len(lacking)}/{total} tiêu chí tự chấm chưa có tài liệu kiểm chứng "
                f"({', '.join(lacking)}). Hãy tải lên, hoặc ghi lý do để vẫn gửi thẩm định."
            )
        assessment.status = Status.SUBMITTED
        assessment.submitted_at = timezone.now()
        assessment.submit_reason = reason if lacking else ""
        assessment.save(update_fields=["status", "submitted_at", "submit_reason"])
    return assessment


# --- appraisal --------------------------------------------------------------------------------------------


def _ensure_appraisal(user: User, assessment: Assessment) -> None:
    ensure_can_appraise(user)
    _ensure_unpublished(assessment)
    if assessment.status != Status.SUBMITTED:
        raise ParError(f"Chỉ thẩm định bản đã gửi; bản này đang ở trạng thái “{_status(assessment)}”.")


def score_appraise(*, user: User, score: Score, value: Decimal | None = None, reason: str = "") -> Score:
    """Accept a score (``value`` None or equal to the self-score) or change it; a change needs a reason.

    Survey criteria get their score here (the result of the survey), with its source as the reason.
    """
    reason = clean(reason, lines=True)
    with transaction.atomic():
        score = Score.objects.select_for_update().select_related("assessment", "criterion").get(pk=score.pk)
        _ensure_appraisal(user, score.assessment)
        criterion = score.criterion
        if value is None:
            if score.self_score is None:
                raise ParError(
                    f"Tiêu chí {criterion.code} chưa có điểm tự đánh giá; hãy nhập điểm thẩm định."
                )
            value = score.self_score
        value = Decimal(value)
        if not 0 <= value <= criterion.max_score or value != round(value, 2):
            raise ParError(
                f"Tiêu chí {criterion.code}: điểm thẩm định phải từ 0 đến {fmt(criterion.max_score)}."
            )
        changed = value != score.self_score
        if changed and not reason:
            raise ParError(f"Tiêu chí {criterion.code}: phải ghi lý do khi sửa điểm tự đánh giá.")
        score.appraised_score = value
        score.appraisal_reason = reason
        score.save(update_fields=["appraised_score", "appraisal_reason", "updated_at"])
        _event(score, EventKind.CHANGED if changed else EventKind.ACCEPTED, value, reason, user)
    return score


def assessment_return(*, user: User, assessment: Assessment, comment: str) -> Assessment:
    """Send the whole assessment back to the unit for correction, with the appraiser's comments."""
    comment = clean(comment, lines=True)
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _ensure_appraisal(user, assessment)
        if not comment:
            raise ParError("Phải ghi ý kiến để đơn vị biết cần chỉnh sửa gì.")
        assessment.status = Status.RETURNED
        assessment.return_comment = comment
        assessment.save(update_fields=["status", "return_comment"])
    return assessment


def assessment_finalize(*, user: User, assessment: Assessment) -> Assessment:
    """Close the appraisal: every self-score not yet reviewed is accepted as it stands."""
    with transaction.atomic():
        assessment = Assessment.objects.select_for_update().get(pk=assessment.pk)
        _ensure_appraisal(user, assessment)
        pending = assessment.scores.filter(appraised_score__isnull=True, self_score__isnull=False)
        for score in pending.select_related("criterion"):
            score_appraise(user=user, score=score)
        assessment.status = Status.APPRAISED
        assessment.appraised_at = timezone.now()
        assessment.save(update_fields=["status", "appraised_at"])
    return assessment


# --- publication ------------------------------------------------------------------------------------------


def campaign_publish(*, user: User, campaign: Campaign, reason: str = "") -> Campaign:
    """Publish the results: units then see their rank, and nothing of the campaign can change any more.

    Units not appraised by then stay unranked ("chưa thẩm định"); at least one must be appraised, and
    publishing before all are needs a ``reason``, kept on the campaign (and so in the audit trail).
    """
    ensure_can_appraise(user)
    reason = _reason(reason)
    with transaction.atomic():
        campaign = Campaign.objects.select_for_update().get(pk=campaign.pk)
        if campaign.published_at is not None:
            raise ParError(
                f"Kết quả đã công bố lúc {timezone.localtime(campaign.published_at):%H:%M %d/%m/%Y}."
            )
        appraised = campaign.assessments.filter(status=Status.APPRAISED).count()
        if not appraised:
            raise ParError("Chưa có đơn vị nào được thẩm định xong: chưa có kết quả để công bố.")
        total = campaign.assessments.count()
        if appraised < total and not reason:
            raise ReasonRequired(
                f"Mới thẩm định xong {appraised}/{total} đơn vị; {total - appraised} đơn vị sẽ không được "
                "xếp hạng. Hãy thẩm định tiếp, hoặc ghi lý do để vẫn công bố."
            )
        campaign.published_at = timezone.now()
        campaign.published_by = user
        campaign.publish_reason = reason if appraised < total else ""
        campaign.save(update_fields=["published_at", "published_by", "publish_reason"])
    return campaign
