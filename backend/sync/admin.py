"""Sync bookkeeping in the admin: devices and the conflicts kept for review (read-only)."""

from typing import Any

from django.contrib import admin
from django.http import HttpRequest

from backend.sync.models import Conflict, SyncClient


class _ReadOnly(admin.ModelAdmin):  # type: ignore[type-arg]
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Conflict)
class ConflictAdmin(_ReadOnly):
    list_display = ("created_at", "rep", "kind", "observation_id", "resolution", "resolved_at")
    list_filter = ("kind", "resolution")
    search_fields = ("observation__id", "rep__username")
    readonly_fields = ("fields", "server_state", "device_state")


@admin.register(SyncClient)
class SyncClientAdmin(_ReadOnly):
    list_display = ("client_id", "user", "last_mutation_id", "last_push_at", "last_pull_at")
    search_fields = ("client_id", "user__username")
