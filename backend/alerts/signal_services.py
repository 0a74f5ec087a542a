"""What people (and the escalation clock) do to a signal: acknowledge, assign, resolve, reopen,
escalate; and redelivering its webhooks.

Each change raises the signal's revision, moves it to the end of the cursor feed, goes out to
webhooks and streams (``backend.alerts.publish``) and is audited with the channel it came
through: ``web`` (analyst pages), ``api``, ``admin`` or ``system``.
"""

import datetime as dt
import logging
from typing import Any

from django.db import transaction
from django.db.models import F
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.alerts.dispatch import deliveries_dispatch
from backend.alerts.models import (
    DeliveryStatus,
    Signal,
    SignalState,
    SignalType,
    WebhookDelivery,
)
from backend.alerts.publish import signal_audit, signal_publish
from backend.alerts.selectors import signals_visible_to
from backend.audit.context import acting_as
from backend.core.errors import DomainError

logger = logging.getLogger(__name__)


def _locked(user: User, signal_id: Any) -> Signal:
    if user.role == Role.REP and not user.is_superuser:
        raise DomainError("forbidden", "Reps cannot act on signals.")
    signal = signals_visible_to(user).select_for_update().filter(pk=signal_id).first()
    if signal is None:
        raise DomainError("not_found", "No such signal.")
    return signal


def _changed(
    signal: Signal, *, event: str, via: str, before: dict[str, Any], after: dict[str, Any]
) -> Signal:
    signal.revision += 1
    signal.save()
    signal_audit(signal=signal, event=event, via=via, before=before, after=after)
    signal_publish(signal=signal, event=event)
    return signal


def signal_acknowledge(*, user: User, signal_id: Any, via: str, note: str = "") -> Signal:
    """Mark a signal seen and handled. Repeats are harmless and keep the first acknowledgement."""
    with acting_as(user, via=via), transaction.atomic():
        signal = _locked(user, signal_id)
        if signal.state != SignalState.OPEN:
            return signal
        signal.state = SignalState.ACKNOWLEDGED
        signal.acknowledged_at = timezone.now()
        signal.acknowledged_by = user
        signal.ack_note = note
        return _changed(
            signal,
            event="signal.acknowledged",
            via=via,
            before={"state": SignalState.OPEN},
            after={"state": signal.state, "acknowledged_by": user.username, "note": note},
        )


def _may_own_signals(user: User) -> bool:
    """Signals go to the home-office people who work them: active analysts and admins."""
    return user.is_active and (user.is_superuser or user.role in {Role.ANALYST, Role.ADMIN})


def signal_assign(*, user: User, signal_id: Any, assignee: User | None, via: str) -> Signal:
    """Give the signal to someone who can see it themselves (None: unassign)."""
    with acting_as(user, via=via), transaction.atomic():
        signal = _locked(user, signal_id)
        if assignee is not None and (
            assignee.role == Role.REP
            or not signals_visible_to(assignee).filter(pk=signal.pk).exists()
        ):
            raise DomainError(
                "assignee_out_of_scope",
                f"{assignee.username} cannot see this signal.",
            )
        if assignee is not None and not _may_own_signals(assignee):
            raise DomainError(
                "assignee_not_eligible",
                f"{assignee.username} cannot be assigned signals (active analysts and admins only).",
            )
        old = signal.assignee.username if signal.assignee else None
        new = assignee.username if assignee else None
        if old == new:
            return signal
        signal.assignee = assignee
        return _changed(
            signal,
            event="signal.assigned",
            via=via,
            before={"assignee": old},
            after={"assignee": new},
        )


def signal_resolve(*, user: User, signal_id: Any, via: str, note: str = "") -> Signal:
    """Close the signal (an open one counts as acknowledged too, by the same person). New
    evidence for its subject opens a new signal from now on."""
    with acting_as(user, via=via), transaction.atomic():
        signal = _locked(user, signal_id)
        if signal.state == SignalState.RESOLVED:
            return signal
        before = {"state": signal.state}
        now = timezone.now()
        if signal.state == SignalState.OPEN:
            signal.acknowledged_at, signal.acknowledged_by = now, user
        signal.state = SignalState.RESOLVED
        signal.resolved_at, signal.resolved_by, signal.resolution_note = now, user, note
        return _changed(
            signal,
            event="signal.resolved",
            via=via,
            before=before,
            after={"state": signal.state, "resolved_by": user.username, "note": note},
        )


def signal_reopen(*, user: User, signal_id: Any, via: str) -> Signal:
    """Undo a resolution: the signal is acknowledged again, and collects new evidence again —
    unless its subject already has a newer unresolved signal, which stays the one to update."""
    with acting_as(user, via=via), transaction.atomic():
        signal = _locked(user, signal_id)
        if signal.state != SignalState.RESOLVED:
            return signal
        newer = (
            Signal.objects.filter(group_key=signal.group_key)
            .exclude(state=SignalState.RESOLVED)
            .exists()
        )
        if newer:
            raise DomainError(
                "newer_signal_open",
                "A newer signal about the same subject is open; work on that one.",
            )
        signal.state = SignalState.ACKNOWLEDGED
        signal.resolved_at, signal.resolved_by = None, None
        return _changed(
            signal,
            event="signal.reopened",
            via=via,
            before={"state": SignalState.RESOLVED},
            after={"state": signal.state},
        )


def signals_escalate_overdue(*, now: dt.datetime | None = None, limit: int = 500) -> list[str]:
    """Escalate adverse-event signals nobody acknowledged by their due time: they move to the
    end of the feed with ``escalated_at`` set, and go out again as ``signal.escalated``.
    Safe to run twice at once: the conditional update lets one runner escalate each signal."""
    now = now or timezone.now()
    overdue = Signal.objects.filter(
        type=SignalType.ADVERSE_EVENT,
        state=SignalState.OPEN,
        due_at__lte=now,
        escalated_at__isnull=True,
    ).values_list("id", flat=True)[:limit]
    escalated = []
    for pk in list(overdue):
        with transaction.atomic():
            won = Signal.objects.filter(
                pk=pk, state=SignalState.OPEN, escalated_at__isnull=True
            ).update(escalated_at=now, revision=F("revision") + 1)
            if not won:
                continue
            signal = Signal.objects.get(pk=pk)
            signal_audit(
                signal=signal,
                event="signal.escalated",
                via="system",
                before={"escalated_at": None},
                after={"escalated_at": now.isoformat(), "due_at": signal.due_at.isoformat()}
                if signal.due_at
                else {"escalated_at": now.isoformat()},
            )
            signal_publish(signal=signal, event="signal.escalated")
        escalated.append(str(pk))
    if escalated:
        logger.warning("adverse-event signals escalated", extra={"count": len(escalated)})
    return escalated


def deliveries_redeliver(*, user: User | None, delivery_ids: list[int], via: str) -> list[int]:
    """Put dead (or delivered) deliveries back in the queue with a fresh attempt budget; each is
    audited on its signal."""
    with acting_as(user, via=via), transaction.atomic():
        qs = WebhookDelivery.objects.select_for_update().filter(
            pk__in=delivery_ids, status__in=[DeliveryStatus.DEAD, DeliveryStatus.DELIVERED]
        )
        rows = list(qs.select_related("signal"))
        ids = [d.pk for d in rows]
        WebhookDelivery.objects.filter(pk__in=ids).update(
            status=DeliveryStatus.PENDING,
            attempts=0,
            next_attempt_at=timezone.now(),
            dead_at=None,
            claimed_until=None,
        )
        for delivery in rows:
            signal_audit(
                signal=delivery.signal,
                event="signal.redelivered",
                via=via,
                before={"delivery": delivery.pk, "status": delivery.status},
                after={
                    "delivery": delivery.pk,
                    "status": DeliveryStatus.PENDING,
                    "webhook_event": delivery.event,
                },
            )
        if ids:
            transaction.on_commit(lambda: deliveries_dispatch(ids), robust=True)
    return ids
