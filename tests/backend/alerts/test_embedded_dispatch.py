"""Embedded mode: a slow webhook receiver never holds the request that raised the signal."""

import threading
import time

import pytest

from backend.alerts.loop import embedded_loop_start, embedded_loop_stop
from backend.alerts.models import WebhookDelivery
from backend.alerts.rule_services import rule_create
from backend.alerts.webhooks import subscription_create
from tests.backend.alerts.helpers import evaluate, tagged_note
from tests.backend.alerts.receiver import Receiver

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("audit_rows_cleared_after"),
]


def _wait_for(predicate, limit=20.0):
    deadline = time.monotonic() + limit
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


def test_the_background_thread_delivers_while_the_raising_call_has_returned(world, settings):
    settings.ALERTS_WEBHOOK_DISPATCH = "thread"
    embedded_loop_start()  # what manage.py serve does in the embedded mode
    release = threading.Event()
    rule_create(name="AE", kind="adverse_event")
    # A receiver that hangs until the test lets it answer
    with Receiver(on_accept=lambda event: release.wait(30)) as receiver:
        receiver.secret = subscription_create(
            owner=world.orchestrator, url=receiver.url, types=[]
        ).secret
        try:
            # When a note raises a signal (the request thread's work)...
            raised = evaluate(tagged_note(world.alice, "rash", labels=("adverse_event",)))
            # ...it has returned while the receiver is still holding the delivery
            assert len(raised) == 1
            assert _wait_for(lambda: receiver.calls == 1)
            assert WebhookDelivery.objects.get().status == "delivering"

            release.set()
            assert _wait_for(lambda: WebhookDelivery.objects.filter(status="delivered").exists())
        finally:
            release.set()
            embedded_loop_stop()
    assert len(receiver.accepted) == 1
