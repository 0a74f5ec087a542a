"""The feed's result count and the per-option counts of its filter menus."""

import csv
import io
import re
from typing import Any

import pytest

from backend.insights.facets import feed_counts
from backend.insights.selectors import FeedFilters
from tests.backend.insights.helpers import tagged

pytestmark = pytest.mark.django_db


def _csv_rows(client: Any, query: str) -> int:
    body = b"".join(client.get(f"/feed.csv?{query}").streaming_content).decode()
    return len(list(csv.DictReader(io.StringIO(body))))


def _page_count(client: Any, query: str) -> int:
    html = client.get(f"/?{query}").content.decode()
    match = re.search(r"<strong data-result-count>(\d+)</strong>", html)
    assert match, "no data-result-count element"
    return int(match.group(1))


def _notes(world: Any) -> None:
    tagged(world.alice, "copay too high", labels={"objection_price": 0.9}, products=[world.own])
    tagged(
        world.alice,
        "copay and the rival is cheaper",
        labels={"objection_price": 0.9, "competitor_preference": 0.8},
        products=[world.own, world.rival],
    )
    tagged(world.alice, "wants reprints", labels={"content_request": 0.8})
    tagged(world.bob, "south copay", labels={"objection_price": 0.9}, products=[world.own])


@pytest.mark.parametrize(
    "query",
    [
        "",
        "label=objection_price",
        "product={own}",
        "competitor={rival}",
        "q=copay",
        "label=off_label",
    ],
)
def test_the_count_is_the_csv_row_count(client: Any, world: Any, query: str) -> None:
    _notes(world)
    query = query.format(own=world.own.pk, rival=world.rival.pk)
    for user in (world.carol, world.admin):
        client.force_login(user)
        assert _page_count(client, query) == _csv_rows(client, query)


def test_counts_stay_in_scope(client: Any, world: Any) -> None:
    _notes(world)
    client.force_login(world.carol)
    assert _page_count(client, "label=objection_price") == 2
    client.force_login(world.admin)
    assert _page_count(client, "label=objection_price") == 3


def test_each_menu_counts_under_the_other_filters(world: Any) -> None:
    _notes(world)
    counts = feed_counts(world.admin, FeedFilters(label="objection_price"))
    assert counts.total == 3
    # the label menu ignores the chosen label, the others honour it
    assert counts.labels == {
        "objection_price": 3,
        "competitor_preference": 1,
        "content_request": 1,
        "any_objection": 3,
    }
    assert counts.products == {world.own.pk: 3, world.rival.pk: 1}
    assert counts.territories == {world.north.pk: 2, world.south.pk: 1}
    narrowed = feed_counts(world.admin, FeedFilters(product=world.own.pk, territory=world.north.pk))
    assert narrowed.total == 2
    assert narrowed.products == {world.own.pk: 2, world.rival.pk: 1}
    assert narrowed.territories == {world.north.pk: 2, world.south.pk: 1}
    both = feed_counts(world.admin, FeedFilters(product=world.own.pk, competitor=world.rival.pk))
    assert both.total == 1
    assert both.products == {world.own.pk: 1, world.rival.pk: 1}
    assert both.competitors == {world.own.pk: 3, world.rival.pk: 1}


def test_the_menu_shows_each_option_count(client: Any, world: Any) -> None:
    _notes(world)
    client.force_login(world.admin)
    html = client.get("/").content.decode()
    assert 'value="objection_price" data-count="3">Price objection (3)' in html
    assert 'data-count="3">Ownbrand (3)' in html


@pytest.mark.parametrize("query", ["", "q=copay"])  # from the roll-up, and counted live
def test_the_any_objection_option_shows_its_count_too(client: Any, world: Any, query: str) -> None:
    # Given three notes with a price objection and one with no objection, one of them "copay"-free
    _notes(world)
    client.force_login(world.admin)
    # When the feed is opened (text-searched or not)
    html = client.get(f"/?{query}").content.decode()
    # Then "any objection" says how many notes it would match, as every other label option does
    expected = _page_count(client, f"{query}&label=any_objection")
    assert f'value="any_objection" data-count="{expected}">any objection ({expected})' in html
    assert expected == 3
