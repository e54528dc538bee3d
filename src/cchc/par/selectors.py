"""Reads of the PAR index, always scoped by the user who asks; results are plain dataclasses.

Fetch, then calculate: the queries are here, the arithmetic (totals, percentages, ranking) is in
``cchc.core.scoring``. A unit user sees his own unit's assessment only; district-wide roles see all. A
unit's rank is computed over every appraised assessment of the same set, but only the rows of units the user
may see are returned.
"""

from dataclasses import dataclass, field
from datetime import date, timedelta
from decimal import Decimal
from fractions import Fraction

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy

from cchc.accounts.models import Role, User
from cchc.accounts.scoping import get_scoped_or_404, scoped
from cchc.core import scoring
from cchc.par.models import (
    Assessment,
    Campaign,
    Criterion,
    Evidence,
    IndexSet,
    Score,
    ScoreEvent,
    Status,
)
from cchc.units.models import Unit

REMINDER_DAYS = 14
EVIDENCE_READERS = frozenset({Role.ADMIN, Role.PAR_APPRAISER, Role.DISTRICT_LEADER})


def campaign_list(*, user: User) -> QuerySet[Campaign]:
    visible = scoped(Assessment.objects.all(), user).values("campaign")
    return Campaign.objects.filter(pk__in=visible).prefetch_related("index_sets").order_by("-year", "-pk")


def campaign_get(*, user: User, pk: int) -> Campaign:
    return get_scoped_or_404(Campaign.objects.all(), user, unit_field="assessments__unit", pk=pk)


def assessment_list(*, user: User, campaign: Campaign) -> QuerySet[Assessment]:
    return (
        scoped(Assessment.objects.filter(campaign=campaign), user)
        .select_related("unit", "index_set")
        .annotate(
            scored=Count("scores", filter=Q(scores__self_score__isnull=False)),
            leaves=Count("scores"),
        )
        .order_by("index_set__kind", "unit__kind", "unit__sort_key", "unit__code")
    )


def assessment_get(*, user: User, pk: int) -> Assessment:
    return get_scoped_or_404(Assessment.objects.select_related("unit", "campaign", "index_set"), user, pk=pk)


def my_assessments(*, user: User) -> QuerySet[Assessment]:
    if user.unit_id is None:
        return Assessment.objects.none()
    return (
        scoped(Assessment.objects.filter(unit_id=user.unit_id), user)
        .select_related("unit", "campaign", "index_set")
        .order_by("-campaign__year")
    )


def score_get(*, user: User, assessment: Assessment, code: str) -> Score:
    return get_scoped_or_404(
        Score.objects.select_related("criterion", "assessment__unit", "assessment__campaign"),
        user,
        unit_field="assessment__unit",
        assessment=assessment,
        criterion__code=code,
    )


def score_history(*, user: User, score: Score) -> QuerySet[ScoreEvent]:
    return scoped(
        ScoreEvent.objects.filter(score=score).select_related("actor"), user, "score__assessment__unit"
    ).order_by("at", "pk")


def score_evidence(*, user: User, score: Score) -> QuerySet[Evidence]:
    return scoped(
        Evidence.objects.filter(score=score, withdrawn_at__isnull=True).select_related("uploaded_by"),
        user,
        "score__assessment__unit",
    )


def evidence_get(*, user: User, pk: int) -> Evidence:
    """An evidence file, for its own unit, the appraisers and the district leader only (issue 8): other
    district-wide roles (the report compiler) get 404 like another unit."""
    evidence = get_scoped_or_404(
        Evidence.objects.select_related("score__assessment__unit", "score__criterion"),
        user,
        unit_field="score__assessment__unit",
        pk=pk,
        withdrawn_at__isnull=True,
    )
    own_unit = user.unit_id == evidence.score.assessment.unit_id
    if not (own_unit or user.is_superuser or user.role in EVIDENCE_READERS):
        raise Http404("Không tìm thấy bản ghi.")
    return evidence


def index_set_list() -> QuerySet[IndexSet]:
    """Index sets are district-wide rules, not records of a unit: every logged-in user may read them."""
    return IndexSet.objects.annotate(criterion_count=Count("criteria")).order_by("-year", "kind", "-version")


def index_set_get(*, pk: int) -> IndexSet:
    from django.shortcuts import get_object_or_404

    return get_object_or_404(IndexSet, pk=pk)


def index_set_criteria(*, index_set: IndexSet) -> QuerySet[Criterion]:
    return index_set.criteria.order_by("position")


# --- the score sheet and results --------------------------------------------------------------------------


@dataclass
class SheetRow:
    criterion: Criterion
    score: Score | None  # None for a field or criterion with children
    max_score: Decimal
    self_total: Decimal = Decimal(0)
    final_total: Decimal = Decimal(0)
    evidence_count: int = 0
    unscored: int = 0

    @property
    def depth(self) -> int:
        return self.criterion.depth

    @property
    def lost(self) -> Decimal:
        return self.max_score - self.final_total


@dataclass
class Result:
    assessment: Assessment
    rows: list[SheetRow]
    fields: list[SheetRow]
    maximum: Decimal
    self_total: Decimal
    total: Decimal
    percent: Fraction
    meets: bool
    gap: Decimal  # points missing to 80%, 0 when met
    losses: list[SheetRow]
    rank: int | None = None
    ranked_count: int = 0
    appraised: bool = False
    rank_hidden: bool = False  # appraised, but the campaign's results are not published yet
    unscored: list[str] = field(default_factory=list)


def assessment_result(*, assessment: Assessment) -> Result:
    """The score sheet of one assessment with its totals: per field, overall, % of the maximum, the 80%
    commitment, the points missing to it and the criteria that lost most. Scores not yet given count 0."""
    criteria = list(assessment.index_set.criteria.order_by("position"))
    scores = {
        s.criterion_id: s
        for s in assessment.scores.annotate(
            evidence_count=Count("evidence", filter=Q(evidence__withdrawn_at__isnull=True))
        )
    }
    rows = {c.pk: SheetRow(c, scores.get(c.pk) if c.is_leaf else None, c.max_score) for c in criteria}
    for criterion in reversed(criteria):  # children come after their parent in position order
        row = rows[criterion.pk]
        if row.score is not None:
            row.self_total = row.score.self_score or Decimal(0)
            row.final_total = row.score.final_score or Decimal(0)
            row.evidence_count = row.score.evidence_count
            row.unscored = int(row.score.final_score is None)
        if criterion.parent_id:
            parent = rows[criterion.parent_id]
            parent.self_total += row.self_total
            parent.final_total += row.final_total
            parent.evidence_count += row.evidence_count
            parent.unscored += row.unscored
    ordered = [rows[c.pk] for c in criteria]
    fields = [row for row in ordered if row.criterion.parent_id is None]
    maximum = sum((row.max_score for row in fields), Decimal(0))
    total = sum((row.final_total for row in fields), Decimal(0))
    leaves = [row for row in ordered if row.score is not None]
    losses_by_code = {row.criterion.code: row for row in leaves}
    losses = scoring.largest_losses([(r.criterion.code, r.max_score, r.final_total) for r in leaves])
    met = scoring.meets_commitment(total, maximum)
    gap = Decimal(0) if met else scoring.to_points(scoring.COMMITMENT * Fraction(maximum) - Fraction(total))
    return Result(
        assessment=assessment,
        rows=ordered,
        fields=fields,
        maximum=maximum,
        self_total=sum((row.self_total for row in fields), Decimal(0)),
        total=total,
        percent=scoring.percentage(total, maximum),
        meets=met,
        gap=gap,
        losses=[losses_by_code[loss.code] for loss in losses],
        appraised=assessment.status == Status.APPRAISED,
        unscored=[row.criterion.code for row in leaves if row.score.final_score is None],
    )


@dataclass
class FieldSheet:
    """One field (lĩnh vực) of an assessment, to score on one page: its criteria in order, with the running
    totals and how many of the criteria the unit scores itself carry evidence."""

    result: Result
    field: SheetRow
    rows: list[SheetRow]
    previous: SheetRow | None
    next: SheetRow | None

    @property
    def self_scored(self) -> list[SheetRow]:
        return [
            r
            for r in self.rows
            if r.score is not None and r.criterion.method == "self" and not r.criterion.is_automatic
        ]

    @property
    def with_evidence(self) -> int:
        return sum(1 for r in self.self_scored if r.evidence_count)


def field_sheet(*, assessment: Assessment, code: str) -> FieldSheet:
    """The field ``code`` of ``assessment`` (404 when the set has no such field)."""
    result = assessment_result(assessment=assessment)
    fields = result.fields
    position = next((n for n, row in enumerate(fields) if row.criterion.code == code), None)
    if position is None:
        raise Http404("Không có lĩnh vực này.")
    rows, inside = [], False
    for row in result.rows:
        if row.criterion.parent_id is None:
            inside = row.criterion.code == code
        elif inside:
            rows.append(row)
    return FieldSheet(
        result=result,
        field=fields[position],
        rows=rows,
        previous=fields[position - 1] if position else None,
        next=fields[position + 1] if position + 1 < len(fields) else None,
    )


@dataclass
class RankingRow:
    assessment: Assessment
    total: Decimal
    percent: Fraction
    meets: bool
    rank: int | None


def _totals(assessments: list[Assessment]) -> dict[int, Decimal]:
    totals = {a.pk: Decimal(0) for a in assessments}
    scores = Score.objects.filter(assessment__in=[a.pk for a in assessments]).values_list(
        "assessment_id", "self_score", "appraised_score"
    )
    for assessment_id, self_score, appraised in scores:
        final = appraised if appraised is not None else self_score
        totals[assessment_id] += final or Decimal(0)
    return totals


def ranks_visible(*, user: User, campaign: Campaign) -> bool:
    """Ranks are provisional until the campaign is published: until then only district-wide roles see them."""
    from cchc.par.services import can_appraise

    return campaign.published_at is not None or user.is_district_wide or can_appraise(user)


def ranking(*, user: User, campaign: Campaign, index_set: IndexSet) -> list[RankingRow]:
    """Units assessed with ``index_set`` in ``campaign``, appraised ones ranked (ties share a rank), then the
    others unranked; only the units ``user`` may see are returned, and without ranks before publication
    unless ``user`` is district-wide."""
    assessments = list(
        Assessment.objects.filter(campaign=campaign, index_set=index_set)
        .select_related("unit")
        .order_by("unit__sort_key", "unit__code")
    )
    totals = _totals(assessments)
    maximum = sum((c.max_score for c in index_set.criteria.filter(parent__isnull=True)), Decimal(0))
    appraised = [a for a in assessments if a.status == Status.APPRAISED]
    ranks = {r.key: r.rank for r in scoring.rank((a.pk, totals[a.pk]) for a in appraised)}
    if not ranks_visible(user=user, campaign=campaign):
        ranks = {}
    visible = set(scoped(Assessment.objects.filter(campaign=campaign), user).values_list("pk", flat=True))
    rows = [
        RankingRow(
            a,
            totals[a.pk],
            scoring.percentage(totals[a.pk], maximum),
            scoring.meets_commitment(totals[a.pk], maximum),
            ranks.get(a.pk),
        )
        for a in assessments
        if a.pk in visible
    ]
    return sorted(
        rows,
        key=lambda row: (
            row.rank is None,
            row.rank or 0,
            -row.total,
            row.assessment.unit.sort_key,
            row.assessment.unit.code,
        ),
    )


def result_with_rank(*, user: User, assessment: Assessment) -> Result:
    result = assessment_result(assessment=assessment)
    if result.appraised and not ranks_visible(user=user, campaign=assessment.campaign):
        result.rank_hidden = True
    elif result.appraised:
        rows = ranking(user=user, campaign=assessment.campaign, index_set=assessment.index_set)
        result.rank = next((row.rank for row in rows if row.assessment.pk == assessment.pk), None)
        result.ranked_count = Assessment.objects.filter(
            campaign=assessment.campaign, index_set=assessment.index_set, status=Status.APPRAISED
        ).count()
    return result


# --- reminders --------------------------------------------------------------------------------------------


@dataclass(frozen=True)
class Reminder:
    assessment: Assessment
    milestone: str
    due: date
    days_left: int

    @property
    def overdue(self) -> bool:
        return self.days_left < 0

    @property
    def days_overdue(self) -> int:
        return -self.days_left


def reminders(*, user: User, today: date) -> list[Reminder]:
    """Milestones within two weeks (or past) that the user's units still have to meet.

    Units are reminded of the self-assessment deadline until they submit; appraisers of the appraisal
    deadline for every submitted assessment they may see. Only current campaigns (results not yet published)
    of units that exist today remind: a campaign of units that ended with the districts on 30/06/2025 is over.
    """
    found: list[Reminder] = []
    soon = today + timedelta(days=REMINDER_DAYS)
    current = {"campaign__published_at__isnull": True, "unit__in": Unit.objects.valid_on(today).values("pk")}
    if user.unit_id is not None:
        pending_self = scoped(
            Assessment.objects.filter(
                **current,
                unit_id=user.unit_id,
                status__in=[Status.NOT_STARTED, Status.IN_PROGRESS, Status.RETURNED],
                campaign__self_assessment_due__lte=soon,
            ),
            user,
        )
        for assessment in pending_self.select_related("campaign", "unit"):
            due = assessment.campaign.self_assessment_due
            found.append(Reminder(assessment, gettext_lazy("Hạn tự đánh giá"), due, (due - today).days))
    from cchc.par.services import can_appraise

    if can_appraise(user):
        for assessment in awaiting_appraisal(user=user).filter(**current, campaign__appraisal_due__lte=soon):
            due = assessment.campaign.appraisal_due
            found.append(Reminder(assessment, gettext_lazy("Hạn thẩm định"), due, (due - today).days))
    return sorted(found, key=lambda r: (r.due, r.assessment.unit.code))


def awaiting_appraisal(*, user: User) -> QuerySet[Assessment]:
    """Submitted assessments waiting for the Office of Home Affairs, oldest submission first."""
    return (
        scoped(Assessment.objects.filter(status=Status.SUBMITTED), user)
        .select_related("campaign", "unit", "index_set")
        .order_by("submitted_at", "pk")
    )
