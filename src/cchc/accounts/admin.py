from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from cchc.accounts.models import User
from cchc.forms import CleanTextAdmin


@admin.register(User)
class UserAdmin(CleanTextAdmin, BaseUserAdmin):
    list_display = ["username", "last_name", "first_name", "unit", "role", "is_active"]
    list_filter = ["role", "is_active", "unit__kind"]
    autocomplete_fields = ["unit"]
    fieldsets = [
        *BaseUserAdmin.fieldsets,
        ("Đơn vị và vai trò", {"fields": ["unit", "role"]}),
    ]
    add_fieldsets = [
        *BaseUserAdmin.add_fieldsets,
        ("Đơn vị và vai trò", {"fields": ["unit", "role"]}),
    ]

    def has_delete_permission(self, request, obj=None):
        return False
