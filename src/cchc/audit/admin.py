from django.contrib import admin

from cchc.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    """Read-only for every role, the system administrator included."""

    list_display = ["at", "actor_label", "action", "model", "object_repr", "unit"]
    list_filter = ["action", "model"]
    search_fields = ["object_repr", "actor_label", "object_pk"]
    date_hierarchy = "at"

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
