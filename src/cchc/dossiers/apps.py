from django.apps import AppConfig


class DossiersConfig(AppConfig):
    name = "cchc.dossiers"
    verbose_name = "Hồ sơ"

    def ready(self) -> None:
        from cchc.audit.trail import register
        from cchc.dossiers.models import Dossier

        register(Dossier, ignore={"search_text"})
