"""Webhook deliveries: rows created with the signal, sent by whoever claims them first.

A delivery is claimed with a conditional UPDATE (pending and due, or claimed by a worker whose
lease ran out), so any number of Celery workers, the embedded thread and the management-command
loop can run at once and each delivery is attempted by one of them at a time. Failures retry with
exponential backoff recorded on the row; after ``max_attempts`` the delivery is dead-lettered
until an admin redelivers it. A receiver gets each event of each signal revision once when it answers 2xx
(at-least-once: a timeout after the receiver processed it means one more try, so receivers
dedupe on the ``webhook-id`` header, or keep the highest ``revision`` seen per signal id).
The body carries the signal as it is when sent: a delivery of an older revision may carry a
newer state, never an older one. Redelivery is ``signal_services.deliveries_redeliver``.
"""

import datetime as dt
import json
import logging
import os
from urllib.parse import urlsplit

import httpx
from django.db.models import F, Q
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.alerts import conf
from backend.alerts.models import DeliveryStatus, Signal, WebhookDelivery, WebhookSubscription
from backend.alerts.selectors import signal_get, signal_payload
from backend.alerts.signing import message_id, secret_new, signed_headers
from backend.alerts.webhook_urls import WebhookUrlRefused, webhook_target

logger = logging.getLogger(__name__)
_ERROR_CHARS = 500


def subscription_create(
    *, owner: User, url: str, types: list[str], description: str = ""
) -> WebhookSubscription:
    """A new subscription with a fresh signing secret; ``WebhookUrlRefused`` for a URL that
    is not http(s) or that reaches a private, loopback, link-local or metadata address."""
    webhook_target(url)
    return WebhookSubscription.objects.create(
        owner=owner,
        url=url,
        types=sorted(set(types)),
        description=description,
        secret=secret_new(),
    )


def subscription_deactivate(*, subscription: WebhookSubscription) -> None:
    """Stop sending to it; deliveries not yet sent are dropped when next claimed."""
    WebhookSubscription.objects.filter(pk=subscription.pk).update(active=False)


def deliveries_create(*, signal: Signal, event: str) -> list[int]:
    """One pending delivery per active subscription that wants this signal type (in the caller's
    transaction), about the signal's current revision. A repeat for the same (subscription,
    signal, event, revision) adds nothing."""
    now = timezone.now()
    subscriptions = [
        sub
        for sub in WebhookSubscription.objects.filter(active=True)
        if not sub.types or signal.type in sub.types
    ]
    WebhookDelivery.objects.bulk_create(
        [
            WebhookDelivery(
                subscription=sub,
                signal=signal,
                event=event,
                revision=signal.revision,
                next_attempt_at=now,
            )
            for sub in subscriptions
        ],
        ignore_conflicts=True,
    )
    return list(
        WebhookDelivery.objects.filter(
            signal=signal, event=event, revision=signal.revision, status=DeliveryStatus.PENDING
        ).values_list("id", flat=True)
    )


def backoff(attempts: int) -> dt.timedelta:
    """Wait before the next try after ``attempts`` failures: base × 2^(n-1), capped."""
    seconds = conf.backoff_base_seconds() * 2 ** max(attempts - 1, 0)
    return dt.timedelta(seconds=min(seconds, conf.backoff_max_seconds()))


def _claimable(now: dt.datetime) -> Q:
    pending = Q(status=DeliveryStatus.PENDING, next_attempt_at__lte=now)
    abandoned = Q(status=DeliveryStatus.DELIVERING, claimed_until__lt=now)
    return pending | abandoned


def delivery_claim(*, delivery_id: int, now: dt.datetime | None = None) -> bool:
    """Take one delivery for an attempt; False when it is not due or someone else has it."""
    now = now or timezone.now()
    claimed = WebhookDelivery.objects.filter(_claimable(now), pk=delivery_id).update(
        status=DeliveryStatus.DELIVERING,
        claimed_until=now + dt.timedelta(seconds=conf.lease_seconds()),
        attempts=F("attempts") + 1,
    )
    return claimed == 1


def _body(delivery: WebhookDelivery) -> bytes:
    signal = signal_get(user=User(role=Role.ORCHESTRATOR), signal_id=delivery.signal_id)
    assert signal is not None
    envelope = {
        "type": delivery.event,  # Standard Webhooks' name for it; "event" is kept for v1 readers
        "timestamp": delivery.created_at.isoformat(),
        "event": delivery.event,
        "delivery_id": delivery.pk,
        "revision": delivery.revision,
        "signal": signal_payload(signal),
    }
    return json.dumps(envelope, separators=(",", ":"), sort_keys=True).encode()


_clients: dict[int, httpx.Client] = {}


def _http() -> httpx.Client:
    """One pooled client per process (made after a worker forks): a new client per delivery
    builds a TLS context and a connection each time, most of a localhost delivery's cost."""
    pid = os.getpid()
    client = _clients.get(pid)
    if client is None:
        client = _clients[pid] = httpx.Client(follow_redirects=False)
    return client


def _post(delivery: WebhookDelivery, body: bytes) -> tuple[int | None, str]:
    headers = {
        "Content-Type": "application/json",
        "User-Agent": "FieldSignal-Webhooks/1",
        **signed_headers(
            secret=delivery.subscription.secret,
            msg_id=message_id(delivery.pk),
            body=body,
            at=timezone.now(),
        ),
    }
    try:
        # Checked again now, after DNS resolution, and the request goes to the checked address.
        target = webhook_target(delivery.subscription.url)
    except WebhookUrlRefused as exc:
        return None, f"refused: {exc.message}"[:_ERROR_CHARS]
    try:
        response = _http().post(
            target.url,
            content=body,
            headers={**headers, "Host": target.host},
            timeout=conf.timeout_seconds(),
            extensions={"sni_hostname": urlsplit(delivery.subscription.url).hostname or ""},
        )
    except httpx.HTTPError as exc:
        return None, f"{type(exc).__name__}: {exc}"[:_ERROR_CHARS]
    if 200 <= response.status_code < 300:
        return response.status_code, ""
    return response.status_code, f"HTTP {response.status_code}: {response.text}"[:_ERROR_CHARS]


def delivery_attempt(*, delivery_id: int, now: dt.datetime | None = None) -> str | None:
    """Claim and send one delivery; record the outcome. Returns the new status, or None when
    the delivery was not ours to send (not due, or claimed by another worker)."""
    now = now or timezone.now()
    if not delivery_claim(delivery_id=delivery_id, now=now):
        return None
    delivery = WebhookDelivery.objects.select_related("subscription").get(pk=delivery_id)
    if not delivery.subscription.active:
        status, error = None, "subscription inactive"
    else:
        status, error = _post(delivery, _body(delivery))
    return _record(delivery, status, error, now)


def _record(delivery: WebhookDelivery, status: int | None, error: str, now: dt.datetime) -> str:
    # Only the claim we made may record its outcome: a worker whose lease ran out and was
    # re-claimed by another must not overwrite the newer attempt.
    mine = WebhookDelivery.objects.filter(
        pk=delivery.pk, status=DeliveryStatus.DELIVERING, attempts=delivery.attempts
    )
    if not error:
        outcome = DeliveryStatus.DELIVERED
        mine.update(
            status=outcome,
            delivered_at=now,
            last_status_code=status,
            last_error="",
            claimed_until=None,
        )
    elif delivery.attempts >= conf.max_attempts():
        outcome = DeliveryStatus.DEAD
        mine.update(
            status=outcome,
            dead_at=now,
            last_status_code=status,
            last_error=error,
            claimed_until=None,
        )
        logger.warning(
            "webhook delivery dead-lettered",
            extra={"delivery": delivery.pk, "attempts": delivery.attempts},
        )
    else:
        outcome = DeliveryStatus.PENDING
        mine.update(
            status=outcome,
            next_attempt_at=now + backoff(delivery.attempts),
            last_status_code=status,
            last_error=error,
            claimed_until=None,
        )
    return outcome


def deliveries_due(*, now: dt.datetime | None = None, limit: int = 100) -> list[int]:
    now = now or timezone.now()
    return list(
        WebhookDelivery.objects.filter(_claimable(now))
        .order_by("next_attempt_at", "id")
        .values_list("id", flat=True)[:limit]
    )


def deliveries_send_due(*, now: dt.datetime | None = None, limit: int = 100) -> int:
    """Attempt every due delivery (up to ``limit``); returns how many were attempted."""
    attempted = 0
    for delivery_id in deliveries_due(now=now, limit=limit):
        attempted += delivery_attempt(delivery_id=delivery_id, now=now) is not None
    return attempted


def next_due_at() -> dt.datetime | None:
    row = (
        WebhookDelivery.objects.filter(status=DeliveryStatus.PENDING)
        .order_by("next_attempt_at")
        .values_list("next_attempt_at", flat=True)
        .first()
    )
    return row
