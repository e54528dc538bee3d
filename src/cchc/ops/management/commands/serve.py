"""``cchc serve``: collect the static files, then replace this process with gunicorn.

Worker processes: ``CCHC_WORKERS``, else 2 × CPU cores + 1, at most ``MAX_WORKERS`` (each worker holds the
whole application and, on PostgreSQL, one connection per thread). Threads per worker: ``CCHC_THREADS``
(default 2): requests mostly wait on the database, so a second thread is nearly free.
"""

import os
import sys

from django.conf import settings
from django.core.management import call_command
from django.core.management.base import BaseCommand, CommandError

from cchc.core import numbers

MAX_WORKERS = 12
DEFAULT_THREADS = 2
MAX_ENV_COUNT = 256  # a worker or thread count beyond this is a typing mistake
DEBUG_REFUSED = (
    "CCHC_DEBUG=1: máy chủ thật không chạy ở chế độ gỡ lỗi, vì trang lỗi khi đó lộ mã nguồn, cấu hình và dữ "
    "liệu cho bất kỳ ai. Đặt CCHC_DEBUG=0, hoặc thêm --insecure-debug nếu thật sự chỉ thử trên máy mình."
)


def cpu_cores() -> int:
    """The cores this process may run on (a container's or a systemd ``CPUAffinity`` limit included)."""
    try:
        return len(os.sched_getaffinity(0))
    except AttributeError:  # not Linux
        return os.cpu_count() or 1


def _positive(name: str, default: int) -> int:
    value = os.environ.get(name, "")
    if value == "":
        return default
    try:
        return numbers.parse_integer(value, label=name, minimum=1, maximum=MAX_ENV_COUNT)
    except numbers.NumberError as exc:
        raise CommandError(
            f"{name} phải là số nguyên dương, tối đa {MAX_ENV_COUNT}: {exc}", returncode=2
        ) from exc


def worker_count(cores: int | None = None) -> int:
    return _positive("CCHC_WORKERS", min(2 * (cores or cpu_cores()) + 1, MAX_WORKERS))


def thread_count() -> int:
    return _positive("CCHC_THREADS", DEFAULT_THREADS)


def gunicorn_argv(*, bind: str, workers: int, threads: int) -> list[str]:
    return [
        sys.executable,
        "-m",
        "gunicorn",
        "cchc.wsgi:application",
        "--bind",
        bind,
        "--workers",
        str(workers),
        "--threads",
        str(threads),
        "--worker-class",
        "gthread",
        # A Word or Excel export of a year's tracking book may take a while; anything longer is stuck.
        "--timeout",
        "120",
        "--graceful-timeout",
        "30",
        # Recycle workers now and then so that a slow leak never grows into an outage.
        "--max-requests",
        "2000",
        "--max-requests-jitter",
        "200",
        "--forwarded-allow-ips",
        "127.0.0.1,::1",
        "--access-logfile",
        "-",
        "--no-control-socket",
    ]


class Command(BaseCommand):
    help = "Chạy cchc cho môi trường thật bằng gunicorn (sau khi thu thập tệp tĩnh)."

    def add_arguments(self, parser):
        parser.add_argument("--bind", default="127.0.0.1:8000", help="địa chỉ:cổng (mặc định 127.0.0.1:8000)")
        parser.add_argument("--no-collectstatic", action="store_true", help="bỏ qua bước thu thập tệp tĩnh")
        parser.add_argument(
            "--insecure-debug",
            action="store_true",
            help="cho chạy cả khi CCHC_DEBUG=1 (chỉ để thử trên máy mình: trang lỗi lộ cấu hình và dữ liệu)",
        )

    def handle(self, *args, bind: str, no_collectstatic: bool, insecure_debug: bool, **options):
        if settings.DEBUG and not insecure_debug:
            raise CommandError(DEBUG_REFUSED, returncode=2)
        if settings.DEBUG:
            self.stderr.write("CẢNH BÁO: đang chạy với CCHC_DEBUG=1; trang lỗi hiện mã nguồn và cấu hình.")
        workers, threads = worker_count(), thread_count()
        if not no_collectstatic:
            call_command("collectstatic", interactive=False, verbosity=0)
        self.stdout.write(f"cchc: gunicorn trên {bind}, {workers} tiến trình × {threads} luồng.")
        self.stdout.flush()
        argv = gunicorn_argv(bind=bind, workers=workers, threads=threads)
        os.execv(argv[0], argv)  # noqa: S606 - our own interpreter and fixed arguments
