"""Stale content: from the catalog (what was shown) and as reported by HCPs (what was said)."""

import datetime as dt

from backend.alerts.models import Signal
from backend.alerts.rule_services import rule_create
from backend.catalog.models import ContentAssetVersion
from tests.backend.alerts.helpers import NOW, evaluate, tagged_note
from tests.factories import ContentAssetFactory, HCPFactory, UserFactory


def _asset_with_history(world, **fields):
    """OWN-DOS-2 at v2 now; v1 was superseded."""
    asset = world.asset
    for name, value in fields.items():
        setattr(asset, name, value)
    asset.save()
    ContentAssetVersion.objects.create(
        asset=asset,
        version=1,
        title=asset.title,
        status="superseded",
        valid_until=dt.date(2024, 1, 1),
    )
    ContentAssetVersion.objects.create(
        asset=asset,
        version=2,
        title=asset.title,
        status=asset.status,
        valid_until=asset.valid_until,
    )
    return asset


def test_showing_a_superseded_version_raises_one_signal_per_asset_and_period(world):
    rule_create(name="stale", kind="stale_content_catalog", params={"period_days": 7})
    asset = _asset_with_history(world)
    carl = UserFactory(username="carl", role="rep", territory=world.north)
    visit = NOW - dt.timedelta(days=1)

    # Given three reps' visits to three HCPs, in two territories, all showing v1...
    first = tagged_note(world.alice, "showed it", content=((asset, 1),), visited_at=visit)
    raised = evaluate(first)
    evaluate(tagged_note(world.bob, "showed it", content=((asset, 1),), visited_at=visit))
    evaluate(tagged_note(carl, "showed it", content=((asset, 1),), visited_at=visit, hcp=first.hcp))
    # ...and one showing the current version
    evaluate(tagged_note(world.alice, "current one", content=((asset, 2),), visited_at=visit))

    # Then one signal counts them all
    assert len(raised) == 1
    signal = Signal.objects.get()
    assert signal.type == "stale_content" and signal.content_asset == asset
    assert signal.stats["observations"] == 3
    assert signal.stats["reps"] == 3 and signal.stats["hcps"] == 2
    assert "superseded" in signal.stats["reasons"]
    assert "not_current_version" in signal.stats["reasons"]
    assert signal.addressed_to == ["content_owner", "orchestration"]


def test_the_next_period_updates_the_open_signal_and_its_title_shows_the_window(world):
    rule_create(name="stale", kind="stale_content_catalog", params={"period_days": 7})
    asset = _asset_with_history(world)
    evaluate(tagged_note(world.alice, "a", content=((asset, 1),), visited_at=NOW))
    evaluate(
        tagged_note(world.alice, "b", content=((asset, 1),), visited_at=NOW - dt.timedelta(days=14))
    )
    signal = Signal.objects.get()
    assert signal.count == 2 and signal.revision == 2
    assert signal.title.startswith("Stale content in use: OWN-DOS-2 v1 (superseded")
    assert "2 notes" in signal.title
    assert f"{signal.window_start.day} " in signal.title  # the window, not just the asset


def test_the_message_never_contradicts_itself_for_the_current_version(world):
    rule_create(name="stale", kind="stale_content_catalog")
    expired = ContentAssetFactory(
        code="GLV-CV-02", product=world.own, version=2, valid_until=dt.date(2020, 10, 31)
    )
    [signal] = evaluate(tagged_note(world.alice, "x", content=((expired, 2),)))
    assert signal.message == (
        f"Reps showed GLV-CV-02 v2 ({expired.title}), the newest edition of GLV-CV-02, "
        "which expired on 31 Oct 2020."
    )
    assert "(expired)" in signal.title and "current" not in signal.title


def test_a_superseded_asset_points_to_its_successor(world):
    rule_create(name="stale", kind="stale_content_catalog")
    old = ContentAssetFactory(code="OWN-EFF-02", product=world.own, version=2, status="superseded")
    new = ContentAssetFactory(code="OWN-EFF-03", product=world.own, version=1, status="current")
    [signal] = evaluate(tagged_note(world.alice, "x", content=((old, 2),)))
    assert signal.message.endswith(f"Use OWN-EFF-03 ({new.title}) instead.")


def test_current_version_past_valid_until_is_stale_and_valid_content_is_not(world):
    rule_create(name="stale", kind="stale_content_catalog")
    expired = ContentAssetFactory(
        code="OWN-EXP-1", product=world.own, version=1, valid_until=dt.date(2020, 1, 1)
    )
    fine = ContentAssetFactory(code="OWN-OK-3", product=world.own, version=3)

    assert evaluate(tagged_note(world.alice, "x", content=((fine, 3),))) == []
    raised = evaluate(tagged_note(world.alice, "y", content=((expired, 1),)))

    assert [s.stats["reasons"] for s in raised] == [["expired"]]


def test_withdrawn_content_is_high_severity(world):
    rule_create(name="stale", kind="stale_content_catalog")
    withdrawn = ContentAssetFactory(
        code="OWN-WD-1", product=world.own, version=1, status="withdrawn"
    )
    raised = evaluate(tagged_note(world.alice, "y", content=((withdrawn, 1),)))
    assert raised[0].severity == "high" and "withdrawn" in raised[0].stats["reasons"]


def test_rule_scoped_to_another_territory_ignores_the_visit(world):
    rule_create(name="stale south", kind="stale_content_catalog", territory_ids=[world.south.pk])
    asset = _asset_with_history(world)
    assert evaluate(tagged_note(world.alice, "x", content=((asset, 1),))) == []


def test_reported_stale_content_links_the_asset_the_note_names_and_aggregates(world):
    rule_create(name="reported", kind="stale_content_reported")
    other = ContentAssetFactory(code="OWN-EFF-1", product=world.own, version=1)
    # Named by the tagger, named by code in the note, and the only asset shown: same asset
    by_entity = tagged_note(
        world.alice,
        "the dosing card is outdated",
        labels=("stale_content",),
        entities=[{"start": 4, "end": 15, "kind": "content_asset", "ref": "OWN-DOS-2"}],
    )
    by_code = tagged_note(world.bob, "own-dos-2 shows the old label", labels=("stale_content",))
    by_shown = tagged_note(
        world.bob, "that piece is old", labels=("stale_content",), content=((world.asset, 2),)
    )
    unrelated = tagged_note(world.bob, "OWN-EFF-1 is old", labels=("stale_content",))

    first = evaluate(by_entity)
    assert evaluate(by_code) == [] and evaluate(by_shown) == []
    evaluate(unrelated)

    signal = first[0]
    signal.refresh_from_db()
    assert signal.content_asset == world.asset and signal.stats["source"] == "reported"
    assert signal.stats["observations"] == 3 and signal.stats["reps"] == 2
    assert Signal.objects.get(content_asset=other).stats["observations"] == 1


def test_reported_needs_min_reports_in_the_period(world):
    rule_create(name="reported", kind="stale_content_reported", params={"min_reports": 2})
    hcp = HCPFactory(territory=world.north)
    first = tagged_note(world.alice, "OWN-DOS-2 outdated", labels=("stale_content",), hcp=hcp)
    assert evaluate(first) == []
    raised = evaluate(tagged_note(world.alice, "OWN-DOS-2 old data", labels=("stale_content",)))
    assert len(raised) == 1
    assert set(raised[0].evidence.values_list("observation_id", flat=True)) >= {first.pk}
