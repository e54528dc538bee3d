from django.core.management.base import BaseCommand, CommandError

from cchc.accounts.models import User
from cchc.api.models import ApiToken
from cchc.audit.trail import acting_as


class Command(BaseCommand):
    help = "Cấp khóa API cho một người dùng; khóa chỉ hiện một lần."

    def add_arguments(self, parser):
        parser.add_argument("username")
        parser.add_argument("--label", default="API")

    def handle(self, *args, username, label, **options):
        user = User.objects.filter(username=username, is_active=True).first()
        if user is None:
            raise CommandError(f"Không có người dùng '{username}' đang hoạt động.", returncode=2)
        with acting_as(None, label="lệnh api-token"):
            _, key = ApiToken.issue(user=user, label=label)
        self.stdout.write(key)
