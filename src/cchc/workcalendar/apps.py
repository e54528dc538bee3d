from django.apps import AppConfig


class WorkCalendarConfig(AppConfig):
    name = "cchc.workcalendar"
    verbose_name = "Lịch làm việc"

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from cchc.audit.trail import register
        from cchc.workcalendar import selectors
        from cchc.workcalendar.models import CalendarOverride, OfficeHoursSetting

        for model in (CalendarOverride, OfficeHoursSetting):
            register(model)
            post_save.connect(
                selectors.forget_calendars, sender=model, dispatch_uid=f"calendar-{model.__name__}"
            )
