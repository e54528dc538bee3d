"""Issuing the Friday report and the monthly report: compute, write DOCX/XLSX (and PDF), archive.

The weekly report dated Friday F covers the report week that ended the day before (Friday to Thursday) and
the month to date up to that Thursday, with figures "as of" F at 00:00 unless told otherwise, made with what
cchc knows when it is issued ("known at"); re-making it with both moments gives the same figures (the KPI
engine leaves out what was recorded later), while the revisions page re-makes it with today's knowledge.
"""

import logging
from dataclasses import dataclass
from datetime import date, datetime, time, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from cchc.accounts.models import User
from cchc.accounts.scoping import system_user
from cchc.audit.trail import acting_as
from cchc.core.calendar import VN_TZ, CalendarError, check_day, local
from cchc.core.kpi import month, month_to_date, report_week
from cchc.dossiers.documents import docx_to_pdf, pdf_converter
from cchc.kpis.indicators import INDICATORS, OPEN
from cchc.reports import documents, figures, revisions
from cchc.reports.models import Report
from cchc.reports.signals import report_issued

logger = logging.getLogger(__name__)


@dataclass
class Content:
    """Everything a report shows, computed once and written to every format."""

    kind: str
    title: str
    report_date: date
    as_of: datetime
    known_at: datetime
    main: figures.Board  # month to date (weekly) or the month (monthly)
    second: figures.Board  # the report week (weekly) or the previous month (monthly)
    overdue: list
    overdue_count: int
    before: figures.Board | None = None  # what ``main`` said a week earlier (weekly), for the arrows

    def record(self) -> dict:
        """The figures as archived: {board: {unit key: {indicator: [numerator, denominator]}}}."""
        result = {}
        for name, board in (("main", self.main), ("second", self.second)):
            rows = [*board.rows, *([board.total] if board.total else [])]
            result[name] = {
                (revisions.unit_key(r.unit) if r.unit else revisions.DISTRICT): {
                    c.indicator.code: [c.figure.numerator, c.figure.denominator] for c in r.cells
                }
                for r in rows
            }
        return result


def weekly_content(
    *,
    report_date: date,
    as_of: datetime | None = None,
    known_at: datetime | None = None,
    user: User | None = None,
) -> Content:
    user = user or system_user()
    thursday = report_date - timedelta(days=1)
    as_of = as_of or datetime.combine(report_date, time(0), tzinfo=VN_TZ)
    known_at = known_at or timezone.now()
    week = report_week(thursday)
    to_date = month_to_date(thursday)
    title = f"Báo cáo kết quả thực hiện dịch vụ công trực tuyến tuần {week.start:%d/%m}–{week.end:%d/%m/%Y}"
    return Content(
        "weekly",
        title,
        report_date,
        as_of,
        known_at,
        figures.board(user=user, period=to_date, as_of=as_of, known_at=known_at),
        figures.board(user=user, period=week, as_of=as_of, known_at=known_at),
        *figures.overdue_at(user=user, as_of=as_of, known_at=known_at),
        figures.board(
            user=user,
            period=month_to_date(thursday - timedelta(days=7)),
            as_of=as_of - timedelta(days=7),
            known_at=known_at,
        ),
    )


def monthly_content(
    *,
    report_date: date,
    as_of: datetime | None = None,
    known_at: datetime | None = None,
    user: User | None = None,
) -> Content:
    """The month before ``report_date`` (or the month of it when it is the month's last day)."""
    user = user or system_user()
    last = (
        report_date
        if (report_date + timedelta(days=1)).day == 1
        else report_date.replace(day=1) - timedelta(days=1)
    )
    this = month(last.year, last.month)
    before_end = this.start - timedelta(days=1)
    previous = month(before_end.year, before_end.month)
    as_of = as_of or datetime.combine(this.end + timedelta(days=1), time(0), tzinfo=VN_TZ)
    known_at = known_at or timezone.now()
    title = f"Báo cáo kết quả thực hiện dịch vụ công trực tuyến {this.label}"
    return Content(
        "monthly",
        title,
        report_date,
        as_of,
        known_at,
        figures.board(user=user, period=this, as_of=as_of, known_at=known_at),
        figures.board(user=user, period=previous, as_of=as_of, known_at=known_at),
        *figures.overdue_at(user=user, as_of=as_of, known_at=known_at),
    )


def _issue(*, content: Content, actor: User | None) -> Report:
    docx = documents.docx(content)
    xlsx = documents.xlsx(content)
    name = "bao-cao-tuan" if content.kind == "weekly" else "bao-cao-thang"
    stem = f"{name}-{content.report_date:%Y-%m-%d}-{datetime.now(VN_TZ):%H%M%S}"
    with transaction.atomic(), acting_as(actor, label=actor.get_username() if actor else "lịch tự động"):
        report = Report(
            kind=content.kind,
            report_date=content.report_date,
            as_of=content.as_of,
            known_at=content.known_at,
            title=content.title,
            figures=content.record(),
            created_by=actor,
        )
        report.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
        report.xlsx.save(f"{stem}.xlsx", ContentFile(xlsx), save=False)
        if settings.REPORT_PDF and pdf_converter():
            try:
                report.pdf.save(f"{stem}.pdf", ContentFile(docx_to_pdf(docx)), save=False)
            except RuntimeError:
                logger.warning("report %s issued without PDF: LibreOffice failed", stem)
        report.save()
    report_issued.send(sender=Report, report=report, content=content)
    return report


def check_report_date(
    report_date: date, as_of: datetime | None = None, known_at: datetime | None = None
) -> None:
    """A report is issued for a day that has come, within the system's dates; ``CalendarError`` otherwise."""
    check_day(report_date, "Ngày báo cáo")
    if report_date > local(timezone.now()).date():
        raise CalendarError(
            f"Ngày báo cáo {report_date:%d/%m/%Y} chưa đến: chỉ lập và lưu báo cáo của ngày đã qua hoặc hôm nay."
        )
    for moment, label in ((as_of, "Thời điểm số liệu"), (known_at, "Thời điểm ghi nhận")):
        if moment is not None:
            check_day(local(moment).date(), label)


def weekly_report_make(
    *,
    actor: User | None,
    report_date: date,
    as_of: datetime | None = None,
    known_at: datetime | None = None,
) -> Report:
    check_report_date(report_date, as_of, known_at)
    content = weekly_content(report_date=report_date, as_of=as_of, known_at=known_at)
    return _issue(content=content, actor=actor)


def monthly_report_make(
    *,
    actor: User | None,
    report_date: date,
    as_of: datetime | None = None,
    known_at: datetime | None = None,
) -> Report:
    check_report_date(report_date, as_of, known_at)
    content = monthly_content(report_date=report_date, as_of=as_of, known_at=known_at)
    return _issue(content=content, actor=actor)


def report_remake(*, report: Report, known_at: datetime | None = None) -> Content:
    """The same report at its own "as of", with the knowledge of ``known_at`` (default: what it was issued
    with, which gives its figures again; a report archived before the two moments existed used "as of")."""
    make = weekly_content if report.kind == "weekly" else monthly_content
    known = known_at or report.known_at or report.as_of
    return make(report_date=report.report_date, as_of=report.as_of, known_at=known)


def report_revisions(*, report: Report, known_at: datetime | None = None) -> list[revisions.Change]:
    """The cells of an archived report that differ when it is made again at its own "as of" with what cchc
    knows at ``known_at`` (now): dossiers of the period recorded since, facts completed since.

    Counts of what is open at a moment (overdue dossiers) are left out, as they always were on this page.
    """
    content = report_remake(report=report, known_at=known_at or timezone.now())
    found = revisions.changes(report.figures, content.record())
    return [c for c in found if c.indicator not in INDICATORS or INDICATORS[c.indicator].date != OPEN]


WEEKLY_DUE = time(8, 0)  # an hour after the Friday timer (docs/deploy.md): by then the report should exist


def weekly_report_missing(*, now: datetime | None = None) -> date | None:
    """The last Friday whose weekly report is due (from 08:00 that day) and was not issued; None if it was."""
    moment = (now or timezone.now()).astimezone(VN_TZ)
    friday = moment.date() - timedelta(days=(moment.weekday() - 4) % 7)
    if friday == moment.date() and moment.time() < WEEKLY_DUE:
        friday -= timedelta(days=7)
    issued = Report.objects.filter(kind=Report.Kind.WEEKLY, report_date=friday).exists()
    return None if issued else friday
