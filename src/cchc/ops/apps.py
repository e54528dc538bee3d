from django.apps import AppConfig


class OpsConfig(AppConfig):
    name = "cchc.ops"
    verbose_name = "Vận hành"
