from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "cchc.ops"
    verbose_name = "Vận hành"

    def ready(self) -> None:
        from cchc.ops import checks  # noqa: F401 - registers the deploy checks
