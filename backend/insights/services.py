"""Writes the analyst pages make: tag corrections (alerts are acted on through alerts.services)."""

from backend.accounts.models import User
from backend.alerts.signal_services import (
    signal_acknowledge,
    signal_assign,
    signal_reopen,
    signal_resolve,
)
from backend.audit.context import acting_as
from backend.core.errors import DomainError
from backend.insights.selectors import observation_for
from backend.tagging.models import LabelCorrection
from backend.tagging.services import label_correct
from nlp.labels import LABELS


def observation_label_correct(
    *, analyst: User, observation_id: str, label: str, action: str
) -> LabelCorrection:
    """Add or remove ``label`` on an observation in the analyst's scope; stored and audited."""
    if label not in LABELS:
        raise DomainError("unknown_label", f"{label!r} is not a theme label")
    if action not in ("add", "remove"):
        raise DomainError("unknown_action", "action must be add or remove")
    observation = observation_for(analyst, observation_id)
    if observation is None:
        # Same answer for "does not exist" and "outside your scope": existence is not revealed.
        raise DomainError("not_found", "no such observation")
    if not hasattr(observation, "tagging"):
        raise DomainError("not_tagged", "this note is not tagged yet; correct it once it is")
    current = {lab.label for lab in observation.labels.all()}
    if (action == "add") == (label in current):
        raise DomainError(
            "no_change", f"{label} is {'already' if action == 'add' else 'not'} on this note"
        )
    with acting_as(analyst, via="web"):
        return label_correct(observation=observation, label=label, action=action, analyst=analyst)


def alert_acknowledge(*, user: User, signal_id: str, note: str = "") -> None:
    """Acknowledge from the analyst pages: the same acknowledgement the API records, via web."""
    signal_acknowledge(user=user, signal_id=signal_id, note=note, via="web")


def alert_assign(*, user: User, signal_id: str, assignee: User | None) -> None:
    """Give the alert to an analyst who can see it (None: unassign)."""
    signal_assign(user=user, signal_id=signal_id, assignee=assignee, via="web")


def alert_resolve(*, user: User, signal_id: str, note: str = "") -> None:
    """Close the alert; the engine sees it resolved (and acknowledged, if it was open)."""
    signal_resolve(user=user, signal_id=signal_id, note=note, via="web")


def alert_reopen(*, user: User, signal_id: str) -> None:
    """Undo a resolution (the acknowledgement stays: it already went out)."""
    signal_reopen(user=user, signal_id=signal_id, via="web")
