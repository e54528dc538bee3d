from django.apps import AppConfig


class ParConfig(AppConfig):
    name = "cchc.par"
    verbose_name = "Chỉ số cải cách hành chính"

    def ready(self) -> None:
        from cchc.audit.trail import register
        from cchc.par import models

        for model in (
            models.IndexSet,
            models.Criterion,
            models.Campaign,
            models.Assessment,
            models.Score,
            models.ScoreEvent,
            models.Evidence,
        ):
            register(model)
