"""The signal feed and acknowledgements, seen by each role."""

from backend.alerts.rule_services import rule_create
from tests.backend.alerts.helpers import evaluate, tagged_note
from tests.backend.sync.helpers import Device
from tests.factories import TerritoryFactory, UserFactory


def _raise_ae(rep, note="pt had a rash"):
    return evaluate(tagged_note(rep, note, labels=("adverse_event",)))[0]


def _feed_ids(api, name, **params):
    body = api(name).get("/api/v1/signals", params).json()
    return [s["id"] for s in body["signals"]]


def test_each_role_sees_its_scope_of_the_feed(world, api):
    rule_create(name="AE", kind="adverse_event")
    north = _raise_ae(world.alice)
    south = _raise_ae(world.bob)
    everything = [str(north.pk), str(south.pk)]

    assert _feed_ids(api, "orchestrator") == everything
    assert _feed_ids(api, "admin") == everything
    assert _feed_ids(api, "carol") == [str(north.pk)]  # analyst scoped to the north
    assert _feed_ids(api, "alice") == [str(north.pk)]  # her own note's feedback
    assert _feed_ids(api, "bob") == [str(south.pk)]
    assert api(None).get("/api/v1/signals").status_code == 401
    assert api("carol").get(f"/api/v1/signals/{south.pk}").status_code == 404
    assert api("bob").get(f"/api/v1/signals/{north.pk}").status_code == 404


def test_an_analyst_and_a_rep_see_only_the_evidence_in_their_scope(world, api):
    rule_create(name="stale", kind="stale_content_reported")
    north = tagged_note(world.alice, "OWN-DOS-2 is outdated", labels=("stale_content",))
    south = tagged_note(world.bob, "OWN-DOS-2 is old", labels=("stale_content",))
    signal = evaluate(north)[0]
    evaluate(south)

    def evidence(name):
        body = api(name).get(f"/api/v1/signals/{signal.pk}").json()
        return [e["observation"] for e in body["evidence"]]

    assert evidence("orchestrator") == [str(north.pk), str(south.pk)]
    assert evidence("carol") == [str(north.pk)]
    assert evidence("bob") == [str(south.pk)]


def test_an_analyst_scoped_elsewhere_sees_nothing(world, api):
    rule_create(name="AE", kind="adverse_event")
    _raise_ae(world.alice)
    dave = UserFactory(username="dave", role="analyst")
    dave.scope_territories.set([TerritoryFactory(code="FAR")])
    world.dave = dave
    assert _feed_ids(api, "dave") == []


def test_the_cursor_pages_in_order_without_repeats(world, api):
    rule_create(name="AE", kind="adverse_event")
    raised = [str(_raise_ae(world.alice, f"rash {i}").pk) for i in range(5)]

    seen, cursor = [], None
    while True:
        params = {"limit": 2, **({"cursor": cursor} if cursor else {})}
        page = api("orchestrator").get("/api/v1/signals", params).json()
        seen += [s["id"] for s in page["signals"]]
        cursor = page["cursor"]
        if not page["has_more"]:
            break
    assert seen == raised
    # Nothing new: the same cursor answers an empty page
    assert api("orchestrator").get("/api/v1/signals", {"cursor": cursor}).json()["signals"] == []
    later = _raise_ae(world.bob)
    assert _feed_ids(api, "orchestrator", cursor=cursor) == [str(later.pk)]


def test_bad_cursor_and_limit_answer_400_with_a_code(world, api):
    bad = api("orchestrator").get("/api/v1/signals", {"cursor": "not-a-cursor"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_cursor"
    limit = api("orchestrator").get("/api/v1/signals", {"limit": 0})
    assert limit.json()["error"]["code"] == "invalid_limit"


def test_signal_schema_carries_the_contract_fields(world, api):
    rule_create(name="AE", kind="adverse_event")
    signal = evaluate(
        tagged_note(world.alice, "pt had a rash", labels=("adverse_event",), products=(world.own,))
    )[0]
    body = api("orchestrator").get(f"/api/v1/signals/{signal.pk}").json()
    for field in (
        "id",
        "type",
        "severity",
        "created_at",
        "subject",
        "evidence",
        "rule",
        "dedupe_key",
        "status",
        "due_at",
    ):
        assert field in body
    assert body["subject"]["product"]["name"] == "Ownbrand"
    assert body["subject"]["territory"]["code"] == "N"
    assert body["evidence"][0]["labels"] == ["adverse_event"]


def test_acknowledging_by_role(world, api):
    rule_create(name="AE", kind="adverse_event")
    north, south = _raise_ae(world.alice), _raise_ae(world.bob)

    rep = api("alice").post(f"/api/v1/signals/{north.pk}/ack", {}, format="json")
    assert rep.status_code == 403 and rep.json()["error"]["code"] == "forbidden"
    outside = api("carol").post(f"/api/v1/signals/{south.pk}/ack", {}, format="json")
    assert outside.status_code == 404

    acked = api("carol").post(f"/api/v1/signals/{north.pk}/ack", {"note": "on it"}, format="json")
    assert acked.status_code == 200
    assert acked.json()["status"] == "acknowledged" and acked.json()["acknowledged_by"] == "carol"
    # A second acknowledgement changes nothing
    again = api("orchestrator").post(f"/api/v1/signals/{north.pk}/ack", {}, format="json")
    assert again.json()["acknowledged_by"] == "carol"


def test_the_rep_pulls_your_note_raised_and_later_its_acknowledgement(world, api):
    rule_create(name="AE", kind="adverse_event")
    obs = tagged_note(world.alice, "pt had a rash", labels=("adverse_event",))
    signal = evaluate(obs)[0]
    alice, bob = Device(api("alice")), Device(api("bob"))

    changes, cursor = alice.pull_all()
    alerts = [c for c in changes if c["entity"] == "alert"]
    assert [a["id"] for a in alerts] == [str(signal.pk)]
    data = alerts[0]["data"]
    assert data["message"].startswith("Your note raised")
    assert data["observations"] == [str(obs.pk)] and data["status"] == "open"
    assert [c for c in bob.pull_all()[0] if c["entity"] == "alert"] == []

    api("orchestrator").post(f"/api/v1/signals/{signal.pk}/ack", {}, format="json")
    changes, _ = alice.pull_all(cursor=cursor)
    assert [c["data"]["status"] for c in changes if c["entity"] == "alert"] == ["acknowledged"]
