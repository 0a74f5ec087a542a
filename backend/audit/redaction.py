"""Showing stored snapshots of a note (audit rows, sync conflicts) without its raw text.

Only the rep who wrote a note sees it raw. A snapshot whose note is the note as it is now shows
the tagger's redacted text; any other revision's text is withheld, because no redaction of that
text was ever made (the sync merge keeps the raw snapshots, out of sight, as its base).
"""

from typing import Any

from backend.observations.models import Observation
from backend.tagging.models import ObservationTagging

NOTE_FIELDS = ("note",)


def note_shown(observation_id: Any, note: Any) -> str:
    """What an admin may read in place of ``note`` written on this observation."""
    if not isinstance(note, str) or not note:
        return ""
    current = Observation.objects.filter(pk=observation_id).values_list("note", "rev").first()
    tagging = (
        ObservationTagging.objects.filter(observation_id=observation_id)
        .values_list("redacted_text", "observation_rev")
        .first()
    )
    if current and tagging and current[0] == note and tagging[1] == current[1]:
        return str(tagging[0])
    return f"[withheld: {len(note)} characters; only the rep who wrote it sees this text]"


def snapshot_redacted(observation_id: Any, data: Any) -> Any:
    """A copy of an observation snapshot (or a {field: {side: value}} diff) with notes redacted."""
    if not isinstance(data, dict):
        return data
    shown: dict[str, Any] = {}
    for key, value in data.items():
        if key in NOTE_FIELDS and not isinstance(value, dict):
            shown[key] = note_shown(observation_id, value)
        elif key in NOTE_FIELDS and isinstance(value, dict):
            shown[key] = {side: note_shown(observation_id, v) for side, v in value.items()}
        else:
            shown[key] = value
    return shown
