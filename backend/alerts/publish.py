"""How a change of a signal leaves the building: one path for every change.

Inside the caller's transaction: the signal moves to the end of the cursor feed, one webhook
delivery per subscription is recorded for this revision, the reps whose notes are evidence get
it in their sync pull, and an audit row records who changed what through which channel. After
commit only: the deliveries are dispatched and the WebSocket streams are told.
"""

from collections import defaultdict
from typing import Any

from django.db import transaction

from backend.alerts.dispatch import deliveries_dispatch
from backend.alerts.events import signal_broadcast
from backend.alerts.feed import feed_position_assign
from backend.alerts.models import Signal
from backend.alerts.selectors import rep_alert_data
from backend.alerts.webhooks import deliveries_create
from backend.audit.services import audit_record
from backend.core.events import rep_alert_changed

# The channels an audited change of a signal can come through.
CHANNELS = ("web", "api", "admin", "system")


def rep_alerts(signal: Signal) -> None:
    """Tell each rep whose note is evidence, through their sync pull (same transaction: the
    sync app's receiver of ``rep_alert_changed`` appends it to the change log)."""
    by_rep: dict[int, list[str]] = defaultdict(list)
    for obs_id, rep_id in signal.evidence.values_list("observation_id", "observation__rep_id"):
        by_rep[rep_id].append(str(obs_id))
    rep_alert_changed.send(
        sender=Signal,
        alert_id=str(signal.pk),
        revision=signal.revision,
        per_rep={rep_id: rep_alert_data(signal, ids) for rep_id, ids in by_rep.items()},
    )


def signal_audit(
    *, signal: Signal, event: str, via: str, before: dict[str, Any], after: dict[str, Any]
) -> None:
    """One audit row per state change: raise, update, acknowledge, assign, resolve, reopen,
    escalate, redeliver; ``via`` is the real channel (web, api, admin, system)."""
    if via not in CHANNELS:
        raise ValueError(f"unknown channel {via!r}")
    audit_record(
        entity="alerts.signal",
        entity_id=signal.pk,
        action="create" if event == "signal.raised" else "update",
        before=before or None,
        after={"event": event, "revision": signal.revision, **after},
        via=via,
    )


def signal_publish(*, signal: Signal, event: str, webhooks: bool = True) -> None:
    """Put this revision of the signal in the feed, the webhooks and the reps' pulls now, and
    on the WebSocket streams after commit. Call inside the transaction that changed it."""
    if signal.last_event != event:
        signal.last_event = event
        Signal.objects.filter(pk=signal.pk).update(last_event=event)
    feed_position_assign([str(signal.pk)])
    delivery_ids = deliveries_create(signal=signal, event=event) if webhooks else []
    rep_alerts(signal)
    signal_id = str(signal.pk)

    def after_commit() -> None:
        # Webhooks first: they have one more hop (a worker) to go than the stream.
        deliveries_dispatch(delivery_ids)
        signal_broadcast(signal_id=signal_id, event=event)

    transaction.on_commit(after_commit, robust=True)
