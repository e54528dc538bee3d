from django.apps import AppConfig


class NoticesConfig(AppConfig):
    name = "cchc.notices"
    verbose_name = "Đôn đốc và lịch chạy"

    def ready(self) -> None:
        from cchc.audit.trail import register
        from cchc.notices import hooks
        from cchc.notices.models import Rule, Schedule
        from cchc.reports.signals import report_issued

        for model in (Rule, Schedule):
            register(model)
        report_issued.connect(hooks.on_report_issued, dispatch_uid="notices-friday-summary")
