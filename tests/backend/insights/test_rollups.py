"""The feed's daily roll-up stays equal to a live count through every write a note can go
through (sync create, edit, delete and restore, tagging, re-tagging, analysts' corrections),
and a rebuild from scratch gives the same table. Runs on SQLite and on PostgreSQL."""

import datetime as dt
import re
import threading
import uuid
from dataclasses import replace
from typing import Any

import pytest
from django.core.management import call_command
from django.db import connection, connections
from django.utils import timezone

from backend.insights.facets import feed_counts
from backend.insights.models import FeedCountedNote, FeedDayCount
from backend.insights.rollups import feed_rollup_rebuild, feed_rollup_refresh
from backend.insights.selectors import ANY_OBJECTION, FeedFilters, feed_queryset
from backend.observations.models import ObservationProduct
from backend.tagging.models import ObservationLabel
from backend.tagging.services import label_correct, observation_tag
from tests.backend.sync.helpers import Device
from tests.backend.tagging.fakes import FakeResult, FakeTagger
from tests.factories import observation_data

TODAY = timezone.now().date()


class LabelTagger(FakeTagger):
    """Labels by keyword, several labels per note (the roll-up's multi-label cells)."""

    WORDS = {
        "copay": "objection_price",
        "formulary": "objection_access",
        "rival": "competitor_preference",
        "reprints": "content_request",
    }

    def tag(self, text: str) -> FakeResult:
        result = super().tag(text)
        result.labels = [
            {"label": label, "confidence": 0.8}
            for word, label in self.WORDS.items()
            if word in text
        ]
        return result


def _visit(days_ago: int) -> str:
    return (timezone.now() - dt.timedelta(days=days_ago, hours=1)).isoformat()


def _filters(world: Any) -> list[FeedFilters]:
    own, rival = world.own.pk, world.rival.pk
    week_ago = TODAY - dt.timedelta(days=7)
    return [
        FeedFilters(),
        FeedFilters(label="objection_price"),
        FeedFilters(label=ANY_OBJECTION),
        FeedFilters(product=own),
        FeedFilters(competitor=rival),
        FeedFilters(territory=world.north.pk),
        FeedFilters(territory=world.south.pk),
        FeedFilters(date_from=week_ago),
        FeedFilters(date_to=week_ago),
        FeedFilters(date_from=week_ago, date_to=TODAY),
        FeedFilters(label="objection_access", product=own, date_from=week_ago),
        FeedFilters(label="competitor_preference", competitor=rival),
        FeedFilters(product=own, competitor=rival),  # counted live (two products)
        FeedFilters(q="copay"),  # counted live (text)
    ]


def _live(user: Any, filters: FeedFilters) -> dict[str, Any]:
    """Every figure the feed shows, counted straight from the notes (no roll-up)."""

    def grouped(model: Any, key: str, narrowed: FeedFilters) -> dict[Any, int]:
        ids = feed_queryset(user, narrowed).values("id")
        counts: dict[Any, int] = {}
        for value in model.objects.filter(observation_id__in=ids).values_list(key, flat=True):
            counts[value] = counts.get(value, 0) + 1
        return counts

    territories: dict[int, int] = {}
    for t in feed_queryset(user, replace(filters, territory=None)).values_list(
        "territory_id", flat=True
    ):
        territories[t] = territories.get(t, 0) + 1
    labels = grouped(ObservationLabel, "label", replace(filters, label=None))
    # the menu's "any objection" option: notes with at least one objection label
    if any_objection := feed_queryset(user, replace(filters, label=ANY_OBJECTION)).count():
        labels[ANY_OBJECTION] = any_objection
    return {
        "total": feed_queryset(user, filters).count(),
        "labels": labels,
        "products": grouped(ObservationProduct, "product_id", replace(filters, product=None)),
        "competitors": grouped(ObservationProduct, "product_id", replace(filters, competitor=None)),
        "territories": territories,
    }


def assert_counts_are_live(world: Any) -> None:
    for user in (world.carol, world.admin):
        for filters in _filters(world):
            counts = feed_counts(user, filters)
            shown = {
                "total": counts.total,
                "labels": counts.labels,
                "products": counts.products,
                "competitors": counts.competitors,
                "territories": counts.territories,
            }
            assert not counts.total_capped
            assert shown == _live(user, filters), (user.username, filters)


def _table() -> set[tuple[Any, ...]]:
    return set(
        FeedDayCount.objects.exclude(n=0).values_list(
            "day", "territory_id", "label", "product_id", "n"
        )
    )


def assert_rebuild_agrees() -> None:
    before = _table()
    feed_rollup_rebuild()
    assert _table() == before


def _tag(ids: list[uuid.UUID], tagger: Any) -> None:
    from backend.observations.models import Observation

    for obs in Observation.objects.filter(pk__in=ids, deleted=False):
        observation_tag(observation_id=str(obs.pk), rev=obs.rev, tagger=tagger)


@pytest.mark.django_db
def test_the_roll_up_follows_every_write_a_note_goes_through(world: Any, api: Any) -> None:
    own, rival = str(world.own.pk), str(world.rival.pk)
    phone, south_phone = Device(api("alice")), Device(api("bob"))
    a, b, c, d = (uuid.uuid4() for _ in range(4))
    tagger = LabelTagger("v1")

    # Created by sync: untagged notes count under "any label" only.
    phone.push(
        [
            phone.mutation("upsert", a, observation_data(world.hcp_north, note="copay and formulary", products=[own], visited_at=_visit(0))),
            phone.mutation("upsert", b, observation_data(world.hcp_north, note="prefers the rival, copay", products=[own, rival], visited_at=_visit(9))),
            phone.mutation("upsert", c, observation_data(world.hcp_north, note="wants reprints", visited_at=_visit(3))),
        ]
    )  # fmt: skip
    south_phone.push(
        [south_phone.mutation("upsert", d, observation_data(world.hcp_south, note="copay", products=[own], visited_at=_visit(1)))]
    )  # fmt: skip
    assert_counts_are_live(world)

    # Tagged.
    _tag([a, b, c, d], tagger)
    assert feed_counts(world.admin, FeedFilters(label="objection_price")).total == 3
    assert_counts_are_live(world)

    # Edited: another visit day, products and text; the old labels stand until re-tagged.
    phone.push(
        [phone.mutation("upsert", a, {"visited_at": _visit(12), "products": [rival], "note": "rival only"}, base_rev=1)]
    )  # fmt: skip
    assert_counts_are_live(world)

    # Re-tagged (the new revision, then a new model over everything).
    _tag([a], tagger)
    assert_counts_are_live(world)
    _tag([a, b, c, d], LabelTagger("v2"))
    assert_counts_are_live(world)

    # Corrected by an analyst, both ways.
    from backend.observations.models import Observation

    note_c = Observation.objects.get(pk=c)
    label_correct(observation=note_c, label="objection_dosing", action="add", analyst=world.carol)
    label_correct(observation=note_c, label="content_request", action="remove", analyst=world.carol)
    assert_counts_are_live(world)

    # Deleted, and a deleted note edited back to life through a conflict.
    phone.push([phone.mutation("delete", b, base_rev=1)])
    assert feed_counts(world.admin, FeedFilters(competitor=world.rival.pk)).total == 1
    assert_counts_are_live(world)
    laptop = Device(api("alice"))
    result = laptop.push([laptop.mutation("upsert", b, {"note": "kept"}, base_rev=1)]).json()
    conflict = result["results"][0]["conflict"]["id"]
    laptop.push(
        [laptop.mutation("upsert", conflict, {"resolution": "keep_device"}, entity="conflict")]
    )
    assert Observation.objects.get(pk=b).deleted is False
    assert_counts_are_live(world)

    assert_rebuild_agrees()


@pytest.mark.django_db
def test_a_refresh_is_idempotent_and_forgets_nothing(world: Any, api: Any) -> None:
    device = Device(api("alice"))
    ids = [uuid.uuid4() for _ in range(3)]
    device.push(
        [device.mutation("upsert", i, observation_data(world.hcp_north, note="copay", products=[str(world.own.pk)])) for i in ids]
    )  # fmt: skip
    _tag(ids, LabelTagger())
    table = _table()

    assert feed_rollup_refresh(observation_ids=ids) == 0
    assert feed_rollup_refresh(observation_ids=[*ids, uuid.uuid4()]) == 0  # unknown ids: nothing
    assert _table() == table
    assert FeedCountedNote.objects.count() == 3


@pytest.mark.django_db
def test_the_rebuild_command_recounts_an_existing_database(world: Any, api: Any) -> None:
    device = Device(api("alice"))
    ids = [uuid.uuid4() for _ in range(4)]
    device.push(
        [device.mutation("upsert", i, observation_data(world.hcp_north, note=f"copay {n}", visited_at=_visit(n))) for n, i in enumerate(ids)]
    )  # fmt: skip
    _tag(ids, LabelTagger())
    expected = _table()
    # Given a database whose roll-up was lost (or never built)...
    FeedDayCount.objects.all().delete()
    FeedCountedNote.objects.all().delete()
    assert feed_counts(world.admin, FeedFilters()).total == 0

    call_command("rebuild_feed_counts", stdout=open("/dev/null", "w"))  # noqa: SIM115

    assert _table() == expected
    assert feed_counts(world.admin, FeedFilters(label="objection_price")).total == 4
    assert_counts_are_live(world)


@pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")
@pytest.mark.django_db(transaction=True)
def test_concurrent_writes_to_one_territory_lose_no_count(world: Any, api: Any) -> None:
    """Pushes and taggings in parallel all bump the same day-and-territory counters."""
    devices = [Device(api("alice")) for _ in range(4)]
    batches = [[uuid.uuid4() for _ in range(5)] for _ in devices]
    start = threading.Barrier(len(devices))
    errors: list[BaseException] = []

    def write(device: Device, ids: list[uuid.UUID]) -> None:
        try:
            start.wait(10)
            for obs_id in ids:
                data = observation_data(
                    world.hcp_north, note="copay rival", products=[str(world.own.pk)]
                )
                device.push([device.mutation("upsert", obs_id, data)])
                _tag([obs_id], LabelTagger())
        except BaseException as exc:  # noqa: BLE001 - reported by the main thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [
        threading.Thread(target=write, args=pair) for pair in zip(devices, batches, strict=True)
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(60)

    assert not errors, errors
    assert feed_counts(world.admin, FeedFilters(label="objection_price")).total == 20
    assert_counts_are_live(world)
    assert_rebuild_agrees()


@pytest.mark.django_db
def test_brand_scoped_analysts_see_live_equal_counts(world: Any, api: Any) -> None:
    """One brand is a product cell; several brands are counted live: both equal a live count."""
    from backend.accounts.models import Role
    from tests.factories import ProductFactory, UserFactory

    other = ProductFactory(name="Otherbrand", company="own")
    phone = Device(api("alice"))
    ids = [uuid.uuid4() for _ in range(4)]
    products = [[world.own], [world.own, world.rival], [other, world.rival], [other]]
    phone.push(
        [phone.mutation("upsert", i, observation_data(world.hcp_north, note=f"copay formulary {n}", products=[str(p.pk) for p in ps])) for n, (i, ps) in enumerate(zip(ids, products, strict=True))]
    )  # fmt: skip
    _tag(ids, LabelTagger())
    one_brand = UserFactory(username="onebrand", role=Role.ANALYST)
    one_brand.brands.set([world.own])
    two_brands = UserFactory(username="twobrands", role=Role.ANALYST)
    two_brands.brands.set([world.own, other])

    for user in (one_brand, two_brands):
        for filters in _filters(world):
            counts = feed_counts(user, filters)
            shown = {
                "total": counts.total,
                "labels": counts.labels,
                "products": counts.products,
                "competitors": counts.competitors,
                "territories": counts.territories,
            }
            assert shown == _live(user, filters), (user.username, filters)
    assert feed_counts(one_brand, FeedFilters()).total == 2
    assert feed_counts(two_brands, FeedFilters(competitor=world.rival.pk)).total == 2


@pytest.mark.django_db
def test_live_counts_stop_at_the_cap_and_say_so(
    world: Any, api: Any, client: Any, monkeypatch: Any
) -> None:
    monkeypatch.setattr("backend.insights.facets.FEED_COUNT_CAP", 2)
    phone = Device(api("alice"))
    ids = [uuid.uuid4() for _ in range(3)]
    phone.push(
        [phone.mutation("upsert", i, observation_data(world.hcp_north, note=f"copay {n}")) for n, i in enumerate(ids)]
    )  # fmt: skip
    _tag(ids, LabelTagger())

    # A text search over three notes, counted live up to two: "2+", and menus without numbers.
    capped = feed_counts(world.carol, FeedFilters(q="copay"))
    assert (capped.total, capped.total_capped, capped.total_shown) == (2, True, "2+")
    assert capped.labels is capped.products is capped.territories is None
    client.force_login(world.carol)
    html = client.get("/?q=copay").content.decode()
    assert re.search(r"<strong data-result-count data-capped[^>]*>2\+</strong>", html)
    assert 'id="menu-counts-capped"' in html
    assert 'value="objection_price" data-count' not in html
    # With a territory chosen, its menu (all territories) is past the cap, the total is not.
    north = feed_counts(world.admin, FeedFilters(q="copay", territory=world.north.pk))
    assert (north.total_shown, north.territories) == ("2+", None)
    south = feed_counts(world.admin, FeedFilters(q="copay", territory=world.south.pk))
    assert (south.total_shown, south.total_capped, south.territories) == ("0", False, None)
    # Under the cap the live count is exact, menus included; the roll-up is never capped.
    exact = feed_counts(world.carol, FeedFilters(q="copay 1"))
    assert (exact.total, exact.total_capped, exact.labels) == (
        1,
        False,
        {"objection_price": 1, ANY_OBJECTION: 1},
    )
    rolled = feed_counts(world.carol, FeedFilters(label="objection_price"))
    assert (rolled.total, rolled.total_capped) == (3, False)
    assert (
        "<strong data-result-count>3</strong>"
        in client.get("/?label=objection_price").content.decode()
    )


@pytest.mark.django_db
def test_the_first_page_reuses_the_live_counts_walk(world: Any, api: Any) -> None:
    from backend.insights.selectors import feed_page

    phone, south_phone = Device(api("alice")), Device(api("bob"))
    phone.push([phone.mutation("upsert", uuid.uuid4(), observation_data(world.hcp_north, note=f"copay {n}")) for n in range(4)])  # fmt: skip
    south_phone.push([south_phone.mutation("upsert", uuid.uuid4(), observation_data(world.hcp_south, note="copay"))])  # fmt: skip
    _tag(list(FeedCountedNote.objects.values_list("observation_id", flat=True)), LabelTagger())
    filters = FeedFilters(q="copay")

    counts = feed_counts(world.carol, filters)  # text: counted live, in the feed's order
    assert counts.newest is not None and len(counts.newest) == counts.total == 4
    reused = feed_page(world.carol, filters, limit=3, newest=counts.newest)
    walked = feed_page(world.carol, filters, limit=3)
    assert [o.pk for o in reused.observations] == [o.pk for o in walked.observations]
    assert reused.next_cursor == walked.next_cursor
    # Ids outside the filters (here: bob's note, outside carol's scope) are never shown.
    everyone = feed_counts(world.admin, filters).newest
    assert everyone is not None and len(everyone) == 5
    assert len(feed_page(world.carol, filters, newest=everyone).observations) == 4
    # The roll-up's counts walk nothing.
    assert feed_counts(world.carol, FeedFilters(label="objection_price")).newest is None
