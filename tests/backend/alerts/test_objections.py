"""Objections: a threshold per product × territory, and a spike against the pair's baseline."""

import datetime as dt

from backend.alerts.models import Signal
from backend.alerts.rule_services import rule_create
from tests.backend.alerts.helpers import NOW, days_ago, evaluate, tagged_note


def test_threshold_raises_at_the_nth_note_in_the_window_then_aggregates(world):
    rule_create(
        name="price",
        kind="objection_threshold",
        params={"labels": ["objection_price"], "min_count": 5, "window_days": 7},
    )
    notes = [
        tagged_note(
            world.alice,
            f"copay {i}",
            labels=("objection_price",),
            products=(world.own,),
            visited_at=NOW - dt.timedelta(hours=i),
        )
        for i in range(6, 0, -1)
    ]
    # Four notes: nothing. The fifth: one signal. The sixth: still one, with six notes.
    assert [len(evaluate(n)) for n in notes] == [0, 0, 0, 0, 1, 0]

    signal = Signal.objects.get()
    assert signal.type == "objection" and signal.product == world.own
    assert signal.territory == world.north
    assert signal.stats["observations"] == 6 and signal.stats["count"] == 6


def test_threshold_counts_per_territory_product_and_window(world):
    rule_create(
        name="price",
        kind="objection_threshold",
        params={"labels": ["objection_price"], "min_count": 3, "window_days": 7},
    )
    for rep, days in ((world.alice, 1), (world.bob, 1), (world.alice, 20), (world.alice, 1)):
        evaluate(
            tagged_note(
                rep,
                "copay",
                labels=("objection_price",),
                products=(world.own,),
                visited_at=days_ago(days),
            )
        )
    # Other label and other product do not count either
    evaluate(tagged_note(world.alice, "x", labels=("objection_access",), products=(world.own,)))
    evaluate(tagged_note(world.alice, "x", labels=("objection_price",), products=(world.rival,)))

    assert Signal.objects.count() == 0


def _history(world, *, days, per_day, hits_per_day, model_version="m1", start=0):
    """``per_day`` notes about Ownbrand each day, ``hits_per_day(day)`` of them with a price
    objection; day 0 is today."""
    for day in range(start + days - 1, start - 1, -1):
        hits = hits_per_day(day)
        for i in range(per_day):
            obs = tagged_note(
                world.alice,
                "visit",
                labels=("objection_price",) if i < hits else (),
                products=(world.own,),
                visited_at=days_ago(day, hour=9 + i % 8),
                model_version=model_version,
            )
            yield obs


def _spike_rule():
    return rule_create(name="spike", kind="objection_spike", params={"labels": ["objection_price"]})


def _evaluated_from(notes, days_ago_from):
    """Evaluate (in visit order) the notes of the last ``days_ago_from`` days."""
    cutoff = days_ago(days_ago_from, hour=0)
    return [s for obs in notes if obs.visited_at >= cutoff for s in evaluate(obs)]


def test_a_steady_rate_raises_no_spike(world):
    _spike_rule()
    # One price objection in ten notes, every day for six weeks
    notes = list(_history(world, days=42, per_day=10, hits_per_day=lambda d: 1))
    assert _evaluated_from(notes, 14) == []


def test_a_fourfold_rate_raises_one_spike_naming_the_baseline(world):
    _spike_rule()
    notes = list(_history(world, days=42, per_day=10, hits_per_day=lambda d: 4 if d < 6 else 1))
    raised = _evaluated_from(notes, 14)

    assert len(raised) == 1
    spike = raised[0]
    assert spike.type == "objection_spike" and spike.territory == world.north
    assert spike.stats["method"] == "poisson_cusum"
    assert spike.stats["baseline_rate"] == 0.1
    assert spike.stats["recent_hits"] > spike.stats["expected"]


def test_more_notes_with_the_same_rate_is_not_a_spike(world):
    _spike_rule()
    # A busy last three days (30 notes a day instead of 10), same one-in-ten rate
    list(_history(world, days=39, per_day=10, hits_per_day=lambda d: 1, start=3))
    busy = list(_history(world, days=3, per_day=30, hits_per_day=lambda d: 3))
    assert [s for obs in busy for s in evaluate(obs)] == []


def test_the_baseline_restarts_when_the_model_version_changes(world):
    _spike_rule()
    # Five weeks tagged by model m1 rarely saw the label; model m2 sees it four times as often
    list(
        _history(world, days=36, per_day=10, hits_per_day=lambda d: 1, start=6, model_version="m1")
    )
    new_model = list(
        _history(world, days=6, per_day=10, hits_per_day=lambda d: 4, model_version="m2")
    )
    # No spike: m2 has no baseline of its own yet
    assert [s for obs in new_model for s in evaluate(obs)] == []
