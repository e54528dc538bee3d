from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cchc.ops.backup import RestoreRefused, restore


class Command(BaseCommand):
    help = "Khôi phục cơ sở dữ liệu và tệp tải lên từ một bản sao lưu của `cchc backup`."

    def add_arguments(self, parser):
        parser.add_argument("archive", type=Path, help="tệp cchc-….tar.gz (tệp .sha256 nằm bên cạnh)")
        parser.add_argument(
            "--force", action="store_true", help="xoá dữ liệu đang có rồi thay bằng bản sao lưu"
        )

    def handle(self, *args, archive: Path, force: bool, **options):
        try:
            manifest = restore(archive=archive, force=force)
        except RestoreRefused as refusal:
            raise CommandError(str(refusal)) from refusal
        self.stdout.write(
            f"Đã khôi phục {sum(manifest['rows'].values())} bản ghi và {len(manifest['files'])} tệp "
            f"từ bản sao lưu lúc {manifest['created_at']}."
        )
