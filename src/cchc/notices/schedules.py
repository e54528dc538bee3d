"""Running the schedules: each enabled schedule whose latest moment has passed and has no run for it yet.

``run_due`` is what a worker or a system timer calls every few minutes (``cchc schedule --run-due``). A run is
claimed by inserting its ``ScheduleRun`` row first (unique per schedule and moment), so two callers at once
run it once; a server down at the moment runs it when it is back, once (``cchc.core.recurrence``).
"""

import io
import logging
from collections.abc import Callable
from datetime import datetime

from django.core.management import call_command
from django.db import IntegrityError, transaction
from django.utils import timezone

from cchc.core.calendar import VN_TZ, local
from cchc.core.recurrence import last_slot
from cchc.notices.models import Job, Outcome, Schedule, ScheduleRun

logger = logging.getLogger(__name__)


def slot_of(schedule: Schedule, now: datetime) -> datetime:
    return last_slot(
        now=now,
        zone=VN_TZ,
        at=schedule.time_of_day,
        weekday=schedule.weekday,
        day_of_month=schedule.day_of_month,
    )


def _weekly_report(slot: datetime, now: datetime) -> str:
    from cchc.reports.models import Report
    from cchc.reports.services import weekly_report_make

    day = local(slot).date()
    if Report.objects.filter(kind=Report.Kind.WEEKLY, report_date=day).exists():
        return f"Báo cáo thứ Sáu ngày {day:%d/%m/%Y} đã có; không lập lại."
    report = weekly_report_make(actor=None, report_date=day)
    return f"Đã lập: {report.title}."


def _monthly_report(slot: datetime, now: datetime) -> str:
    from cchc.reports.models import Report
    from cchc.reports.services import monthly_report_make

    day = local(slot).date()
    if Report.objects.filter(kind=Report.Kind.MONTHLY, report_date=day).exists():
        return f"Báo cáo tháng ngày {day:%d/%m/%Y} đã có; không lập lại."
    return f"Đã lập: {monthly_report_make(actor=None, report_date=day).title}."


def _remind(slot: datetime, now: datetime) -> str:
    from cchc.notices.services import remind

    given = remind(at=now)
    return f"Đã gửi {len(given)} thông báo đôn đốc."


def _command(*args: str) -> Callable[[datetime, datetime], str]:
    def run(slot: datetime, now: datetime) -> str:
        out = io.StringIO()
        call_command(*args, stdout=out)
        return out.getvalue().strip()

    return run


JOBS: dict[str, Callable[[datetime, datetime], str]] = {
    Job.WEEKLY_REPORT: _weekly_report,
    Job.MONTHLY_REPORT: _monthly_report,
    Job.REMIND: _remind,
    Job.PARTITIONS: _command("partition-dossiers", "--monthly"),
    Job.PRUNE_LOGIN_FAILURES: _command("prune-login-failures"),
}


def run_due(*, now: datetime | None = None) -> list[ScheduleRun]:
    """Run every enabled schedule due at ``now`` (default now) that has no run for its latest moment."""
    now = now or timezone.now()
    done = []
    for schedule in Schedule.objects.filter(enabled=True).order_by("time_of_day", "pk"):
        slot = slot_of(schedule, now)
        try:
            with transaction.atomic():
                run = ScheduleRun.objects.create(schedule=schedule, slot=slot, started_at=timezone.now())
        except IntegrityError:
            continue
        try:
            output = JOBS[schedule.job](slot, now)
            run.outcome = Outcome.DONE
        except Exception as error:  # noqa: BLE001 — a failed job is recorded, and the others still run
            logger.exception("schedule %s failed", schedule)
            output = f"{type(error).__name__}: {error}"
            run.outcome = Outcome.FAILED
        run.output = output[:10000]
        run.finished_at = timezone.now()
        run.save(update_fields=["outcome", "output", "finished_at"])
        done.append(run)
    return done


def schedule_list() -> list[tuple[Schedule, ScheduleRun | None]]:
    schedules = list(Schedule.objects.order_by("name"))
    last = {}
    for run in ScheduleRun.objects.filter(schedule__in=schedules).order_by("schedule_id", "-slot", "-id"):
        last.setdefault(run.schedule_id, run)
    return [(s, last.get(s.pk)) for s in schedules]
