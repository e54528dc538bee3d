from django.apps import AppConfig


class PublicConfig(AppConfig):
    name = "cchc.public"
    verbose_name = "Người dân tra cứu và đánh giá"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from cchc.audit.trail import register
        from cchc.public.models import Rating
        from cchc.reports import figures

        register(Rating)
        post_save.connect(figures.forget, sender=Rating, dispatch_uid="dashboard-forget-on-rating")
