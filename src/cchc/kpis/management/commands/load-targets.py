from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cchc.kpis.services import BUNDLED, TargetFileError, bundled_targets, targets_load


class Command(BaseCommand):
    help = "Nạp chỉ tiêu cam kết: bộ có sẵn (notice-2022) hoặc tệp CSV (--file)."

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument("name", nargs="?", choices=sorted(BUNDLED))
        source.add_argument("--file", type=Path)

    def handle(self, *args, name=None, file=None, **options):
        try:
            data = bundled_targets(name) if name else file.read_bytes()
            changed = targets_load(data=data, actor_label="lệnh load-targets")
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {file}: {exc.strerror}.", returncode=2) from exc
        except TargetFileError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"Đã nạp chỉ tiêu: {changed} chỉ tiêu mới hoặc thay đổi.")
