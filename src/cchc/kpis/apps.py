from django.apps import AppConfig


class KpisConfig(AppConfig):
    name = "cchc.kpis"
    verbose_name = "Chỉ tiêu"

    def ready(self) -> None:
        from cchc.audit.trail import register
        from cchc.kpis.models import Target, TargetSet

        register(TargetSet)
        register(Target)
