from django.contrib import admin

from cchc.forms import CleanTextAdmin
from cchc.procedures.models import Procedure, ProcedureComponent


class ComponentInline(CleanTextAdmin, admin.TabularInline):
    model = ProcedureComponent
    extra = 0

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Procedure)
class ProcedureAdmin(CleanTextAdmin, admin.ModelAdmin):
    list_display = [
        "code",
        "name",
        "field",
        "level",
        "limit_kind",
        "limit_amount",
        "online_level",
        "fee",
        "verified",
    ]
    list_filter = ["level", "field", "online_level", "interagency", "verified", "from_import", "active"]
    search_fields = ["code", "name", "search_text"]
    filter_horizontal = ["offices"]
    inlines = [ComponentInline]

    def has_delete_permission(self, request, obj=None):
        return False
