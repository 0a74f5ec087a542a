"""Sync reads: what a device pulls."""

import uuid
from typing import Any

from django.utils import timezone

from backend.accounts.models import Role, User
from backend.sync.changelog import (
    GLOBAL,
    Cursor,
    changes_since,
    history_floor,
    scope_fingerprint,
    territory_audience,
    user_audience,
)
from backend.sync.models import SyncClient


def audiences_for(user: User) -> list[str]:
    """Own records, the territory's reference data (reps), and company-wide reference data."""
    audiences = [user_audience(user.pk), GLOBAL]
    if user.role == Role.REP and user.territory_id:
        audiences.append(territory_audience(user.territory_id))
    return audiences


def sync_pull(
    *, user: User, cursor_token: str | None, limit: int, client: SyncClient | None
) -> dict[str, Any]:
    """The next page of changes in the user's scope after the cursor, in commit order."""
    audiences = audiences_for(user)
    scope = scope_fingerprint(audiences)
    cursor = Cursor.decode(cursor_token) if cursor_token else Cursor(0, 0, scope)
    floor = history_floor()
    too_old = cursor_token is not None and (cursor.txid, cursor.seq) < floor
    if cursor.scope != scope or too_old:
        # The device's copy can no longer be patched: start over from an empty cursor.
        return {
            "changes": [],
            "cursor": None,
            "has_more": True,
            "reset": True,
            "last_mutation_id": client.last_mutation_id if client else None,
        }
    page = changes_since(audiences=audiences, cursor=cursor, limit=limit)
    if client is not None:
        SyncClient.objects.filter(pk=client.pk).update(last_pull_at=timezone.now())
    return {
        "changes": page.changes,
        "cursor": page.next_cursor.encode(),
        "has_more": page.has_more,
        "reset": False,
        "last_mutation_id": client.last_mutation_id if client else None,
    }


def parse_client_id(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError):
        return None
