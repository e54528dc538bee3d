from django.contrib import admin

from cchc.forms import CleanTextAdmin
from cchc.units.models import UNIT_ORDER, Unit


@admin.register(Unit)
class UnitAdmin(CleanTextAdmin, admin.ModelAdmin):
    list_display = ["code", "unit_name", "kind", "parent", "valid_from", "valid_to"]
    list_filter = ["kind"]
    search_fields = ["code", "name"]
    autocomplete_fields = ["parent", "successors"]
    ordering = UNIT_ORDER  # also the order of every unit picker of the admin

    @admin.display(description="tên", ordering="sort_key")
    def unit_name(self, unit: Unit) -> str:
        return unit.name

    def has_delete_permission(self, request, obj=None):
        return False
