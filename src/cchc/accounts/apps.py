from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "cchc.accounts"
    verbose_name = "Người dùng"

    def ready(self) -> None:
        from cchc.accounts.models import User
        from cchc.audit.trail import register

        register(User, ignore={"last_login"})
