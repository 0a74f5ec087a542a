"""Signals are a safety record: never deleted (app, admin or SQL), every change audited with
the channel it came through."""

import datetime as dt

import pytest
from django.db import DatabaseError, connection, transaction
from django.test import Client

from backend.alerts.models import Signal, SignalObservation, WebhookDelivery
from backend.alerts.rule_services import rule_create
from backend.alerts.signal_services import signals_escalate_overdue
from backend.alerts.webhooks import deliveries_send_due, subscription_create
from backend.audit.models import AuditEvent
from tests.backend.alerts.helpers import evaluate, tagged_note


@pytest.fixture
def ae_signal(world):
    rule_create(name="AE", kind="adverse_event")
    return evaluate(tagged_note(world.alice, "pt got hives", labels=("adverse_event",)))[0]


def _refused(sql, params):
    # A savepoint, so that on PostgreSQL the refused statement does not spoil the test's
    # transaction; the same code exercises the SQLite and the PostgreSQL trigger.
    with pytest.raises(DatabaseError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql, params)


def test_the_database_refuses_to_delete_signals_and_their_evidence(world, ae_signal):
    pk = Signal._meta.pk.get_db_prep_value(ae_signal.pk, connection)  # hex on SQLite, uuid on PG
    _refused("DELETE FROM alerts_signal WHERE id = %s", [pk])
    _refused("DELETE FROM alerts_signal", [])
    _refused("DELETE FROM alerts_signalobservation WHERE signal_id = %s", [pk])
    with pytest.raises(DatabaseError), transaction.atomic():
        Signal.objects.filter(pk=ae_signal.pk).delete()
    assert Signal.objects.filter(pk=ae_signal.pk).exists()
    assert SignalObservation.objects.filter(signal=ae_signal).count() == 1


def test_the_admin_offers_no_delete(world, ae_signal):
    client = Client()
    client.force_login(world.admin)
    assert client.get(f"/admin/alerts/signal/{ae_signal.pk}/delete/").status_code == 403
    listing = client.get("/admin/alerts/signal/").content.decode()
    assert "delete_selected" not in listing
    answer = client.post(
        "/admin/alerts/signal/",
        {"action": "delete_selected", "_selected_action": [str(ae_signal.pk)], "post": "yes"},
    )
    assert answer.status_code in (200, 302)
    assert Signal.objects.filter(pk=ae_signal.pk).exists()


def _trail(signal):
    return [
        (e.after["event"], e.via, e.actor_username)
        for e in AuditEvent.objects.filter(
            entity="alerts.signal", entity_id=str(signal.pk)
        ).order_by("id")
    ]


def test_every_state_change_is_audited_with_its_channel(world, api, ae_signal):
    # raised by the rules (system); acknowledged in the admin; assigned and resolved over the API
    client = Client()
    client.force_login(world.admin)
    client.post(
        "/admin/alerts/signal/",
        {"action": "acknowledge", "_selected_action": [str(ae_signal.pk)]},
    )
    assert (
        api("carol")
        .post(f"/api/v1/signals/{ae_signal.pk}/assign", {"assignee": "carol"}, format="json")
        .json()["assignee"]
        == "carol"
    )
    resolved = api("orchestrator").post(
        f"/api/v1/signals/{ae_signal.pk}/resolve", {}, format="json"
    )
    assert resolved.json()["state"] == "resolved"

    assert _trail(ae_signal) == [
        ("signal.raised", "system", ""),
        ("signal.acknowledged", "admin", "root"),
        ("signal.assigned", "api", "carol"),
        ("signal.resolved", "api", "orc"),
    ]


def test_escalation_and_redelivery_are_audited(world, api, ae_signal):
    subscription_create(owner=world.orchestrator, url="http://127.0.0.1:1/down", types=[])
    signals_escalate_overdue(now=ae_signal.due_at + dt.timedelta(minutes=1))
    delivery = WebhookDelivery.objects.get()
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="dead")
    assert (
        api("admin").post(f"/api/v1/webhook-deliveries/{delivery.pk}/redeliver").status_code == 202
    )
    client = Client()
    client.force_login(world.admin)
    WebhookDelivery.objects.filter(pk=delivery.pk).update(status="dead")
    client.post(
        "/admin/alerts/webhookdelivery/",
        {"action": "redeliver", "_selected_action": [str(delivery.pk)]},
    )
    assert deliveries_send_due() >= 1  # the endpoint is down: still queued, not lost

    assert _trail(ae_signal)[1:] == [
        ("signal.escalated", "system", ""),
        ("signal.redelivered", "api", "root"),
        ("signal.redelivered", "admin", "root"),
    ]
