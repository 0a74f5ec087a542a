"""Rules are data: written by admins, versioned, audited, and dry-run against history."""

import datetime as dt

from backend.alerts.models import Signal, WebhookDelivery
from backend.alerts.rule_services import rule_create
from backend.audit.models import AuditEvent
from backend.sync.models import Change
from tests.backend.alerts.helpers import NOW, days_ago, evaluate, tagged_note

PRICE = {"labels": ["objection_price"], "min_count": 3, "window_days": 7}


def _create(api, **body):
    return api("admin").post(
        "/api/v1/rules",
        {"name": "price", "kind": "objection_threshold", "params": PRICE, **body},
        format="json",
    )


def test_only_admins_write_rules_and_home_office_reads_them(world, api):
    assert _create(api).status_code == 201
    for name in ("carol", "orchestrator", "alice"):
        denied = api(name).post(
            "/api/v1/rules", {"name": "x", "kind": "adverse_event"}, format="json"
        )
        assert denied.status_code == 403
    assert len(api("carol").get("/api/v1/rules").json()["rules"]) == 1
    assert api("alice").get("/api/v1/rules").status_code == 403


def test_bad_params_and_kinds_answer_stable_codes(world, api):
    unknown = _create(api, params={"min_count": 3, "colour": "red"})
    assert unknown.status_code == 400
    assert unknown.json()["error"]["code"] == "invalid_rule_params"
    assert _create(api, params={"min_count": "many"}).json()["error"]["code"] == (
        "invalid_rule_params"
    )
    assert _create(api, kind="horoscope").json()["error"]["code"] == "invalid_request"
    assert _create(api, products=[999999]).json()["error"]["code"] == "unknown_product"


def test_an_edit_makes_a_new_version_and_signals_name_the_version_that_raised_them(world, api):
    rule_id = _create(api).json()["id"]
    for hours in (3, 2, 1):
        evaluate(
            tagged_note(
                world.alice,
                "copay",
                labels=("objection_price",),
                products=(world.own,),
                visited_at=NOW - dt.timedelta(hours=hours),
            )
        )
    first = Signal.objects.get()
    assert (first.rule_version.rule_id, first.rule_version.version) == (rule_id, 1)

    # When an admin raises the threshold, the rule is at version 2...
    edited = api("admin").patch(
        f"/api/v1/rules/{rule_id}", {"params": {**PRICE, "min_count": 2}}, format="json"
    )
    assert edited.json()["version"] == 2
    # ...switching it off and on is not a new version, and the kind never changes
    api("admin").patch(f"/api/v1/rules/{rule_id}", {"enabled": False}, format="json")
    api("admin").patch(f"/api/v1/rules/{rule_id}", {"enabled": True}, format="json")
    kind = api("admin").patch(f"/api/v1/rules/{rule_id}", {"kind": "adverse_event"}, format="json")
    assert kind.json()["error"]["code"] == "kind_immutable"
    versions = api("carol").get(f"/api/v1/rules/{rule_id}/versions").json()["versions"]
    assert [(v["version"], v["params"]["min_count"]) for v in versions] == [(1, 3), (2, 2)]

    # Then signals raised now name version 2 (south territory: a new dedupe key)
    for hours in (2, 1):
        evaluate(
            tagged_note(
                world.bob,
                "copay",
                labels=("objection_price",),
                products=(world.own,),
                visited_at=NOW - dt.timedelta(hours=hours),
            )
        )
    second = Signal.objects.exclude(pk=first.pk).get()
    assert second.rule_version.version == 2
    feed = api("orchestrator").get("/api/v1/signals").json()["signals"]
    assert [s["rule"]["version"] for s in feed] == [1, 2]
    # Every save of the rule is in the audit log, with who did it
    audited = AuditEvent.objects.filter(entity="alerts.rule", entity_id=str(rule_id))
    assert audited.filter(action="create").exists()
    assert audited.filter(action="update", actor_username="root").count() >= 3


def test_dry_run_reports_what_would_have_been_raised_and_raises_nothing(world, api):
    # Given a month of history with two bursts of price objections in the north
    for day in (20, 20, 19, 3, 2, 2, 1):
        tagged_note(
            world.alice,
            "copay",
            labels=("objection_price",),
            products=(world.own,),
            visited_at=days_ago(day),
        )
    tagged_note(world.alice, "pt had a rash", labels=("adverse_event",), visited_at=days_ago(5))
    rule_id = _create(api).json()["id"]
    counts_before = (
        Signal.objects.count(),
        WebhookDelivery.objects.count(),
        Change.objects.count(),
    )

    # When an admin dry-runs the saved rule over the month
    period = {"since": days_ago(30).isoformat(), "until": NOW.isoformat()}
    result = api("carol").post(f"/api/v1/rules/{rule_id}/dry-run", period, format="json").json()

    # Then, as live, the second burst updates the signal the first raised (nobody resolved
    # it in between): one signal with both bursts' notes as evidence...
    assert result["evaluated"] == 8
    raised = result["would_raise"]
    assert [(r["type"], len(r["observations"])) for r in raised] == [("objection", 7)]
    assert not any(r["already_raised"] for r in raised)
    # ...and nothing was raised, delivered or sent to a device
    assert (
        Signal.objects.count(),
        WebhookDelivery.objects.count(),
        Change.objects.count(),
    ) == counts_before


def test_dry_run_of_an_unsaved_definition(world, api):
    tagged_note(world.alice, "rash", labels=("adverse_event",), visited_at=days_ago(2))
    tagged_note(world.bob, "rash", labels=("adverse_event",), visited_at=days_ago(40))
    body = {"kind": "adverse_event", "since": days_ago(30).isoformat(), "until": NOW.isoformat()}
    result = api("admin").post("/api/v1/rules/dry-run", body, format="json").json()
    assert [r["type"] for r in result["would_raise"]] == ["adverse_event"]
    assert not Signal.objects.exists()


def test_dry_run_refuses_an_unbounded_period(world, api):
    rule = rule_create(name="ae", kind="adverse_event")
    body = {"since": "2000-01-01T00:00:00Z", "until": NOW.isoformat()}
    answer = api("admin").post(f"/api/v1/rules/{rule.pk}/dry-run", body, format="json")
    assert answer.status_code == 400 and answer.json()["error"]["code"] == "period_too_long"
