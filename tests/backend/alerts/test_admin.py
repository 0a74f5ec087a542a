"""Home office in the Django admin: rules versioned on save, dead letters redelivered."""

import pytest
from django.test import Client
from django.utils import timezone

from backend.alerts.models import Rule, WebhookDelivery
from backend.alerts.rule_services import rule_create
from backend.alerts.webhooks import subscription_create
from tests.backend.alerts.helpers import evaluate, tagged_note


@pytest.fixture
def admin_client_for(world):
    client = Client()
    client.force_login(world.admin)
    return client


def _rule_form(**overrides):
    form = {
        "name": "price",
        "kind": "objection_threshold",
        "params": '{"labels": ["objection_price"], "min_count": 4}',
        "enabled": "on",
        "versions-TOTAL_FORMS": "0",
        "versions-INITIAL_FORMS": "0",
        "versions-MIN_NUM_FORMS": "0",
        "versions-MAX_NUM_FORMS": "1000",
    }
    form.update(overrides)
    return form


def test_saving_a_rule_in_the_admin_records_versions(world, admin_client_for):
    added = admin_client_for.post("/admin/alerts/rule/add/", _rule_form())
    assert added.status_code == 302, added.content[:2000]
    rule = Rule.objects.get()
    assert rule.version == 1 and rule.params["min_count"] == 4 and rule.params["window_days"] == 7

    admin_client_for.post(
        f"/admin/alerts/rule/{rule.pk}/change/",
        _rule_form(params='{"labels": ["objection_price"], "min_count": 6}'),
    )
    admin_client_for.post(
        f"/admin/alerts/rule/{rule.pk}/change/",
        _rule_form(params='{"labels": ["objection_price"], "min_count": 6}'),
    )
    rule.refresh_from_db()
    assert rule.version == 2
    assert list(rule.versions.values_list("version", flat=True)) == [1, 2]


def test_the_admin_refuses_bad_params_and_kind_changes(world, admin_client_for):
    bad = admin_client_for.post("/admin/alerts/rule/add/", _rule_form(params='{"colour": 1}'))
    assert bad.status_code == 200 and b"Unknown params" in bad.content
    rule = rule_create(name="ae", kind="adverse_event")
    changed = admin_client_for.post(
        f"/admin/alerts/rule/{rule.pk}/change/",
        _rule_form(kind="adverse_event", params="{}", name="x"),
    )
    assert changed.status_code == 302
    moved = admin_client_for.post(
        f"/admin/alerts/rule/{rule.pk}/change/", _rule_form(kind="objection_threshold")
    )
    assert moved.status_code == 200 and b"kind cannot change" in moved.content


def test_admin_pages_render_and_redeliver_action(world, admin_client_for):
    rule_create(name="ae", kind="adverse_event")
    subscription_create(owner=world.orchestrator, url="http://127.0.0.1:9/x", types=[])
    signal = evaluate(tagged_note(world.alice, "rash", labels=("adverse_event",)))[0]
    WebhookDelivery.objects.update(status="dead", attempts=8, dead_at=timezone.now())
    for page in (
        "/admin/alerts/rule/",
        "/admin/alerts/signal/",
        f"/admin/alerts/signal/{signal.pk}/change/",
        "/admin/alerts/webhookdelivery/",
        "/admin/alerts/webhooksubscription/",
    ):
        assert admin_client_for.get(page).status_code == 200, page

    delivery = WebhookDelivery.objects.get()
    admin_client_for.post(
        "/admin/alerts/webhookdelivery/", {"action": "redeliver", "_selected_action": [delivery.pk]}
    )
    delivery.refresh_from_db()
    assert delivery.status == "pending" and delivery.attempts == 0
