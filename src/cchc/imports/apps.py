from django.apps import AppConfig


class ImportsConfig(AppConfig):
    name = "cchc.imports"
    verbose_name = "Nhập hồ sơ từ Cổng DVC tỉnh"
