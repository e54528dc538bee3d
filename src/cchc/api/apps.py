from django.apps import AppConfig


class ApiConfig(AppConfig):
    name = "cchc.api"
    verbose_name = "API"

    def ready(self) -> None:
        from cchc.api.models import ApiToken
        from cchc.audit.trail import register

        register(ApiToken, ignore={"last_used_at"})
