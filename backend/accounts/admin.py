from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin

from backend.accounts.models import User


@admin.register(User)
class UserAdmin(BaseUserAdmin):  # type: ignore[type-arg]
    list_display = ("username", "role", "territory", "is_active", "last_login")
    list_filter = ("role", "territory", "is_active")
    fieldsets = (
        *(BaseUserAdmin.fieldsets or ()),
        ("FieldSignal", {"fields": ("role", "territory", "brands", "scope_territories")}),
    )
    filter_horizontal = ("brands", "scope_territories", "groups", "user_permissions")
