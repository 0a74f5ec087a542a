"""Alerts inbox: scope, acknowledge, assign, resolve, evidence one click away."""

from typing import Any

import pytest

from backend.alerts.models import Signal
from backend.audit.models import AuditEvent
from backend.insights.trends import label_trends
from tests.backend.insights.alert_helpers import make_signal
from tests.backend.insights.helpers import tagged

pytestmark = pytest.mark.django_db


def _north_and_south(world: Any) -> tuple[Signal, Signal, Any]:
    north_note = tagged(world.alice, "copay", labels={"objection_price": 0.9})
    south_note = tagged(world.bob, "copay south", labels={"objection_price": 0.9})
    return make_signal([north_note]), make_signal([south_note], title="South only"), north_note


def test_inbox_lists_signals_with_evidence_in_scope_only(client: Any, world: Any) -> None:
    north, south, note = _north_and_south(world)
    client.force_login(world.carol)
    html = client.get("/alerts/").content.decode()
    assert f'id="alert-{north.pk}"' in html
    assert str(south.pk) not in html and "South only" not in html
    assert f"/observations/{note.pk}/" in html  # evidence one click away
    assert client.get(f"/alerts/{south.pk}/").status_code == 404
    assert client.post(f"/alerts/{south.pk}/act", {"action": "ack"}).status_code == 404
    assert Signal.objects.get(pk=south.pk).state == "open"


def test_acknowledge_assign_and_resolve(client: Any, world: Any) -> None:
    north, _, _ = _north_and_south(world)
    client.force_login(world.carol)
    # Acknowledge
    client.post(f"/alerts/{north.pk}/act", {"action": "ack"})
    north.refresh_from_db()
    assert north.state == "acknowledged" and north.acknowledged_by == world.carol
    # Assign to me
    client.post(f"/alerts/{north.pk}/act", {"action": "assign", "assignee": "me"})
    north.refresh_from_db()
    assert north.assignee == world.carol
    mine = client.get("/alerts/?status=all&mine=1").content.decode()
    assert f'id="alert-{north.pk}"' in mine
    # Resolve: it leaves the acknowledged list and shows under resolved
    response = client.post(f"/alerts/{north.pk}/act", {"action": "resolve"}, follow=True)
    assert "Alert resolved." in response.content.decode()
    assert str(north.pk) not in client.get("/alerts/?status=acknowledged").content.decode()
    assert f'id="alert-{north.pk}"' in client.get("/alerts/?status=resolved").content.decode()
    audited = AuditEvent.objects.filter(entity="alerts.signal", entity_id=str(north.pk))
    events = [(e.after["event"], e.actor_username, e.via) for e in audited.order_by("id")]
    assert events == [
        ("signal.acknowledged", "carol", "web"),
        ("signal.assigned", "carol", "web"),
        ("signal.resolved", "carol", "web"),
    ]


def test_cannot_assign_to_someone_who_cannot_see_the_alert(client: Any, world: Any) -> None:
    north, _, _ = _north_and_south(world)
    client.force_login(world.carol)
    response = client.post(
        f"/alerts/{north.pk}/act", {"action": "assign", "assignee": str(world.bob.pk)}, follow=True
    )
    assert "cannot see this signal" in response.content.decode()
    north.refresh_from_db()
    assert north.assignee is None


def test_alert_page_shows_only_evidence_notes_in_scope(client: Any, world: Any) -> None:
    north_note = tagged(world.alice, "north copay", labels={"objection_price": 0.9})
    south_note = tagged(world.bob, "south copay", labels={"objection_price": 0.9})
    signal = make_signal([north_note, south_note])
    client.force_login(world.carol)
    html = client.get(f"/alerts/{signal.pk}/").content.decode()
    assert f'id="obs-{north_note.pk}"' in html
    assert str(south_note.pk) not in html and "south copay" not in html


def test_observation_page_lists_the_alerts_it_took_part_in(client: Any, world: Any) -> None:
    north, _, note = _north_and_south(world)
    client.force_login(world.carol)
    html = client.get(f"/observations/{note.pk}/").content.decode()
    assert f"/alerts/{north.pk}/" in html


def test_trends_mark_the_spikes_rules_flagged(client: Any, world: Any) -> None:
    note = tagged(world.alice, "copay", labels={"objection_price": 0.9})
    spike = make_signal([note], type="objection_spike", territory=world.north)
    data = label_trends(world.carol, product_id=None, territory_id=None, days=30, bucket="day")
    price = next(s for s in data.series if s.label == "objection_price")
    assert [m.alert_id for _, m in price.markers] == [str(spike.pk)]
    client.force_login(world.carol)
    html = client.get("/trends/?days=30&bucket=day").content.decode()
    assert f'href="/alerts/{spike.pk}/"' in html
