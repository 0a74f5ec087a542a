"""What each theme label is called on screen: the one vocabulary of both apps.

The machine keys (``objection_price``) come from ``nlp.labels`` and stay in APIs, query
strings and CSV files; people read these names. The analyst pages use them through
``label_title``/``label_phrase``, and the rep app gets the same dict as ``/app/js/labels.js``
(rendered from here, see ``backend.repapp.views``), so a name changed here changes everywhere.
"""

from nlp.labels import LABELS

LABEL_TITLES: dict[str, str] = {
    "objection_price": "Price objection",
    "objection_access": "Access objection",
    "objection_safety": "Safety concern",
    "objection_efficacy": "Efficacy doubt",
    "objection_dosing": "Dosing objection",
    "competitor_preference": "Competitor preference",
    "content_request": "Content request",
    "stale_content": "Outdated content",
    "sample_request": "Sample request",
    "patient_support": "Patient support",
    "channel_preference": "Channel preference",
    "adverse_event": "Adverse event",
    "off_label": "Off-label",
    "positive_feedback": "Positive feedback",
}

# A label added to the taxonomy without a name here would show as its key: fail at import.
if set(LABEL_TITLES) != set(LABELS):
    raise RuntimeError(
        f"label names out of step with nlp.labels: {set(LABELS) ^ set(LABEL_TITLES)}"
    )


def label_title(label: str) -> str:
    """The label's name as a heading or chip shows it: ``Price objection``."""
    return LABEL_TITLES.get(label) or str(label).replace("_", " ")


def label_phrase(label: str) -> str:
    """The same name inside a sentence: ``3 notes tagged price objection``."""
    return label_title(label).lower()
