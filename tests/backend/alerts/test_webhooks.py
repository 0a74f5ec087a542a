"""Webhooks: signed, retried with backoff, dead-lettered, redelivered, once per dedupe key."""

import base64
import datetime as dt

import pytest
from django.utils import timezone
from standardwebhooks import Webhook, WebhookVerificationError

from backend.alerts.models import WebhookDelivery
from backend.alerts.rule_services import rule_create
from backend.alerts.signal_services import signals_escalate_overdue
from backend.alerts.signing import secret_new, signed_headers
from backend.alerts.webhooks import backoff, deliveries_send_due
from tests.backend.alerts.helpers import evaluate, tagged_note
from tests.backend.alerts.receiver import Receiver


@pytest.fixture
def ae_rule(world):
    return rule_create(name="AE", kind="adverse_event")


def _subscribe(api, url, types=()):
    answer = api("orchestrator").post(
        "/api/v1/webhooks", {"url": url, "types": list(types)}, format="json"
    )
    assert answer.status_code == 201
    return answer.json()


def _raise(world, n=1):
    return [
        evaluate(tagged_note(world.alice, f"rash {i}", labels=("adverse_event",)))[0]
        for i in range(n)
    ]


def test_signatures_follow_standard_webhooks_and_expire():
    secret = secret_new()
    assert secret.startswith("whsec_") and len(base64.b64decode(secret[6:])) == 24
    body = b'{"event":"signal.raised"}'
    now = timezone.now()
    headers = signed_headers(secret=secret, msg_id="msg_1", body=body, at=now)

    assert headers["webhook-signature"].startswith("v1,")
    assert Webhook(secret).verify(body, headers) == {"event": "signal.raised"}
    with pytest.raises(WebhookVerificationError):
        Webhook(secret_new()).verify(body, headers)
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body + b" ", headers)
    with pytest.raises(WebhookVerificationError):  # the id is signed too
        Webhook(secret).verify(body, {**headers, "webhook-id": "msg_2"})
    old = signed_headers(secret=secret, msg_id="msg_1", body=body, at=now - dt.timedelta(hours=1))
    with pytest.raises(WebhookVerificationError):
        Webhook(secret).verify(body, old)


def test_only_the_engine_and_admins_subscribe_and_the_secret_is_shown_once(world, api):
    assert (
        api("carol")
        .post("/api/v1/webhooks", {"url": "http://127.0.0.1:1/x"}, format="json")
        .status_code
        == 403
    )
    created = _subscribe(api, "http://127.0.0.1:1/x")
    assert created["secret"].startswith("whsec_")
    listed = api("orchestrator").get("/api/v1/webhooks").json()["webhooks"]
    assert [w["id"] for w in listed] == [created["id"]] and "secret" not in listed[0]


def test_a_signed_delivery_reaches_the_receiver(world, api, ae_rule):
    with Receiver() as receiver:
        receiver.secret = _subscribe(api, receiver.url)["secret"]
        signal = _raise(world)[0]

        assert deliveries_send_due() == 1

    assert receiver.refused_signatures == 0
    [event] = receiver.accepted
    assert event["event"] == "signal.raised"
    assert event["signal"]["id"] == str(signal.pk)
    assert event["signal"]["dedupe_key"] == signal.dedupe_key
    assert WebhookDelivery.objects.get().status == "delivered"


def test_type_filter_and_inactive_subscriptions(world, api, ae_rule):
    _subscribe(api, "http://127.0.0.1:1/stale-only", types=["stale_content"])
    gone = _subscribe(api, "http://127.0.0.1:1/gone")
    api("orchestrator").delete(f"/api/v1/webhooks/{gone['id']}")
    _raise(world)
    assert not WebhookDelivery.objects.exists()


def test_a_receiver_that_fails_then_recovers_gets_every_signal_once(world, api, ae_rule):
    with Receiver() as receiver:
        receiver.secret = _subscribe(api, receiver.url)["secret"]
        receiver.failing = True
        signals = _raise(world, 3)
        now = timezone.now()

        # While it fails, each delivery is retried later and later
        assert deliveries_send_due(now=now) == 3
        assert deliveries_send_due(now=now) == 0  # not due again yet
        waits = []
        for attempt in range(1, 4):
            now += backoff(attempt) + dt.timedelta(seconds=1)
            waits.append(backoff(attempt))
            assert deliveries_send_due(now=now) == 3
        assert waits == sorted(waits) and waits[0] < waits[-1]
        row = WebhookDelivery.objects.first()
        assert row.status == "pending" and row.attempts == 4 and "503" in row.last_error

        # When it is back, everything arrives; a signal raised again under the same key is
        # not sent again.
        receiver.failing = False
        now += backoff(4) + dt.timedelta(seconds=1)
        assert deliveries_send_due(now=now) == 3
        evaluate(signals[0].evidence.get().observation)
        assert deliveries_send_due(now=now + dt.timedelta(days=1)) == 0

    keys = [e["signal"]["dedupe_key"] for e in receiver.accepted]
    assert sorted(keys) == sorted(s.dedupe_key for s in signals)
    assert set(WebhookDelivery.objects.values_list("status", flat=True)) == {"delivered"}


def test_dead_letter_after_the_limit_then_admin_redelivers(world, api, ae_rule, settings):
    settings.ALERTS_WEBHOOK_MAX_ATTEMPTS = 3
    with Receiver() as receiver:
        receiver.secret = _subscribe(api, receiver.url)["secret"]
        receiver.failing = True
        _raise(world)
        now = timezone.now()
        for _ in range(5):
            deliveries_send_due(now=now)
            now += dt.timedelta(days=1)
        delivery = WebhookDelivery.objects.get()
        assert delivery.status == "dead" and delivery.attempts == 3
        dead = (
            api("orchestrator")
            .get(f"/api/v1/webhooks/{delivery.subscription_id}/deliveries", {"status": "dead"})
            .json()["deliveries"]
        )
        assert [d["id"] for d in dead] == [delivery.pk]

        receiver.failing = False
        url = f"/api/v1/webhook-deliveries/{delivery.pk}/redeliver"
        assert api("orchestrator").post(url).status_code == 403
        assert api("admin").post(url).status_code == 202
        assert deliveries_send_due() == 1

    delivery.refresh_from_db()
    assert delivery.status == "delivered" and len(receiver.accepted) == 1
    assert api("admin").post(url.replace(str(delivery.pk), "999999")).status_code == 404


def test_a_delivery_claimed_by_a_worker_that_died_is_taken_over(world, api, ae_rule):
    with Receiver() as receiver:
        receiver.secret = _subscribe(api, receiver.url)["secret"]
        _raise(world)
        # A worker claimed it and vanished (no outcome recorded)
        WebhookDelivery.objects.update(
            status="delivering", attempts=1, claimed_until=timezone.now() - dt.timedelta(seconds=1)
        )
        assert deliveries_send_due() == 1
    assert len(receiver.accepted) == 1
    assert WebhookDelivery.objects.get().status == "delivered"


def test_a_receiver_that_checks_signatures_refuses_a_wrong_secret(world, api, ae_rule):
    with Receiver(secret="whsec_not_the_one") as receiver:
        _subscribe(api, receiver.url)
        _raise(world)
        deliveries_send_due()
    assert receiver.refused_signatures == 1 and receiver.accepted == []
    assert WebhookDelivery.objects.get().last_status_code == 401


def test_every_event_type_arrives_signed_per_standard_webhooks(world, api, ae_rule):
    # Given a subscriber that verifies with the Standard Webhooks reference library
    rule_create(
        name="Price",
        kind="objection_threshold",
        params={"labels": ["objection_price"], "min_count": 1, "window_days": 7},
    )
    with Receiver() as receiver:
        receiver.secret = _subscribe(api, receiver.url)["secret"]
        # When a signal is raised, updated by more evidence, acknowledged, and another escalated
        price = [
            evaluate(
                tagged_note(
                    world.alice, "copay", labels=("objection_price",), products=(world.own,)
                )
            )
            for _ in range(2)
        ]
        acked, overdue = _raise(world, 2)
        assert api("orchestrator").post(f"/api/v1/signals/{acked.pk}/ack").status_code == 200
        signals_escalate_overdue(now=timezone.now() + dt.timedelta(days=2))
        deliveries_send_due()

    # Then every delivery verified, with the spec's headers and one event type each
    assert price[0] and receiver.refused_signatures == 0
    kinds = sorted((e["type"], e["signal"]["id"]) for e in receiver.accepted)
    assert sorted({k for k, _ in kinds}) == [
        "signal.acknowledged", "signal.escalated", "signal.raised", "signal.updated",
    ]  # fmt: skip
    assert ("signal.acknowledged", str(acked.pk)) in kinds
    assert ("signal.escalated", str(overdue.pk)) in kinds
    for headers, event in zip(receiver.headers, receiver.accepted, strict=True):
        assert headers["webhook-id"] == f"msg_fieldsignal_{event['delivery_id']}"
        assert headers["webhook-signature"].startswith("v1,")
        assert event["event"] == event["type"]
    assert not any(k.startswith("x-fieldsignal") for h in receiver.headers for k in h)
