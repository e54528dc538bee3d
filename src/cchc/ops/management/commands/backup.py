from pathlib import Path

from django.conf import settings
from django.core.management.base import BaseCommand

from cchc.ops.backup import backup


class Command(BaseCommand):
    help = "Sao lưu cơ sở dữ liệu và tệp tải lên thành một tệp nén kèm tổng kiểm tra SHA-256."

    def add_arguments(self, parser):
        parser.add_argument(
            "--out", type=Path, default=None, help="thư mục lưu bản sao (mặc định: CCHC_VAR_DIR/backups)"
        )

    def handle(self, *args, out: Path | None, **options):
        snapshot = backup(out_dir=out or settings.VAR_DIR / "backups")
        self.stdout.write(
            f"Đã sao lưu {snapshot.rows} bản ghi và {snapshot.files} tệp vào {snapshot.archive} "
            f"(tổng kiểm tra: {snapshot.checksum.name})."
        )
