"""Alerts inbox: scope, acknowledge, assign, resolve, evidence one click away."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

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


def test_the_inbox_puts_safety_apart_then_orders_by_severity_and_recency(
    client: Any, world: Any
) -> None:
    now = timezone.now()
    notes = [tagged(world.alice, f"note {i}", labels={"objection_price": 0.9}) for i in range(4)]
    old_high = make_signal(
        [notes[0]], title="Old high", severity="high", last_seen=now - dt.timedelta(days=2)
    )
    new_warning = make_signal([notes[1]], title="New warning", severity="warning", last_seen=now)
    new_high = make_signal([notes[2]], title="New high", severity="high", last_seen=now)
    safety = make_signal(
        [notes[3]],
        type="adverse_event",
        label="adverse_event",
        title="Possible adverse event",
        severity="critical",
        due_at=now + dt.timedelta(hours=5, minutes=30),
        last_seen=now,
    )
    client.force_login(world.carol)
    html = client.get("/alerts/").content.decode()

    # Safety first, in its own box, with the time left on its clock
    box = html.split('class="safety-box"')[1].split("</section>")[0]
    assert f'id="alert-{safety.pk}"' in box
    assert "5 h 29 min left" in box or "5 h 30 min left" in box
    # The rest: severity, then most recently seen
    order = [html.index(f'id="alert-{s.pk}"') for s in (new_high, old_high, new_warning)]
    assert order == sorted(order) and html.index(f'id="alert-{safety.pk}"') < order[0]
    # Counts per type on top
    assert 'data-type="objection">Objection <b>3</b>' in html
    assert 'data-type="adverse_event">Adverse event <b>1</b>' in html


def test_the_inbox_filters_by_type_state_product_and_territory(client: Any, world: Any) -> None:
    mine = tagged(world.alice, "copay", labels={"objection_price": 0.9})
    other = tagged(world.alice, "copay again", labels={"objection_price": 0.9})
    own = make_signal([mine], title="On own", product=world.own, territory=world.north)
    rival = make_signal([other], title="On rival", product=world.rival, territory=world.north)
    client.force_login(world.carol)

    html = client.get(f"/alerts/?product={world.own.pk}").content.decode()
    assert f'id="alert-{own.pk}"' in html and f'id="alert-{rival.pk}"' not in html
    html = client.get(f"/alerts/?territory={world.south.pk}").content.decode()
    assert f'id="alert-{own.pk}"' not in html
    html = client.get("/alerts/?type=adverse_event").content.decode()
    assert f'id="alert-{own.pk}"' not in html
    client.post(f"/alerts/{own.pk}/act", {"action": "resolve"})
    assert f'id="alert-{own.pk}"' not in client.get("/alerts/").content.decode()
    assert f'id="alert-{own.pk}"' in client.get("/alerts/?status=resolved").content.decode()
    # The live part the page re-renders carries the same filters
    part = client.get(f"/alerts/?part=inbox&product={world.rival.pk}").content.decode()
    assert part.startswith('<div id="inbox">') and f'id="alert-{rival.pk}"' in part


def test_an_alert_opens_to_its_evidence_and_its_history(client: Any, world: Any) -> None:
    north, _, note = _north_and_south(world)
    client.force_login(world.carol)
    client.post(f"/alerts/{north.pk}/act", {"action": "ack"})
    client.post(f"/alerts/{north.pk}/act", {"action": "assign", "assignee": "me"})
    html = client.get(f"/alerts/{north.pk}/").content.decode()
    assert f'id="obs-{note.pk}"' in html
    history = html.split('class="history"')[1]
    assert "<b>acknowledged</b> by carol via web" in history
    assert "<b>assigned</b> by carol via web" in history
