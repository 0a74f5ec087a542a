"""The theme taxonomy and the patient-identifier types: the one place both are defined.

DESIGN.md "Theme taxonomy" is the contract; the training data build, the pipeline, the
metrics and the backend (filters, trends, alert rules) all import from here, so a label
added or renamed here is added or renamed everywhere.
"""

LABELS: tuple[str, ...] = (
    "objection_price",
    "objection_access",
    "objection_safety",
    "objection_efficacy",
    "objection_dosing",
    "competitor_preference",
    "content_request",
    "stale_content",
    "sample_request",
    "patient_support",
    "channel_preference",
    "adverse_event",
    "off_label",
    "positive_feedback",
)

# The objection themes: what objection alerts count.
OBJECTION_LABELS: tuple[str, ...] = tuple(
    label for label in LABELS if label.startswith("objection_")
)

# Labels a compliance rule can raise on its own (reportable or regulated).
COMPLIANCE_LABELS: tuple[str, ...] = ("adverse_event", "off_label")

PII_TYPES: tuple[str, ...] = ("PATIENT_NAME", "DOB", "PHONE", "EMAIL", "MRN", "ADDRESS")


def is_label(name: str) -> bool:
    """True for a label of the taxonomy."""
    return name in LABELS
