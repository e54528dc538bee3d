from django.contrib import admin

from cchc.forms import CleanTextAdmin
from cchc.imports.models import ColumnAlias, ImportRun


@admin.register(ColumnAlias)
class ColumnAliasAdmin(CleanTextAdmin, admin.ModelAdmin):
    list_display = ["alias", "column", "key"]
    list_filter = ["column"]
    search_fields = ["alias", "key"]


@admin.register(ImportRun)
class ImportRunAdmin(admin.ModelAdmin):
    list_display = [
        "started_at",
        "actor_label",
        "file_name",
        "status",
        "rows_read",
        "added",
        "updated",
        "skipped",
        "errors",
    ]
    list_filter = ["status"]
    search_fields = ["file_name", "actor_label"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
