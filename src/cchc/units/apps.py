from django.apps import AppConfig


class UnitsConfig(AppConfig):
    name = "cchc.units"
    verbose_name = "Đơn vị"

    def ready(self) -> None:
        from cchc.audit.trail import register
        from cchc.units.models import Unit

        register(Unit, ignore={"sort_key"})
