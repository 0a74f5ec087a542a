import json
from typing import Any

from django.contrib import admin
from django.http import HttpRequest
from django.utils.html import format_html

from backend.audit.models import AuditEvent
from backend.audit.redaction import snapshot_redacted

OBSERVATION = "observations.observation"


def _shown(event: AuditEvent, data: Any) -> str:
    if event.entity == OBSERVATION:
        data = snapshot_redacted(event.entity_id, data)
    return json.dumps(data, indent=2, sort_keys=True, ensure_ascii=False)


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin[AuditEvent]):
    """Read-only: the audit log is append-only for everyone, admins included. An observation's
    snapshots show the redacted note, never the raw text (only its rep reads that)."""

    list_display = ("at", "actor_username", "via", "action", "entity", "entity_id")
    list_filter = ("via", "action", "entity")
    search_fields = ("entity_id", "actor_username")
    fields = readonly_fields = (
        "at",
        "actor_id",
        "actor_username",
        "via",
        "entity",
        "entity_id",
        "action",
        "before_shown",
        "after_shown",
    )

    @admin.display(description="before")
    def before_shown(self, event: AuditEvent) -> str:
        return format_html("<pre>{}</pre>", _shown(event, event.before))

    @admin.display(description="after")
    def after_shown(self, event: AuditEvent) -> str:
        return format_html("<pre>{}</pre>", _shown(event, event.after))

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False
