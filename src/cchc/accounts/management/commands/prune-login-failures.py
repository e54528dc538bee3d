from datetime import timedelta

from django.conf import settings
from django.core.management.base import BaseCommand, CommandError

from cchc.accounts.throttling import prune_failures

MAX_DAYS = 36_500  # a hundred years: more is a typing mistake (and beyond what a time span holds)


class Command(BaseCommand):
    help = (
        "Xoá các lần đăng nhập sai cũ hơn thời gian lưu (mặc định LOGIN_FAILURE_RETENTION_DAYS ngày); "
        "việc xoá được ghi vào nhật ký thay đổi. Chạy định kỳ (xem docs/deploy.md)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--days", type=int, help="số ngày giữ lại (mặc định theo cấu hình)")

    def handle(self, *args, days=None, **options):
        days = settings.LOGIN_FAILURE_RETENTION_DAYS if days is None else days
        if not 0 <= days <= MAX_DAYS:
            raise CommandError(f"--days phải từ 0 đến {MAX_DAYS} ngày.", returncode=2)
        try:
            removed = prune_failures(keep=timedelta(days=days))
        except ValueError as exc:
            raise CommandError(str(exc), returncode=2) from exc
        self.stdout.write(f"Đã xoá {removed} lần đăng nhập sai cũ hơn {days} ngày.")
