"""Writing audit rows. Services call ``audit_record``; tracked models are audited by signals."""

import datetime as dt
import decimal
import uuid
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.db import models
from django.utils import timezone

from backend.audit.context import current_actor
from backend.audit.models import AuditEvent
from backend.core.bulk import bulk_insert


def jsonable(value: Any) -> Any:
    """Turn model field values into JSON-safe values for the before/after snapshots."""
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, uuid.UUID | decimal.Decimal):
        return str(value)
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [jsonable(v) for v in value]
    return value


def snapshot(instance: models.Model, *, exclude: Iterable[str] = ("password",)) -> dict[str, Any]:
    """Concrete field values of ``instance`` (foreign keys as ids), secrets left out."""
    skip = set(exclude)
    data: dict[str, Any] = {}
    for field in instance._meta.concrete_fields:
        if field.name in skip:
            continue
        data[field.attname] = jsonable(getattr(instance, field.attname))
    return data


def audit_event(
    *,
    entity: str,
    entity_id: Any,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    via: str | None = None,
) -> AuditEvent:
    """Build (not save) one audit row attributed to the current actor."""
    actor = current_actor()
    return AuditEvent(
        actor_id=actor.user_id,
        actor_username=actor.username,
        via=via or actor.via,
        entity=entity,
        entity_id=str(entity_id),
        action=action,
        before=before,
        after=after,
    )


def audit_record(**kwargs: Any) -> AuditEvent:
    """Save one audit row; see ``audit_event`` for the arguments."""
    event = audit_event(**kwargs)
    event.save()
    return event


@dataclass(slots=True)
class AuditDraft:
    """An audit row not yet written: a plain record, because the sync path builds hundreds per
    request and a model instance costs several times more to make."""

    actor_id: int | None
    actor_username: str
    via: str
    entity: str
    entity_id: str
    action: str
    before: dict[str, Any] | None
    after: dict[str, Any] | None


def audit_draft(
    *,
    entity: str,
    entity_id: Any,
    action: str,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    via: str | None = None,
) -> AuditDraft:
    """One audit row attributed to the current actor, to be written by ``audit_insert_many``."""
    actor = current_actor()
    return AuditDraft(
        actor.user_id,
        actor.username,
        via or actor.via,
        entity,
        str(entity_id),
        action,
        before,
        after,
    )


def audit_insert_many(drafts: list[AuditDraft]) -> None:
    """Write audit rows in one multi-row INSERT, inside the caller's transaction."""
    now = timezone.now()
    bulk_insert(
        AuditEvent,
        [
            {
                "at": now,
                "actor_id": d.actor_id,
                "actor_username": d.actor_username,
                "via": d.via,
                "entity": d.entity,
                "entity_id": d.entity_id,
                "action": d.action,
                "before": d.before,
                "after": d.after,
            }
            for d in drafts
        ],
    )
