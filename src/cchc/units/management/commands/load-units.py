from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cchc.core.unitfile import UnitFileError
from cchc.units.services import BUNDLED_PROVINCES, BUNDLED_TREES, bundled_tree, province_load, unit_file_load


class Command(BaseCommand):
    help = (
        "Nạp cây đơn vị: một cây có sẵn (y-yen-2022, ninh-binh-2025), một tệp CSV (--file), "
        "hoặc một tỉnh theo danh mục hiện hành của vietnam-provinces (--province MÃ)."
    )

    def add_arguments(self, parser):
        source = parser.add_mutually_exclusive_group(required=True)
        source.add_argument(
            "tree", nargs="?", choices=sorted({*BUNDLED_TREES, *BUNDLED_PROVINCES}), help="cây đơn vị có sẵn"
        )
        source.add_argument(
            "--file", type=Path, help="tệp CSV: code,name,kind,parent,official,valid_from,valid_to"
        )
        source.add_argument("--province", type=int, help="mã tỉnh (ví dụ 25)")

    def handle(self, *args, tree=None, file=None, province=None, **options):
        if tree in BUNDLED_PROVINCES:
            province = BUNDLED_PROVINCES[tree]
        try:
            if province is not None:
                result = province_load(province_code=province, actor_label="lệnh load-units")
            else:
                data = bundled_tree(tree) if tree else self._read(file)
                result = unit_file_load(data=data, actor_label="lệnh load-units")
        except (UnitFileError, ValueError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"Đã nạp đơn vị: {result}.")

    def _read(self, path: Path) -> bytes:
        try:
            return path.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {path}: {exc.strerror}.", returncode=2) from exc
