from django.apps import AppConfig


class ReportsConfig(AppConfig):
    name = "cchc.reports"
    verbose_name = "Báo cáo"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from cchc.audit.trail import register
        from cchc.dossiers.models import Dossier
        from cchc.reports import figures
        from cchc.reports.models import Report

        register(Report)
        post_save.connect(figures.forget, sender=Dossier, dispatch_uid="dashboard-forget-on-dossier")
