"""Notices given when something happens elsewhere: the Friday report issued (``report_issued``).

To the recipients of the ``friday_summary`` rule (the report compiler and the district leaders): the summary of
the report just issued; to those of ``behind_two_weeks``: the units that missed a committed target in this
report week and the week before (each week's own figures, ``cchc.kpis.engine.compute``).
"""

from datetime import timedelta

from django.urls import reverse

from cchc.accounts.scoping import system_user
from cchc.core.calendar import local
from cchc.core.kpi import report_week
from cchc.kpis.engine import compute
from cchc.notices.models import Condition, Rule
from cchc.notices.services import notify, recipients_of
from cchc.reports.models import Report
from cchc.units.models import Unit


def _behind(rows) -> dict[int, Unit]:
    return {r.unit.pk: r.unit for r in rows if r.unit is not None and r.met is False}


def behind_two_weeks(content) -> list[Unit]:
    """Units below a committed target in the report's week and in the week before, by name."""
    thursday = content.report_date - timedelta(days=1)
    weeks = [report_week(thursday), report_week(thursday - timedelta(days=7))]
    this, last = (
        _behind(compute(user=system_user(), period=w, as_of=content.as_of, known_at=content.known_at))
        for w in weeks
    )
    return sorted((this[pk] for pk in this.keys() & last.keys()), key=lambda u: u.name)


def on_report_issued(sender, *, report: Report, content, **kwargs) -> None:
    if report.kind != Report.Kind.WEEKLY:
        return
    rules = {r.condition: r for r in Rule.objects.filter(enabled=True)}
    by = report.created_by.get_username() if report.created_by else "lịch tự động"
    link = reverse("report-list")
    day = f"{report.report_date:%d/%m/%Y}"
    if summary := rules.get(Condition.FRIDAY_SUMMARY):
        below = [r.unit for r in content.main.rows if r.unit is not None and r.met < r.with_target]
        body = "\n".join(
            [
                f"{report.title} đã lập lúc {local(report.created_at):%H:%M %d/%m/%Y}.",
                f"Số liệu tính đến {local(content.as_of):%H:%M %d/%m/%Y}.",
                f"Đơn vị chưa đạt đủ chỉ tiêu từ đầu tháng: {len(below)}"
                + (f" ({', '.join(u.name for u in below)})." if below else "."),
                f"Hồ sơ đang quá hạn: {content.overdue_count}.",
                "Tệp DOCX, XLSX của báo cáo có trong kho báo cáo.",
            ]
        )
        for person in recipients_of(tokens=summary.recipient_list, unit=None):
            notify(
                recipient_user=person,
                kind=Condition.FRIDAY_SUMMARY,
                subject=f"Báo cáo thứ Sáu ngày {day} đã lập",
                body=body,
                link=link,
                fact_key=f"friday_summary:{report.report_date:%Y%m%d}",
                by=by,
            )
    if (behind_rule := rules.get(Condition.BEHIND_TWO_WEEKS)) and (units := behind_two_weeks(content)):
        body = "\n".join(
            [
                f"Các đơn vị chưa đạt chỉ tiêu đã cam kết hai tuần liền (báo cáo ngày {day}):",
                *(f"- {u.name}" for u in units),
                "",
                "Đề nghị đôn đốc các đơn vị này (Bảng theo dõi → Đôn đốc đơn vị).",
            ]
        )
        for person in recipients_of(tokens=behind_rule.recipient_list, unit=None):
            notify(
                recipient_user=person,
                kind=Condition.BEHIND_TWO_WEEKS,
                subject=f"{len(units)} đơn vị chưa đạt chỉ tiêu hai tuần liền (báo cáo ngày {day})",
                body=body,
                link=reverse("dashboard"),
                fact_key=f"behind_two_weeks:{report.report_date:%Y%m%d}",
                by=by,
            )
