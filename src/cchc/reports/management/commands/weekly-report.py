import shutil
from datetime import datetime
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from cchc.core.calendar import VN_TZ, CalendarError
from cchc.reports.services import monthly_report_make, weekly_report_make


class Command(BaseCommand):
    help = "Lập báo cáo thứ Sáu (hoặc --monthly: báo cáo tháng) dạng DOCX, XLSX (và PDF nếu có LibreOffice), lưu vào kho."

    def add_arguments(self, parser):
        parser.add_argument("--date", required=True, help="ngày báo cáo yyyy-mm-dd (thường là thứ Sáu)")
        parser.add_argument(
            "--as-of", help="số liệu tính đến 'YYYY-MM-DD HH:MM' (mặc định: 00:00 ngày báo cáo)"
        )
        parser.add_argument(
            "--known-at",
            help="chỉ tính hồ sơ đã ghi vào hệ thống đến 'YYYY-MM-DD HH:MM' (mặc định: lúc lập báo cáo)",
        )
        parser.add_argument("--out", type=Path, help="thư mục chép thêm các tệp báo cáo ra")
        parser.add_argument("--monthly", action="store_true", help="báo cáo tháng (tháng trước ngày báo cáo)")

    def handle(
        self, *args, as_of: str | None, known_at: str | None, out: Path | None, monthly: bool, **options
    ):
        try:
            day = datetime.strptime(options["date"], "%Y-%m-%d").date()
            moment = datetime.strptime(as_of, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ) if as_of else None
            knowledge = (
                datetime.strptime(known_at, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ) if known_at else None
            )
        except ValueError:
            raise CommandError(
                "Ngày phải có dạng yyyy-mm-dd và thời điểm 'YYYY-MM-DD HH:MM'.", returncode=2
            ) from None
        maker = monthly_report_make if monthly else weekly_report_make
        try:
            report = maker(actor=None, report_date=day, as_of=moment, known_at=knowledge)
        except CalendarError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"Đã lập: {report.title} (số liệu tính đến {report.as_of:%H:%M %d/%m/%Y}).")
        files = [report.docx, report.xlsx] + ([report.pdf] if report.pdf else [])
        if not report.pdf:
            self.stdout.write(
                "Máy chưa cài LibreOffice: không xuất PDF (cài gói libreoffice-writer để có PDF)."
            )
        for file in files:
            if out:
                out.mkdir(parents=True, exist_ok=True)
                target = out / Path(file.name).name
                with file.open("rb") as source, target.open("wb") as sink:
                    shutil.copyfileobj(source, sink)
                self.stdout.write(f"  {target}")
            else:
                self.stdout.write(f"  {file.path}")
