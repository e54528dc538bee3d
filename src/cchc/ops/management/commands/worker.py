import signal
import threading
import time

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cchc.core.calendar import local
from cchc.notices import schedules
from cchc.ops import worker


class Command(BaseCommand):
    help = (
        "Chạy các việc nền (nhập tệp tải lên…) xếp hàng trong cơ sở dữ liệu và các lịch chạy đến hạn; chạy "
        "cạnh máy chủ web (scripts/run, systemd: docs/deploy.md). Dừng: Ctrl+C hoặc SIGTERM (xong việc đang "
        "làm rồi dừng)."
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "--once", action="store_true", help="chạy một lượt (lịch đến hạn, việc đang chờ) rồi dừng"
        )
        parser.add_argument(
            "--interval", type=float, default=2.0, help="số giây nghỉ khi không có việc (mặc định 2)"
        )
        parser.add_argument(
            "--schedule-every", type=int, default=60, help="số giây giữa hai lần xem lịch chạy (mặc định 60)"
        )

    def handle(self, *args, once: bool, interval: float, schedule_every: int, **options):
        if not 0 < interval <= 60 or not 10 <= schedule_every <= 3600:
            raise CommandError(
                "--interval từ 0 đến 60 giây, --schedule-every từ 10 đến 3600 giây.", returncode=2
            )
        stopping = threading.Event()
        for signum in (signal.SIGINT, signal.SIGTERM):
            signal.signal(signum, lambda *_: stopping.set())
        if requeued := worker.requeue_interrupted():
            self.stdout.write(f"Xếp lại {requeued} việc bị gián đoạn (tiến trình trước đã dừng giữa chừng).")
        self.stdout.write(f"Bắt đầu {worker.worker_id()} lúc {local(timezone.now()):%H:%M %d/%m/%Y}.")
        next_schedules = 0.0
        while not stopping.is_set():
            if time.monotonic() >= next_schedules:
                for run in schedules.run_due():
                    self.stdout.write(f"{run.schedule.name}: {run.get_outcome_display()} — {run.output}")
                next_schedules = time.monotonic() + schedule_every
            ran = worker.run_queued(stopping=stopping.is_set)
            if ran:
                self.stdout.write(f"Đã chạy {ran} việc nền.")
            if once:
                break
            stopping.wait(interval)
        self.stdout.flush()
