"""Sync bookkeeping in the admin: devices and the conflicts kept for review (read-only)."""

import json
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html

from backend.audit.redaction import snapshot_redacted
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
    # Both sides hold the rep's raw note: shown redacted (only the rep reads the raw text).
    fields = readonly_fields = (
        "observation",
        "rep",
        "kind",
        "base_rev",
        "server_rev",
        "resolution",
        "resolved_at",
        "created_at",
        "fields_shown",
        "server_state_shown",
        "device_state_shown",
    )

    def _pre(self, conflict: Conflict, data: Any) -> str:
        shown = snapshot_redacted(conflict.observation_id, data)
        return format_html("<pre>{}</pre>", json.dumps(shown, indent=2, ensure_ascii=False))

    @admin.display(description="fields")
    def fields_shown(self, conflict: Conflict) -> str:
        return self._pre(conflict, conflict.fields)

    @admin.display(description="server state")
    def server_state_shown(self, conflict: Conflict) -> str:
        return self._pre(conflict, conflict.server_state)

    @admin.display(description="device state")
    def device_state_shown(self, conflict: Conflict) -> str:
        return self._pre(conflict, conflict.device_state)


@admin.register(SyncClient)
class SyncClientAdmin(_ReadOnly):
    list_display = ("client_id", "user", "last_mutation_id", "last_push_at", "last_pull_at")
    search_fields = ("client_id", "user__username")
