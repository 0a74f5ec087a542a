"""Adverse events: raised at once, due 24 h after capture, escalated when nobody acknowledges."""

import datetime as dt

from backend.alerts.models import Signal, WebhookDelivery
from backend.alerts.rule_services import rule_create
from backend.alerts.selectors import signal_feed
from backend.alerts.signal_services import signal_acknowledge, signals_escalate_overdue
from backend.alerts.webhooks import subscription_create
from backend.tagging.models import ObservationTagging
from tests.backend.alerts.helpers import NOW, evaluate, tagged_note


def test_every_adverse_event_tag_raises_one_critical_signal_due_a_day_after_capture(world):
    rule = rule_create(name="AE", kind="adverse_event")
    captured = NOW - dt.timedelta(hours=3)
    note = "Pt developed hives after the second dose of Ownbrand."

    obs = tagged_note(
        world.alice,
        note,
        labels=("adverse_event",),
        captured_at=captured,
        products=(world.own,),
        evidence=[[4, 20, "adverse_event"]],
    )
    raised = evaluate(obs)

    assert len(raised) == 1
    signal = raised[0]
    assert signal.type == "adverse_event" and signal.severity == "critical"
    assert signal.due_at == captured + dt.timedelta(hours=24)
    assert signal.rule_version.rule == rule and signal.rule_version.version == 1
    assert signal.product == world.own and signal.hcp == obs.hcp
    evidence = signal.evidence.get()
    assert evidence.spans == [[4, 20, "adverse_event"]]
    assert evidence.quotes == [{"label": "adverse_event", "text": note[4:20]}]
    assert "drug_safety" in signal.addressed_to


def test_re_evaluating_or_a_second_rule_does_not_raise_it_twice(world):
    rule_create(name="AE", kind="adverse_event")
    rule_create(name="AE again", kind="adverse_event")
    obs = tagged_note(world.alice, "rash", labels=("adverse_event",))

    evaluate(obs)
    evaluate(obs)

    assert Signal.objects.filter(type="adverse_event").count() == 1


def test_a_quote_never_covers_a_patient_identifier(world):
    rule_create(name="AE", kind="adverse_event")
    note = "Jane Roe got a rash"
    obs = tagged_note(
        world.alice,
        note,
        labels=("adverse_event",),
        evidence=[[0, 19, "adverse_event"]],
        pii=[[0, 8, "PATIENT_NAME"]],
    )
    signal = evaluate(obs)[0]
    assert signal.evidence.get().quotes == []


def test_unacknowledged_signal_is_escalated_once_after_its_due_time(world):
    rule_create(name="AE", kind="adverse_event")
    subscription_create(owner=world.orchestrator, url="http://127.0.0.1:9/hook", types=[])
    signal = evaluate(tagged_note(world.alice, "rash", labels=("adverse_event",)))[0]
    cursor = signal_feed(user=world.orchestrator, cursor=None, limit=10)["cursor"]

    assert signals_escalate_overdue(now=signal.due_at - dt.timedelta(minutes=1)) == []
    later = signal.due_at + dt.timedelta(minutes=1)
    assert signals_escalate_overdue(now=later) == [str(signal.pk)]
    assert signals_escalate_overdue(now=later) == []

    signal.refresh_from_db()
    assert signal.escalated_at == later
    # The escalation reaches feed readers past their cursor, and the webhook subscribers.
    page = signal_feed(user=world.orchestrator, cursor=cursor, limit=10)
    assert [s["id"] for s in page["signals"]] == [str(signal.pk)]
    assert page["signals"][0]["escalated_at"] is not None
    events = set(WebhookDelivery.objects.filter(signal=signal).values_list("event", flat=True))
    assert events == {"signal.raised", "signal.escalated"}


def test_an_acknowledged_signal_is_not_escalated(world):
    rule_create(name="AE", kind="adverse_event")
    signal = evaluate(tagged_note(world.alice, "rash", labels=("adverse_event",)))[0]
    signal_acknowledge(user=world.orchestrator, signal_id=signal.pk, via="api")

    assert signals_escalate_overdue(now=signal.due_at + dt.timedelta(hours=1)) == []


def test_disabled_rule_raises_nothing(world):
    rule_create(name="AE", kind="adverse_event", enabled=False)
    assert evaluate(tagged_note(world.alice, "rash", labels=("adverse_event",))) == []


def _with_safety(obs, safety):
    ObservationTagging.objects.filter(observation=obs).update(safety=safety)
    return obs


def test_the_signal_carries_the_safety_category_and_seriousness_in_its_title_and_stats(world):
    rule_create(name="AE", kind="adverse_event")
    obs = tagged_note(world.alice, "pt admitted", labels=("adverse_event",), products=(world.own,))
    _with_safety(
        obs,
        {
            "reportable": True,
            "category": "adverse_reaction",
            "seriousness": ["hospitalisation"],
            "evidence": [[3, 11, "adverse_reaction:general"]],
        },
    )

    signal = evaluate(obs)[0]

    assert signal.title.startswith("Possible adverse reaction (hospitalisation) · Ownbrand in N")
    assert ", captured " in signal.title  # each note's own clock tells two events apart
    assert signal.stats["category"] == "adverse_reaction"
    assert signal.stats["seriousness"] == ["hospitalisation"]


def test_a_product_complaint_is_titled_as_one(world):
    rule_create(name="AE", kind="adverse_event")
    obs = tagged_note(world.alice, "pen jammed", labels=("adverse_event",), products=(world.own,))
    _with_safety(obs, {"reportable": True, "category": "product_complaint", "seriousness": []})

    signal = evaluate(obs)[0]

    assert signal.title.startswith("Possible product complaint · Ownbrand in N")
    assert signal.stats["category"] == "product_complaint" and signal.stats["seriousness"] == []


def test_tags_from_a_model_without_triage_still_raise_a_signal(world):
    rule_create(name="AE", kind="adverse_event")
    signal = evaluate(tagged_note(world.alice, "rash", labels=("adverse_event",)))[0]

    assert signal.title.startswith("Possible adverse event")
    assert signal.stats["category"] is None and signal.stats["seriousness"] == []
