"""Competitor shift: a territory's notes prefer a competitor more often than they used to."""

from backend.alerts.models import Signal
from backend.alerts.rule_services import rule_create
from tests.backend.alerts.helpers import days_ago, evaluate, tagged_note


def _baseline(world, *, notes_per_week=10, preferring_per_week=1, weeks=8, start_day=14):
    """Weeks of ordinary visits in the north before ``start_day`` days ago."""
    for week in range(weeks):
        for i in range(notes_per_week):
            prefers = i < preferring_per_week
            tagged_note(
                world.alice,
                "visit",
                labels=("competitor_preference",) if prefers else (),
                products=(world.own, world.rival) if prefers else (world.own,),
                visited_at=days_ago(start_day + 1 + week * 7 + i % 7),
            )


def test_a_rising_preference_for_a_competitor_raises_a_shift(world):
    rule_create(name="shift", kind="competitor_shift")
    _baseline(world)
    # Then in the last two weeks 6 of 20 notes prefer Rivalbrand, named only in the note
    recent = [
        tagged_note(
            world.alice,
            "switching to Rivalbrand" if i < 6 else "visit",
            labels=("competitor_preference",) if i < 6 else (),
            products=(world.own,),
            entities=[{"start": 13, "end": 23, "kind": "competitor", "ref": "Rivalbrand"}]
            if i < 6
            else [],
            visited_at=days_ago(13 - i % 13),
        )
        for i in range(20)
    ]
    raised = [s for obs in sorted(recent, key=lambda o: o.visited_at) for s in evaluate(obs)]

    assert len(raised) == 1
    shift = raised[0]
    assert shift.type == "competitor_shift" and shift.product == world.rival
    assert shift.territory == world.north
    assert shift.stats["recent"] >= 6 and shift.stats["p_value"] < 0.01


def test_a_steady_preference_raises_nothing(world):
    rule_create(name="shift", kind="competitor_shift")
    _baseline(world)
    recent = [
        tagged_note(
            world.alice,
            "visit",
            labels=("competitor_preference",) if i < 2 else (),
            products=(world.own, world.rival),
            visited_at=days_ago(13 - i % 13),
        )
        for i in range(20)
    ]
    for obs in recent:
        evaluate(obs)
    assert not Signal.objects.exists()


def test_without_history_there_is_nothing_to_rise_against(world):
    rule_create(name="shift", kind="competitor_shift")
    for i in range(5):
        evaluate(
            tagged_note(
                world.bob,
                "prefers Rivalbrand",
                labels=("competitor_preference",),
                products=(world.rival,),
                visited_at=days_ago(i),
            )
        )
    assert not Signal.objects.exists()
