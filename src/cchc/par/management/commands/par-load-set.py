from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cchc.core.calendar import FIRST_DAY, LAST_DAY
from cchc.par.models import SetKind
from cchc.par.services import ParError, index_set_load
from cchc.par.setfile import SetFileError, parse_set


class Command(BaseCommand):
    help = (
        "Nạp một bộ chỉ số CCHC từ tệp XLSX, XLS hoặc CSV (phía trên có thể có phần tiêu đề; cột Mã, Tên, "
        "Điểm tối đa, Hình thức, Cách chấm, Đơn vị chủ trì, Tài liệu kiểm chứng); bộ có lỗi bị từ chối toàn bộ "
        "(mã thoát 2)."
    )

    def add_arguments(self, parser):
        parser.add_argument("file", type=Path, help="tệp XLSX, XLS hoặc CSV")
        parser.add_argument("--name", required=True, help="tên bộ chỉ số")
        parser.add_argument("--unit-kind", required=True, choices=SetKind.values, help="áp dụng cho")
        parser.add_argument("--year", required=True, type=int, help="năm đánh giá")
        parser.add_argument("--source", default="", help="nguồn, ghi chú")

    def handle(self, *args, file: Path, name: str, unit_kind: str, year: int, source: str, **options):
        if not FIRST_DAY.year <= year <= LAST_DAY.year:
            raise CommandError(f"Năm phải trong khoảng {FIRST_DAY.year}–{LAST_DAY.year}.", returncode=2)
        try:
            data = file.read_bytes()
        except OSError as exc:
            raise CommandError(f"Không đọc được tệp {file}: {exc.strerror}.", returncode=2) from exc
        try:
            rows = parse_set(data, filename=file.name)
            index_set = index_set_load(
                rows=rows,
                name=name,
                kind=unit_kind,
                year=year,
                source=source,
                actor_label="lệnh par-load-set",
            )
        except (SetFileError, ParError) as exc:
            raise CommandError(str(exc), returncode=2) from exc
        leaves = index_set.criteria.filter(is_leaf=True).count()
        self.stdout.write(f"Đã nạp {index_set}: {len(rows)} mục, {leaves} tiêu chí được chấm trực tiếp.")
