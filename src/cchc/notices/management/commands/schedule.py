from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cchc.core.calendar import VN_TZ, local
from cchc.notices import schedules


class Command(BaseCommand):
    help = (
        "Liệt kê các lịch chạy và lần chạy gần nhất; --run-due chạy các việc đến hạn (gọi vài phút một lần "
        "từ worker hoặc bộ hẹn giờ của hệ thống); việc lỡ giờ (máy tắt) chạy một lần khi máy chạy lại."
    )

    def add_arguments(self, parser):
        parser.add_argument("--run-due", action="store_true", help="chạy các việc đến hạn chưa chạy")
        parser.add_argument("--at", help="thời điểm 'YYYY-MM-DD HH:MM' thay cho bây giờ (để thử)")

    def handle(self, *args, run_due: bool, at: str | None, **options):
        try:
            now = datetime.strptime(at, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ) if at else timezone.now()
        except ValueError:
            raise CommandError("Thời điểm phải có dạng 'YYYY-MM-DD HH:MM'.", returncode=2) from None
        if run_due:
            done = schedules.run_due(now=now)
            for run in done:
                self.stdout.write(
                    f"{run.schedule.name} (lượt {local(run.slot):%H:%M %d/%m/%Y}): "
                    f"{run.get_outcome_display()} — {run.output}"
                )
            self.stdout.write(f"Đã chạy {len(done)} việc đến hạn.")
            return
        for schedule, last in schedules.schedule_list():
            state = "bật" if schedule.enabled else "tắt"
            when = (
                f"lần gần nhất lượt {local(last.slot):%H:%M %d/%m/%Y}: {last.get_outcome_display()}"
                if last
                else "chưa chạy lần nào"
            )
            due = f"lượt gần nhất {local(schedules.slot_of(schedule, now)):%H:%M %d/%m/%Y}"
            self.stdout.write(f"{schedule.name}\t{schedule.get_job_display()}\t{state}\t{due}\t{when}")
