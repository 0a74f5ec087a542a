"""One unresolved signal per rule and subject: new evidence updates it; resolved, it stays."""

import pytest

from backend.alerts.models import Signal, WebhookDelivery
from backend.alerts.rule_services import rule_create
from backend.alerts.signal_services import signal_resolve
from backend.alerts.webhooks import deliveries_send_due
from tests.backend.alerts.helpers import days_ago, evaluate, tagged_note
from tests.backend.alerts.receiver import Receiver


@pytest.fixture
def price_rule(world):
    return rule_create(
        name="Price objections",
        kind="objection_threshold",
        params={"labels": ["objection_price"], "min_count": 2, "window_days": 7},
    )


def _price(world, days, rep=None):
    note = tagged_note(
        rep or world.alice,
        f"copay too high ({days})",
        labels=("objection_price",),
        products=(world.own,),
        visited_at=days_ago(days),
    )
    return evaluate(note), note


def test_a_second_window_updates_the_open_signal(world, price_rule):
    # Given a threshold signal raised from two notes
    _price(world, 12)
    raised, _ = _price(world, 10)
    [signal] = raised
    assert (signal.count, signal.revision, signal.state) == (2, 1, "open")

    # When a later window (overlapping the first one) crosses the threshold again
    assert _price(world, 6)[0] == []
    _price(world, 5)

    # Then the same signal carries all the evidence, a later window end and a higher revision
    [updated] = Signal.objects.all()
    assert updated.pk == signal.pk
    assert updated.count == 4 and updated.revision == 3
    assert updated.window_end > signal.window_end and updated.last_seen > signal.last_seen
    assert updated.stats["observations"] == 4
    assert "4 notes" in updated.title and "Ownbrand in N" in updated.title
    assert updated.last_event == "signal.updated"


def test_after_resolution_new_evidence_opens_a_new_signal(world, price_rule):
    _price(world, 3)
    [first] = _price(world, 2)[0]
    signal_resolve(user=world.carol, signal_id=first.pk, via="api")

    # Re-evaluating what the resolved signal already counted opens nothing
    for note in first.observations.all():
        assert evaluate(note) == []
    # New evidence opens the next signal; the resolved one is left as it was
    [second] = _price(world, 1)[0]
    assert second.pk != first.pk and second.state == "open"
    assert second.dedupe_key == f"{first.group_key}#2"
    first.refresh_from_db()
    assert first.state == "resolved" and first.count == 2


def test_overlapping_windows_never_raise_twice(world, price_rule):
    # Notes every day for two weeks: every 7-day window from day 13 on crosses the threshold
    for days in range(14, 0, -1):
        _price(world, days)
    assert Signal.objects.count() == 1
    signal = Signal.objects.get()
    assert signal.count == 14 and signal.revision == 13


def test_adverse_events_stay_one_signal_per_note_each_with_its_clock(world):
    rule_create(name="AE", kind="adverse_event", params={"due_hours": 24})
    one = tagged_note(world.alice, "rash", labels=("adverse_event",), captured_at=days_ago(2))
    two = tagged_note(world.alice, "hives", labels=("adverse_event",), captured_at=days_ago(1))
    [a] = evaluate(one)
    [b] = evaluate(two)
    assert evaluate(one) == [] and Signal.objects.count() == 2
    assert (a.due_at - one.captured_at).total_seconds() == 24 * 3600
    assert (b.due_at - two.captured_at).total_seconds() == 24 * 3600
    assert a.title != b.title  # each names its own capture


def test_the_update_reappears_in_the_cursor_feed(world, api, price_rule):
    _price(world, 4)
    [signal] = _price(world, 3)[0]
    cursor = api("orchestrator").get("/api/v1/signals").json()["cursor"]
    assert api("orchestrator").get("/api/v1/signals", {"cursor": cursor}).json()["signals"] == []

    _price(world, 2)

    page = api("orchestrator").get("/api/v1/signals", {"cursor": cursor}).json()
    [again] = page["signals"]
    assert again["id"] == str(signal.pk)
    assert (again["event"], again["revision"], again["count"]) == ("signal.updated", 2, 3)
    assert again["state"] == "open" and again["first_seen"] < again["last_seen"]
    # The analyst in scope sees it too, filtered by state and type
    listed = api("carol").get("/api/v1/signals", {"state": "open", "type": "objection"}).json()
    assert [s["id"] for s in listed["signals"]] == [str(signal.pk)]
    assert api("carol").get("/api/v1/signals", {"state": "resolved"}).json()["signals"] == []
    bad = api("carol").get("/api/v1/signals", {"state": "closed"})
    assert bad.status_code == 400 and bad.json()["error"]["code"] == "invalid_state"


def test_the_update_goes_out_as_a_webhook(world, api, price_rule):
    with Receiver() as receiver:
        answer = api("orchestrator").post("/api/v1/webhooks", {"url": receiver.url}, format="json")
        receiver.secret = answer.json()["secret"]
        _price(world, 4)
        [signal] = _price(world, 3)[0]
        _price(world, 2)
        assert deliveries_send_due() == 2

    events = sorted((e["event"], e["revision"]) for e in receiver.accepted)
    assert events == [("signal.raised", 1), ("signal.updated", 2)]
    assert {e["signal"]["id"] for e in receiver.accepted} == {str(signal.pk)}
    assert WebhookDelivery.objects.filter(status="delivered").count() == 2
