from django.contrib import admin

from cchc.forms import CleanTextAdmin
from cchc.units.models import Unit


@admin.register(Unit)
class UnitAdmin(CleanTextAdmin, admin.ModelAdmin):
    list_display = ["code", "name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent", "successors"]

    def has_delete_permission(self, request, obj=None):
        return False
