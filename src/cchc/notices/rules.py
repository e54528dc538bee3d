"""What each urging rule looks for at a moment T, and what it says (in Vietnamese).

Every rule reads the facts through the one place that owns them: overdue and due-soon dossiers through
``cchc.dossiers.selectors`` (``cchc.dossiers.timeline``: supplement pauses and the apology's new date
respected), indicators against targets through ``cchc.kpis.engine.compute`` and ``cchc.core.kpi.gap_points``.

- ``due_soon``: each open dossier due between T and the end of the ``lead_days``-th working day after today,
  not waiting for a supplement. Fact: the dossier and the appointment in force (a new appointment after a
  supplement is a new fact).
- ``overdue``: each dossier overdue at T. Fact: the dossier and the appointment it passed.
- ``below_target``: on the 15th and on Thursdays, each unit whose month-to-date figures miss committed
  targets, to its head, with the gap in points and the drill-down of the missing dossiers. Fact: unit, day.
- ``par_due``: from ``lead_days`` days before a PAR campaign's self-assessment deadline to the deadline, each
  assessment not yet sent. Fact: the assessment and its deadline.
- ``par_returned``: each assessment returned for correction. Fact: the assessment and the submission returned.
- ``friday_summary`` and ``behind_two_weeks`` are given when the weekly report is issued (``hooks``).
"""

from collections import defaultdict
from dataclasses import dataclass
from datetime import datetime, timedelta
from urllib.parse import urlencode

from django.urls import reverse

from cchc.accounts.models import User
from cchc.accounts.scoping import system_user
from cchc.core.calendar import local
from cchc.core.kpi import gap_points, month_to_date
from cchc.core.lifecycle import OPEN_STATES
from cchc.dossiers import selectors as dossier_selectors
from cchc.dossiers.models import Dossier
from cchc.kpis.engine import Row, compute
from cchc.notices.models import Condition, Rule
from cchc.notices.services import recipients_of
from cchc.par.models import Assessment, Status
from cchc.units.models import Unit

THURSDAY = 3
MID_MONTH = 15


@dataclass(frozen=True)
class Candidate:
    recipient: User
    kind: str
    subject: str
    body: str
    link: str
    fact_key: str
    unit: Unit | None


def _when(moment: datetime) -> str:
    return f"{local(moment):%H:%M %d/%m/%Y}"


def _due_in_force(dossier: Dossier, at: datetime) -> datetime:
    promised = dossier.apologised_at is not None and dossier.apologised_at <= at and dossier.apology_due_at
    return dossier.apology_due_at if promised else dossier.due_at


class _People:
    """The recipients of one rule, looked up once per unit and handler within a run."""

    def __init__(self, rule: Rule) -> None:
        self.tokens = rule.recipient_list
        self._seen: dict[tuple[int | None, int | None], list[User]] = {}

    def of(self, unit: Unit | None, handler: User | None = None) -> list[User]:
        key = (unit.pk if unit else None, handler.pk if handler else None)
        if key not in self._seen:
            self._seen[key] = recipients_of(tokens=self.tokens, unit=unit, handler=handler)
        return self._seen[key]


def _dossier_lines(dossier: Dossier, due: datetime) -> str:
    return (
        f"Hồ sơ {dossier.code} — {dossier.procedure.name}\n"
        f"Người nộp: {dossier.applicant_name}\n"
        f"Đơn vị tiếp nhận: {dossier.unit}; tiếp nhận lúc {_when(dossier.received_at)}\n"
        f"Hẹn trả kết quả: {_when(due)}"
    )


def due_soon(rule: Rule, at: datetime) -> list[Candidate]:
    people = _People(rule)
    found = []
    unit_ids = Dossier.objects.filter(state__in=OPEN_STATES)
    for unit in Unit.objects.filter(pk__in=unit_ids.values("unit_id")).order_by("code"):
        for dossier in dossier_selectors.due_soon(
            user=system_user(), unit=unit, now=at, horizon_days=max(rule.lead_days, 1)
        ):
            due = _due_in_force(dossier, at)
            body = (
                f"{_dossier_lines(dossier, due)}\n\n"
                "Đề nghị hoàn thành và trả kết quả đúng hẹn. Nếu không thể, lập Phiếu xin lỗi và hẹn lại "
                "ngày trả kết quả (Mẫu 04) trước khi quá hạn."
            )
            for person in people.of(unit, dossier.handler):
                found.append(
                    Candidate(
                        person,
                        Condition.DUE_SOON,
                        f"Hồ sơ {dossier.code} đến hạn trả kết quả lúc {_when(due)}",
                        body,
                        reverse("dossier-detail", args=[dossier.code]),
                        f"due_soon:{dossier.pk}:{due:%Y%m%d%H%M}",
                        unit,
                    )
                )
    return found


def overdue(rule: Rule, at: datetime) -> list[Candidate]:
    people = _People(rule)
    found = []
    for dossier in dossier_selectors.overdue(user=system_user(), now=at):
        due = _due_in_force(dossier, at)
        body = (
            f"{_dossier_lines(dossier, due)}\n\n"
            f"Hồ sơ đã quá hạn từ {_when(due)}. Thông báo của UBND huyện không cho phép hồ sơ quá hạn: đề nghị "
            "giải quyết ngay và gửi Phiếu xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04) cho người nộp."
        )
        for person in people.of(dossier.unit, dossier.handler):
            found.append(
                Candidate(
                    person,
                    Condition.OVERDUE,
                    f"Hồ sơ {dossier.code} đã quá hạn (hẹn trả {_when(due)})",
                    body,
                    reverse("dossier-detail", args=[dossier.code]),
                    f"overdue:{dossier.pk}:{due:%Y%m%d%H%M}",
                    dossier.unit,
                )
            )
    return found


def drill_link(row: Row, period_text: str) -> str:
    part = "numerator" if row.indicator.is_count else "missing"
    query = urlencode(
        {"unit": row.unit.code, "indicator": row.indicator.code, "part": part, "period": period_text}
    )
    return f"{reverse('dashboard-drill')}?{query}"


def gap_line(row: Row, period_text: str) -> str:
    """One missed target: the figure, the target, the gap in points (or the count), and its drill-down."""
    target = row.target  # a missed target exists: ``met`` is False
    gap = gap_points(row.figure, target)
    if gap is not None:
        missing = f"thiếu {f'{gap}'.replace('.', ',')} điểm %"
    else:
        missing = f"{row.figure.numerator} hồ sơ"
    shown = target.shown(percent=not row.indicator.is_count)
    return (
        f"- {row.indicator.name}: {row.figure.shown()} (chỉ tiêu {shown}), {missing}.\n"
        f"  Hồ sơ cần xử lý: {drill_link(row, period_text)}"
    )


def below_target(rule: Rule, at: datetime) -> list[Candidate]:
    day = local(at).date()
    if day.day != MID_MONTH and day.weekday() != THURSDAY:
        return []
    period = month_to_date(day)
    period_text = f"mtd:{day:%Y-%m-%d}"
    missed: dict[int, list[Row]] = defaultdict(list)
    units: dict[int, Unit] = {}
    for row in compute(user=system_user(), period=period, as_of=at):
        if row.unit is not None and row.met is False:
            missed[row.unit.pk].append(row)
            units[row.unit.pk] = row.unit
    people = _People(rule)
    found = []
    for unit_id, rows in missed.items():
        unit = units[unit_id]
        body = "\n".join(
            [
                f"{unit} chưa đạt {len(rows)} chỉ tiêu đã cam kết, số liệu từ {period.start:%d/%m} đến "
                f"{_when(at)}:",
                *(gap_line(r, period_text) for r in rows),
                "",
                "Đề nghị đơn vị rà soát các hồ sơ trên và khắc phục trước kỳ báo cáo thứ Sáu.",
            ]
        )
        for person in people.of(unit):
            found.append(
                Candidate(
                    person,
                    Condition.BELOW_TARGET,
                    f"{unit}: {len(rows)} chỉ tiêu chưa đạt (tính đến {day:%d/%m/%Y})",
                    body,
                    drill_link(rows[0], period_text),
                    f"below_target:{unit.pk}:{day:%Y%m%d}",
                    unit,
                )
            )
    return found


def par_due(rule: Rule, at: datetime) -> list[Candidate]:
    day = local(at).date()
    pending = Assessment.objects.filter(
        campaign__self_assessment_due__gte=day,
        campaign__self_assessment_due__lte=day + timedelta(days=rule.lead_days),
        campaign__published_at__isnull=True,
        status__in=[Status.NOT_STARTED, Status.IN_PROGRESS, Status.RETURNED],
    ).select_related("campaign", "unit")
    people = _People(rule)
    found = []
    for assessment in pending.order_by("unit__code"):
        due = assessment.campaign.self_assessment_due
        left = (due - day).days
        when = "hôm nay" if left == 0 else f"còn {left} ngày"
        for person in people.of(assessment.unit):
            found.append(
                Candidate(
                    person,
                    Condition.PAR_DUE,
                    f"Tự đánh giá chỉ số CCHC: hạn {due:%d/%m/%Y} ({when})",
                    f"{assessment.campaign.name}: bản tự đánh giá của {assessment.unit} chưa gửi thẩm định "
                    f"({assessment.get_status_display()}). Hạn tự đánh giá: {due:%d/%m/%Y}. Đề nghị hoàn "
                    "thành, đính kèm tài liệu kiểm chứng và gửi Phòng Nội vụ thẩm định trước hạn.",
                    reverse("par-assessment", args=[assessment.pk]),
                    f"par_due:{assessment.pk}:{due:%Y%m%d}",
                    assessment.unit,
                )
            )
    return found


def par_returned(rule: Rule, at: datetime) -> list[Candidate]:
    returned = Assessment.objects.filter(
        status=Status.RETURNED, campaign__published_at__isnull=True
    ).select_related("campaign", "unit")
    people = _People(rule)
    found = []
    for assessment in returned.order_by("unit__code"):
        submitted = f"{assessment.submitted_at:%Y%m%d%H%M%S}" if assessment.submitted_at else "0"
        for person in people.of(assessment.unit):
            found.append(
                Candidate(
                    person,
                    Condition.PAR_RETURNED,
                    f"Bản tự đánh giá chỉ số CCHC bị trả lại để chỉnh sửa ({assessment.unit})",
                    f"{assessment.campaign.name}: Phòng Nội vụ trả lại bản tự đánh giá của {assessment.unit}.\n"
                    f"Ý kiến: {assessment.return_comment}\n\nHạn tự đánh giá: "
                    f"{assessment.campaign.self_assessment_due:%d/%m/%Y}. Đề nghị chỉnh sửa và gửi lại.",
                    reverse("par-assessment", args=[assessment.pk]),
                    f"par_returned:{assessment.pk}:{submitted}",
                    assessment.unit,
                )
            )
    return found


FINDERS = {
    Condition.DUE_SOON: due_soon,
    Condition.OVERDUE: overdue,
    Condition.BELOW_TARGET: below_target,
    Condition.PAR_DUE: par_due,
    Condition.PAR_RETURNED: par_returned,
}


def candidates(*, at: datetime) -> list[Candidate]:
    """Every notice the enabled rules give at ``at``, before removing those already given."""
    found: list[Candidate] = []
    for rule in Rule.objects.filter(enabled=True, condition__in=list(FINDERS)).order_by("condition"):
        found += FINDERS[rule.condition](rule, at)
    return found
