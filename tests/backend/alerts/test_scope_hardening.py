"""Scope in every read path: dry runs show a caller only what the feed would, and alerts are
assigned only to analysts or admins who can see them (issue 17's authorization findings)."""

import datetime as dt
from typing import Any

from backend.accounts.models import Role
from backend.alerts.models import Signal
from backend.alerts.rule_services import rule_create
from tests.backend.alerts.helpers import NOW, days_ago, evaluate, tagged_note
from tests.conftest import client_for
from tests.factories import ProductFactory, TerritoryFactory, UserFactory

PERIOD = {"since": days_ago(30).isoformat(), "until": NOW.isoformat()}


def _adverse_events(world: Any) -> tuple[Any, Any]:
    north = tagged_note(world.alice, "rash", labels=("adverse_event",), visited_at=days_ago(2))
    south = tagged_note(world.bob, "hives", labels=("adverse_event",), visited_at=days_ago(3))
    return north, south


def test_draft_dry_run_shows_an_analyst_only_their_scope(world, api):
    north, south = _adverse_events(world)

    result = (
        api("carol")
        .post("/api/v1/rules/dry-run", {"kind": "adverse_event", **PERIOD}, format="json")
        .json()
    )

    shown = {o for r in result["would_raise"] for o in r["observations"]}
    assert shown == {str(north.pk)}
    assert result["evaluated"] == 1
    assert {r["subject"]["territory"] for r in result["would_raise"]} == {world.north.pk}
    assert south.hcp_id not in {r["subject"]["hcp"] for r in result["would_raise"]}


def test_saved_rule_dry_run_shows_an_analyst_only_their_scope(world, api):
    north, _ = _adverse_events(world)
    rule = rule_create(name="AE", kind="adverse_event")

    result = api("carol").post(f"/api/v1/rules/{rule.pk}/dry-run", PERIOD, format="json").json()

    assert [r["observations"] for r in result["would_raise"]] == [[str(north.pk)]]


def test_windowed_rule_dry_run_trims_evidence_outside_scope(world, api):
    # Given three price objections about Ownbrand in the north, one also naming Secondbrand,
    # and an analyst whose scope is Secondbrand only
    second = ProductFactory(name="Secondbrand", company="own")
    notes = [
        tagged_note(world.alice, f"copay {i}", labels=("objection_price",), products=products)
        for i, products in enumerate([(world.own,), (world.own,), (world.own, second)])
    ]
    brandy = UserFactory(username="brandy", role=Role.ANALYST)
    brandy.brands.set([second])
    body = {
        "kind": "objection_threshold",
        "params": {"labels": ["objection_price"], "min_count": 3, "window_days": 7},
        "since": days_ago(5).isoformat(),
        "until": (NOW + dt.timedelta(hours=1)).isoformat(),
    }

    # When both dry-run the threshold (it counts Ownbrand notes, in or out of her scope)
    scoped = client_for(brandy).post("/api/v1/rules/dry-run", body, format="json").json()
    full = api("admin").post("/api/v1/rules/dry-run", body, format="json").json()

    # Then the admin sees the three notes, the analyst only the one in her scope
    assert [sorted(r["observations"]) for r in full["would_raise"]] == [
        sorted(str(n.pk) for n in notes)
    ]
    assert [r["observations"] for r in scoped["would_raise"]] == [[str(notes[2].pk)]]


def test_an_analyst_with_no_scope_sees_nothing_and_reps_are_refused(world, api):
    _adverse_events(world)
    nothing = client_for(UserFactory(username="noscope", role=Role.ANALYST)).post(
        "/api/v1/rules/dry-run", {"kind": "adverse_event", **PERIOD}, format="json"
    )
    rep = api("alice").post(
        "/api/v1/rules/dry-run", {"kind": "adverse_event", **PERIOD}, format="json"
    )
    rule = rule_create(name="AE", kind="adverse_event")
    rep_saved = api("alice").post(f"/api/v1/rules/{rule.pk}/dry-run", PERIOD, format="json")

    assert nothing.json()["would_raise"] == []
    assert rep.status_code == 403 and rep_saved.status_code == 403


def test_the_orchestrator_dry_run_sees_everything(world, api):
    _adverse_events(world)

    result = (
        api("orchestrator")
        .post("/api/v1/rules/dry-run", {"kind": "adverse_event", **PERIOD}, format="json")
        .json()
    )

    assert len(result["would_raise"]) == 2


def _north_signal(world: Any) -> Any:
    rule_create(name="AE", kind="adverse_event")
    return evaluate(tagged_note(world.alice, "rash", labels=("adverse_event",)))[0]


def test_an_alert_cannot_be_assigned_to_a_rep_even_one_who_sees_it(client, world):
    signal = _north_signal(world)
    client.force_login(world.carol)

    client.post(f"/alerts/{signal.pk}/act", {"action": "assign", "assignee": world.alice.pk})

    assert Signal.objects.get(pk=signal.pk).assignee is None


def test_an_alert_cannot_be_assigned_to_an_analyst_outside_its_scope(client, world):
    signal = _north_signal(world)
    west = UserFactory(username="west", role=Role.ANALYST)
    west.scope_territories.set([TerritoryFactory(code="W")])
    client.force_login(world.carol)

    answer = client.post(
        f"/alerts/{signal.pk}/act", {"action": "assign", "assignee": west.pk}, follow=True
    )

    assert "cannot see this signal" in answer.content.decode()
    assert Signal.objects.get(pk=signal.pk).assignee is None


def test_an_alert_is_assigned_to_an_analyst_or_admin_in_scope(client, world):
    signal = _north_signal(world)
    north2 = UserFactory(username="north2", role=Role.ANALYST)
    north2.scope_territories.set([world.north])
    client.force_login(world.carol)

    client.post(f"/alerts/{signal.pk}/act", {"action": "assign", "assignee": north2.pk})
    assert Signal.objects.get(pk=signal.pk).assignee == north2

    client.post(f"/alerts/{signal.pk}/act", {"action": "assign", "assignee": world.admin.pk})
    assert Signal.objects.get(pk=signal.pk).assignee == world.admin


def test_an_inactive_analyst_cannot_be_assigned(client, world):
    signal = _north_signal(world)
    gone = UserFactory(username="gone", role=Role.ANALYST, is_active=False)
    gone.scope_territories.set([world.north])
    client.force_login(world.carol)

    client.post(f"/alerts/{signal.pk}/act", {"action": "assign", "assignee": gone.pk})

    assert Signal.objects.get(pk=signal.pk).assignee is None


def test_the_api_refuses_reps_and_the_orchestrator_as_assignees(world, api):
    signal = _north_signal(world)
    path = f"/api/v1/signals/{signal.pk}/assign"

    rep = api("carol").post(path, {"assignee": "alice"}, format="json")
    machine = api("carol").post(path, {"assignee": "orc"}, format="json")
    analyst = api("carol").post(path, {"assignee": "carol"}, format="json")

    assert rep.status_code == 409 and rep.json()["error"]["code"] == "assignee_out_of_scope"
    assert machine.status_code == 409
    assert machine.json()["error"]["code"] == "assignee_not_eligible"
    assert analyst.status_code == 200
    assert Signal.objects.get(pk=signal.pk).assignee == world.carol
