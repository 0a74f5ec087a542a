"""Pushing signal events to open WebSocket streams (``/ws/signals``).

Each stream joins one group: ``signals.all`` for the orchestration engine and admins, or its
user's own group for analysts and reps. The scoping happens here, once per event, so that a
consumer only forwards what it receives.
"""

import logging
from typing import Any

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

from backend.accounts.models import Role, User
from backend.alerts.models import Signal
from backend.alerts.selectors import signal_get, signal_payload, visible_evidence_ids

logger = logging.getLogger(__name__)

ALL_GROUP = "signals.all"
MESSAGE_TYPE = "signal.event"


def user_group(user_id: int) -> str:
    return f"signals.user.{user_id}"


def _scoped_recipients(signal: Signal) -> list[User]:
    """Reps whose notes are evidence, and analysts, who each may see part of this signal."""
    rep_ids = set(signal.evidence.values_list("observation__rep_id", flat=True))
    return list(
        User.objects.filter(is_active=True, is_superuser=False).filter(
            id__in=rep_ids, role=Role.REP
        )
    ) + list(User.objects.filter(is_active=True, is_superuser=False, role=Role.ANALYST))


async def _send_all(layer: Any, event: str, sends: list[tuple[str, dict[str, Any]]]) -> None:
    # One event loop for all groups: on Redis each loop opens its own connection.
    for group, payload in sends:
        await layer.group_send(group, {"type": MESSAGE_TYPE, "event": event, "signal": payload})


def signal_broadcast(*, signal_id: str, event: str) -> None:
    """Send one signal event to every stream that may see it. Never raises: the stream is a
    convenience; the feed and webhooks are the record."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        admin = User(role=Role.ADMIN)
        signal = signal_get(user=admin, signal_id=signal_id)
        if signal is None:
            return
        sends: list[tuple[str, dict[str, Any]]] = [(ALL_GROUP, signal_payload(signal))]
        for user in _scoped_recipients(signal):
            visible = visible_evidence_ids(user, [signal])
            if visible:
                sends.append((user_group(user.pk), signal_payload(signal, visible=visible)))
        async_to_sync(_send_all)(layer, event, sends)
    except Exception:
        logger.exception("signal broadcast failed", extra={"signal": signal_id, "event": event})
