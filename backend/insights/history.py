"""An observation's audit history as an analyst may read it.

Audit rows of an observation carry the raw note in ``before``/``after``. Analysts must never
see it, so the history names which fields changed and never shows their values.
"""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from backend.audit.models import AuditEvent
from backend.core.labels import label_phrase
from backend.tagging.models import LabelCorrection

OBSERVATION_ENTITY = "observations.observation"
CORRECTION_ENTITY = "tagging.labelcorrection"


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    actor: str
    via: str
    what: str


# The note's fields as an analyst calls them, in the order the note page shows them. The
# revision counter changes on every edit and says nothing; timestamps of the row neither.
FIELD_NAMES = {
    "hcp": "HCP",
    "channel": "channel",
    "visited_at": "visit time",
    "products": "products",
    "note": "note text",
    "content_shown": "content shown",
    "captured_at": "device capture time",
    "territory": "territory",
}
NOT_SHOWN = {"rev", "updated_at", "created_at", "deleted"}


def _changed_fields(before: Any, after: Any) -> list[str]:
    before = before if isinstance(before, dict) else {}
    after = after if isinstance(after, dict) else {}
    keys = {k.removesuffix("_id") for k in set(before) | set(after)} - NOT_SHOWN
    changed = [
        k
        for k in keys
        if before.get(k, before.get(f"{k}_id")) != after.get(k, after.get(f"{k}_id"))
    ]
    order = list(FIELD_NAMES)
    changed.sort(key=lambda k: (order.index(k) if k in order else len(order), k))
    return [FIELD_NAMES.get(k, k.replace("_", " ")) for k in changed]


def _describe(event: AuditEvent) -> str:
    if event.entity == CORRECTION_ENTITY:
        after = event.after or {}
        verb = "added" if after.get("action") == "add" else "removed"
        label = label_phrase(str(after.get("label", "?")))
        return f"label {label} {verb} by an analyst"
    if event.action == "create":
        return "note created"
    if event.action == "delete":
        return "note deleted"
    fields = _changed_fields(event.before, event.after)
    if not fields:
        return "note updated"
    return "changed " + ", ".join(fields)


def observation_history(
    observation_id: str, corrections: list[LabelCorrection]
) -> list[HistoryEntry]:
    """Oldest first: what happened to the note, and every correction of its labels."""
    events = list(
        AuditEvent.objects.filter(entity=OBSERVATION_ENTITY, entity_id=observation_id)
    ) + list(
        AuditEvent.objects.filter(
            entity=CORRECTION_ENTITY, entity_id__in=[str(c.pk) for c in corrections]
        )
    )
    events.sort(key=lambda e: (e.at, e.pk))
    return [
        HistoryEntry(at=e.at, actor=e.actor_username or "system", via=e.via, what=_describe(e))
        for e in events
    ]
