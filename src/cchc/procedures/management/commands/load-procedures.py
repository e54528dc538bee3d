from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cchc.core.catalogue import CatalogueError
from cchc.procedures.services import BUNDLED_CATALOGUE, bundled_catalogue, catalogue_load, read_rows


class Command(BaseCommand):
    help = "Nạp danh mục thủ tục hành chính từ tệp CSV/XLSX (mặc định: danh mục mẫu 2022 đi kèm)."

    def add_arguments(self, parser):
        parser.add_argument("file", nargs="?", type=Path, help="tệp .csv hoặc .xlsx")

    def handle(self, *args, file=None, **options):
        try:
            data = file.read_bytes() if file else bundled_catalogue()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {file}: {exc.strerror}.", returncode=2) from exc
        try:
            result = catalogue_load(
                rows=read_rows(data=data, name=str(file or BUNDLED_CATALOGUE)),
                actor_label="lệnh load-procedures",
            )
        except CatalogueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"Đã nạp thủ tục: {result}.")
