from django.contrib import admin

from cchc.core.calendar import local
from cchc.notices.models import Delivery, Notice, Rule, Schedule, ScheduleRun


@admin.register(Rule)
class RuleAdmin(admin.ModelAdmin):
    list_display = ["condition", "recipients", "lead_days", "enabled"]
    list_editable = ["enabled"]

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Schedule)
class ScheduleAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "job",
        "frequency",
        "weekday",
        "day_of_month",
        "time_of_day",
        "enabled",
        "last_run",
    ]
    list_editable = ["enabled"]

    @admin.display(description="lần chạy gần nhất")
    def last_run(self, schedule: Schedule) -> str:
        run = schedule.runs.order_by("-slot", "-id").first()
        return f"{run.get_outcome_display()} ({local(run.slot):%H:%M %d/%m/%Y})" if run else "—"

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(ScheduleRun)
class ScheduleRunAdmin(admin.ModelAdmin):
    list_display = ["schedule", "slot", "started_at", "finished_at", "outcome"]
    list_filter = ["outcome", "schedule"]
    readonly_fields = ["schedule", "slot", "started_at", "finished_at", "outcome", "output"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Notice)
class NoticeAdmin(admin.ModelAdmin):
    list_display = ["created_at", "recipient", "email", "kind", "subject", "channel", "sent_at", "read_at"]
    list_filter = ["kind", "channel"]
    search_fields = ["subject", "recipient__username", "email"]
    readonly_fields = [f.name for f in Notice._meta.fields]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["at", "to", "channel", "notice", "by"]
    list_filter = ["channel"]
    search_fields = ["to", "notice__subject"]
    readonly_fields = ["notice", "channel", "to", "at", "by"]

    def has_add_permission(self, request) -> bool:
        return False

    def has_delete_permission(self, request, obj=None) -> bool:
        return False
