"""Writes the analyst pages make: tag corrections (alerts are acted on through alerts.services)."""

from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.alerts.selectors import signal_get, signals_visible_to
from backend.alerts.services import signal_acknowledge
from backend.audit.context import acting_as
from backend.audit.services import audit_record
from backend.insights.models import AlertTriage
from backend.insights.selectors import observation_for
from backend.tagging.models import LabelCorrection
from backend.tagging.services import label_correct
from nlp.data.build import LABELS


class CorrectionRefused(Exception):
    """A correction that cannot be applied; ``code`` is stable for callers and tests."""

    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def observation_label_correct(
    *, analyst: User, observation_id: str, label: str, action: str
) -> LabelCorrection:
    """Add or remove ``label`` on an observation in the analyst's scope; stored and audited."""
    if label not in LABELS:
        raise CorrectionRefused("unknown_label", f"{label!r} is not a theme label")
    if action not in ("add", "remove"):
        raise CorrectionRefused("unknown_action", "action must be add or remove")
    observation = observation_for(analyst, observation_id)
    if observation is None:
        # Same answer for "does not exist" and "outside your scope": existence is not revealed.
        raise CorrectionRefused("not_found", "no such observation")
    if not hasattr(observation, "tagging"):
        raise CorrectionRefused("not_tagged", "this note is not tagged yet; correct it once it is")
    current = {lab.label for lab in observation.labels.all()}
    if (action == "add") == (label in current):
        raise CorrectionRefused(
            "no_change", f"{label} is {'already' if action == 'add' else 'not'} on this note"
        )
    with acting_as(analyst, via="web"):
        return label_correct(observation=observation, label=label, action=action, analyst=analyst)


class AlertActionRefused(Exception):
    def __init__(self, code: str, message: str) -> None:
        super().__init__(message)
        self.code = code
        self.message = message


def _visible_signal(user: User, signal_id: str) -> Any:
    signal = signal_get(user=user, signal_id=signal_id)
    if signal is None:
        raise AlertActionRefused("not_found", "no such alert")
    return signal


def _triage_audit(triage: Any, before: dict[str, Any], after: dict[str, Any]) -> None:
    audit_record(
        entity="insights.alerttriage",
        entity_id=triage.signal_id,
        action="update",
        before=before,
        after=after,
    )


def alert_acknowledge(*, user: User, signal_id: str, note: str = "") -> None:
    """Acknowledge through the alerts service (the same acknowledgement the API records)."""
    _visible_signal(user, signal_id)
    with acting_as(user, via="web"):
        signal_acknowledge(user=user, signal_id=signal_id, note=note)


def _may_own_alerts(user: User) -> bool:
    """Alerts go to home-office people who work them: active analysts and admins."""
    return user.is_active and (user.is_superuser or user.role in {Role.ANALYST, Role.ADMIN})


def alert_assign(*, user: User, signal_id: str, assignee: User | None) -> None:
    """Give the alert to an analyst who can see it (None: unassign)."""
    signal = _visible_signal(user, signal_id)
    if assignee is not None and not signals_visible_to(assignee).filter(pk=signal.pk).exists():
        raise AlertActionRefused("assignee_out_of_scope", f"{assignee.username} cannot see it")
    if assignee is not None and not _may_own_alerts(assignee):
        raise AlertActionRefused(
            "assignee_not_eligible",
            f"{assignee.username} cannot be assigned alerts (analysts and admins only)",
        )
    with acting_as(user, via="web"), transaction.atomic():
        triage, _ = AlertTriage.objects.select_for_update().get_or_create(signal=signal)
        before = {"assignee": triage.assignee.username if triage.assignee else None}
        triage.assignee = assignee
        triage.save()
        _triage_audit(triage, before, {"assignee": assignee.username if assignee else None})


def alert_resolve(*, user: User, signal_id: str, note: str = "") -> None:
    """Close the alert; an open one is acknowledged first, so the engine sees it handled."""
    signal = _visible_signal(user, signal_id)
    with acting_as(user, via="web"), transaction.atomic():
        signal_acknowledge(user=user, signal_id=signal.pk, note=note)
        triage, _ = AlertTriage.objects.select_for_update().get_or_create(signal=signal)
        if triage.resolved_at is not None:
            return
        triage.resolved_at = timezone.now()
        triage.resolved_by = user
        triage.resolution_note = note
        triage.save()
        _triage_audit(triage, {"resolved": False}, {"resolved": True, "note": note})


def alert_reopen(*, user: User, signal_id: str) -> None:
    """Undo a resolution (the acknowledgement stays: it already went out)."""
    signal = _visible_signal(user, signal_id)
    with acting_as(user, via="web"), transaction.atomic():
        triage = AlertTriage.objects.select_for_update().filter(signal=signal).first()
        if triage is None or triage.resolved_at is None:
            return
        triage.resolved_at = None
        triage.resolved_by = None
        triage.save()
        _triage_audit(triage, {"resolved": True}, {"resolved": False})
