from datetime import datetime

from django.core.management.base import BaseCommand, CommandError
from django.utils import timezone

from cchc.core.calendar import VN_TZ
from cchc.notices.services import in_hours, remind


class Command(BaseCommand):
    help = (
        "Đôn đốc: tìm hồ sơ sắp đến hạn, quá hạn, đơn vị chưa đạt chỉ tiêu, mốc tự đánh giá CCHC… và gửi thông "
        "báo chưa gửi (mỗi sự việc một lần); --dry-run chỉ in ra ai sẽ nhận gì, không gửi gì."
    )

    def add_arguments(self, parser):
        parser.add_argument("--at", help="thời điểm 'YYYY-MM-DD HH:MM' (giờ Việt Nam; mặc định: bây giờ)")
        parser.add_argument(
            "--dry-run", action="store_true", help="in mỗi dòng: tên đăng nhập, kênh, tiêu đề; không gửi gì"
        )

    def handle(self, *args, at: str | None, dry_run: bool, **options):
        try:
            moment = datetime.strptime(at, "%Y-%m-%d %H:%M").replace(tzinfo=VN_TZ) if at else timezone.now()
        except ValueError:
            raise CommandError("Thời điểm phải có dạng 'YYYY-MM-DD HH:MM'.", returncode=2) from None
        if not in_hours(moment):
            self.stdout.write(
                "Ngoài giờ làm việc hoặc ngày nghỉ: không đôn đốc ai (thư chờ đến giờ làm việc kế tiếp)."
            )
            return
        planned = remind(at=moment, dry_run=dry_run, by="cchc remind")
        for line in planned:
            self.stdout.write(f"{line.login}\t{line.channel}\t{line.subject}")
        verb = "Sẽ gửi" if dry_run else "Đã gửi"
        self.stdout.write(f"{verb} {len(planned)} thông báo{' (--dry-run: chưa gửi gì)' if dry_run else ''}.")
