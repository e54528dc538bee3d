from django.contrib import admin

from cchc.forms import CleanTextAdmin
from cchc.workcalendar.models import CalendarOverride, OfficeHoursSetting


@admin.register(CalendarOverride)
class CalendarOverrideAdmin(CleanTextAdmin, admin.ModelAdmin):
    list_display = ["day", "is_working_day", "unit", "notice", "active"]
    list_filter = ["is_working_day", "active"]
    search_fields = ["notice"]
    autocomplete_fields = ["unit"]
    date_hierarchy = "day"

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(OfficeHoursSetting)
class OfficeHoursSettingAdmin(CleanTextAdmin, admin.ModelAdmin):
    list_display = ["unit", "morning_start", "morning_end", "afternoon_start", "afternoon_end"]
    autocomplete_fields = ["unit"]

    def has_delete_permission(self, request, obj=None):
        return False
