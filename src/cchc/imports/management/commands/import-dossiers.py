import sys
from pathlib import Path

from django.core.exceptions import PermissionDenied
from django.core.management.base import BaseCommand, CommandError

from cchc.accounts.models import User
from cchc.imports.services import ImportRefused, import_file


class Command(BaseCommand):
    help = (
        "Nhập hồ sơ từ tệp xuất của Cổng DVC tỉnh (.xlsx, .xls, .csv). Mỗi tệp nhập trọn trong một giao dịch; "
        "dòng lỗi được ghi vào bảng tính lỗi bên cạnh tệp. Tệp bị từ chối cả tệp: mã thoát 2."
    )

    def add_arguments(self, parser):
        parser.add_argument("files", nargs="+", type=Path, metavar="FILE", help="tệp xuất từ Cổng DVC tỉnh")
        parser.add_argument("--user", help="tên đăng nhập của người nhập (quản trị hoặc tổng hợp báo cáo)")
        parser.add_argument(
            "--errors-dir", type=Path, help="thư mục ghi bảng tính lỗi (mặc định: cạnh tệp nhập)"
        )
        parser.add_argument("--no-progress", action="store_true", help="không hiện thanh tiến độ")

    def handle(self, *args, files, user=None, errors_dir=None, no_progress=False, **options):
        actor = None
        if user:
            actor = User.objects.filter(username=user, is_active=True).first()
            if actor is None:
                raise CommandError(f"Không có người dùng “{user}”.", returncode=2)
        refused: list[str] = []
        for path in files:
            error_path = (errors_dir or path.parent) / f"{path.stem}.loi.xlsx"
            progress = None if no_progress or not sys.stderr.isatty() else _Bar(path.name)
            try:
                run = import_file(actor=actor, path=path, error_path=error_path, progress=progress)
            except PermissionDenied as exc:
                raise CommandError(str(exc), returncode=2) from exc
            except ImportRefused as exc:
                if progress is not None:
                    progress.done()
                refused.append(f"{path.name}: {exc}")
                self.stderr.write(f"{path.name}: tệp bị từ chối, không ghi gì. {exc}")
                continue
            if progress is not None:
                progress.done()
            self.stdout.write(f"{path.name}: {run.summary}")
            if run.error_file:
                self.stdout.write(f"  Bảng tính lỗi: {run.error_file}")
        if refused:
            raise CommandError(
                f"{len(refused)}/{len(files)} tệp bị từ chối:\n" + "\n".join(refused), returncode=2
            )


class _Bar:
    """A one-line progress bar on the terminal (stderr)."""

    WIDTH = 30

    def __init__(self, name: str) -> None:
        self.name = name

    def __call__(self, rows: int, fraction: float | None) -> None:
        if fraction is None:
            text = f"\r{self.name}: {rows:,} dòng".replace(",", ".")
        else:
            filled = int(self.WIDTH * fraction)
            bar = "█" * filled + "·" * (self.WIDTH - filled)
            text = f"\r{self.name}: [{bar}] {fraction:4.0%} {rows:,} dòng".replace(",", ".")
        sys.stderr.write(text)
        sys.stderr.flush()

    def done(self) -> None:
        sys.stderr.write("\n")
        sys.stderr.flush()
