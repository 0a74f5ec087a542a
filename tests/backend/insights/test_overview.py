"""The brand overview: its figures are the feed's counts behind their links."""

import datetime as dt
import html as htmllib
import re
from typing import Any

import pytest
from django.utils import timezone

from backend.insights.overview import brand_overview
from backend.observations.models import ObservationContent
from tests.backend.insights.helpers import tagged

pytestmark = pytest.mark.django_db


def _page_count(client: Any, href: str) -> int:
    page = client.get(href).content.decode()
    return int(re.search(r"<strong data-result-count>(\d+)</strong>", page).group(1))


def _world_notes(world: Any) -> None:
    now = timezone.now()
    a = tagged(
        world.alice,
        "copay too high, showed the old dosing card",
        labels={"objection_price": 0.9, "stale_content": 0.8},
        products=[world.own],
    )
    ObservationContent.objects.create(observation=a, asset=world.asset, version="1")
    b = tagged(
        world.alice,
        "prefers the rival for new starts",
        labels={"competitor_preference": 0.9, "objection_efficacy": 0.7},
        products=[world.own, world.rival],
    )
    ObservationContent.objects.create(observation=b, asset=world.asset, version="2")
    tagged(
        world.alice, "dizzy after first dose", labels={"adverse_event": 0.9}, products=[world.own]
    )
    tagged(world.alice, "samples please", labels={"sample_request": 0.9})
    tagged(
        world.alice,
        "copay again",
        labels={"objection_price": 0.9},
        products=[world.own],
        visited_at=now - dt.timedelta(days=40),
    )
    tagged(world.bob, "south copay", labels={"objection_price": 0.9}, products=[world.own])


def test_every_figure_is_the_feeds_count_behind_its_link(client: Any, world: Any) -> None:
    _world_notes(world)
    client.force_login(world.carol)
    page = client.get("/overview/?days=30").content.decode()
    figures = re.findall(r'data-figure="([\w-]+)" data-count="(\d+)" href="([^"]+)"', page)
    kinds = {kind for kind, _, _ in figures}
    assert {
        "notes",
        "objections",
        "theme",
        "competitor",
        "stale-reported",
        "stale-catalog",
    } <= kinds
    for _kind, count, href in figures:
        assert _page_count(client, htmllib.unescape(href)) == int(count), href
    found = {kind: int(count) for kind, count, _ in figures if kind != "theme"}
    assert found["notes"] == 4  # bob's note is out of carol's scope, the 40-day-old one too
    assert found["objections"] == 2
    assert found["stale-catalog"] == 1  # version 1 of an asset whose current version is 2
    assert found["competitor"] == 1
    assert "50%" in page  # share with any objection


def test_themes_move_against_the_previous_period(client: Any, world: Any) -> None:
    _world_notes(world)

    data = brand_overview(world.carol, product=None, days=30)
    price = next(f for f in data.themes if f.name == "Price objection")
    assert (price.count, price.previous, price.change) == (1, 1, 0)
    assert data.themes[0].count >= data.themes[-1].count


def test_a_brand_outside_the_analysts_scope_is_ignored(client: Any, world: Any) -> None:
    _world_notes(world)
    client.force_login(world.carol)
    page = client.get(f"/overview/?product={world.rival.pk}").content.decode()
    assert 'data-figure="notes" data-count="4"' in page


def test_each_signal_figure_opens_the_inbox_listing_exactly_those_signals(
    client: Any, world: Any
) -> None:
    from tests.backend.insights.alert_helpers import make_signal

    # Given unresolved signals of two severities on our brand, and one on the rival
    notes = [tagged(world.alice, f"copay {n}", labels={"objection_price": 0.9}) for n in range(3)]
    make_signal([notes[0]], severity="critical", product=world.own)
    make_signal([notes[1]], severity="high", product=world.own)
    make_signal([notes[2]], severity="high", product=world.rival)
    client.force_login(world.carol)
    for query, expected in (
        ("", {"Critical": 1, "High": 2}),
        (f"product={world.own.pk}", {"Critical": 1, "High": 1}),
    ):
        # When the overview (all brands, then one) is opened
        page = client.get(f"/overview/?{query}").content.decode()
        links = re.findall(r'data-signals="(\w+)" data-count="(\d+)" href="([^"]+)"', page)
        shown = {name: int(n) for name, n, _ in links}
        assert {k: v for k, v in shown.items() if v} == expected, query
        # Then each severity's number opens the inbox listing that many alerts
        for _name, count, href in links:
            inbox = client.get(htmllib.unescape(href)).content.decode()
            assert inbox.count('class="row alert-row') == int(count), href


def test_the_previous_period_says_when_the_data_began_inside_or_after_it(
    client: Any, world: Any
) -> None:
    # Given notes in carol's scope whose first visit is 40 days ago
    _world_notes(world)
    client.force_login(world.carol)
    # When the previous 30 days (59 to 30 days ago) began before the data did
    page = client.get("/overview/?days=30").content.decode()
    # Then the theme table says the previous period holds only 11 of its days
    assert 'data-previous-covered="11"' in page
    assert "holds only 11 of its 30 days" in page
    # When the previous period (179 to 90 days ago) ended before the data began
    data = brand_overview(world.carol, product=None, days=90)
    # Then no theme claims a movement against it
    assert data.themes and all(f.previous is None and f.change is None for f in data.themes)
    page = client.get("/overview/?days=90").content.decode()
    assert 'data-previous-covered="0"' in page and "nothing to compare with" in page
    # When the whole previous period lies after the data began, nothing is said
    assert "data-previous-covered" not in client.get("/overview/?days=7").content.decode()


def test_the_theme_charts_key_is_drawn_in_the_bars_colours() -> None:
    from backend.insights.charts import theme_chart

    svg = str(theme_chart([("Price objection", 5, 2, "/?label=objection_price")]))
    # the key's squares carry the classes of the bars they name (this period, previous period)
    assert '<tspan class="bar key">■</tspan> this period' in svg
    assert '<tspan class="bar prev key">■</tspan> previous period' in svg
    assert '<rect class="bar" ' in svg and '<rect class="bar prev" ' in svg


def test_report_clocks_read_in_days_and_acknowledged_ones_are_not_overdue(
    client: Any, world: Any
) -> None:
    from tests.backend.insights.alert_helpers import make_signal

    now = timezone.now()
    note = tagged(world.alice, "rash after the first dose", labels={"adverse_event": 0.9})
    ae = {"type": "adverse_event", "label": "adverse_event", "severity": "critical"}
    # Given a report 40 days past its clock, one acknowledged (its clock stopped) and 21 more
    late = make_signal([note], **ae, title="Late report", due_at=now - dt.timedelta(days=40))
    seen = make_signal(
        [note], **ae, title="Seen report", state="acknowledged", due_at=now - dt.timedelta(hours=2)
    )
    for n in range(21):
        make_signal([note], **ae, title=f"Report {n}", due_at=now + dt.timedelta(hours=n + 1))
    client.force_login(world.carol)
    page = client.get("/overview/").content.decode()
    rows = dict(re.findall(r'href="/alerts/([0-9a-f-]+)/">[^<]*</a>.*?<td class="([^"]*)">', page))
    # Then a long overdue clock reads in days, in red; the acknowledged one is not red
    assert re.search(r'<td class="overdue">overdue by 40 d 0 h</td>', page)
    assert rows[str(late.pk)] == "overdue" and rows[str(seen.pk)] == ""
    # And the list of 20 says how many more there are, linking to all of them in the inbox
    more = re.search(r'<a id="more-reports" href="([^"]+)">(\d+) more', page)
    assert more and more.group(2) == "3"
    inbox = client.get(htmllib.unescape(more.group(1))).content.decode()
    assert inbox.count('class="row alert-row') == 23


def test_figures_match_the_feed_for_a_scope_the_roll_up_cannot_answer(
    client: Any, world: Any
) -> None:
    from backend.accounts.models import Role
    from tests.factories import ProductFactory, UserFactory

    # Given an analyst of two brands (the roll-up's cells name one brand: counted note by note)
    _world_notes(world)
    two = UserFactory(username="two", role=Role.ANALYST)
    two.brands.set([world.own, ProductFactory(name="Otherbrand", company="own")])
    client.force_login(two)
    page = client.get("/overview/?days=30").content.decode()
    figures = re.findall(r'data-figure="([\w-]+)" data-count="(\d+)" href="([^"]+)"', page)
    # Then every figure is still the feed's count behind its link
    assert {"notes", "objections", "theme", "competitor"} <= {k for k, _, _ in figures}
    for _kind, count, href in figures:
        assert _page_count(client, htmllib.unescape(href)) == int(count), href
    assert dict((k, int(n)) for k, n, _ in figures if k in ("notes", "objections")) == {
        "notes": 4,  # the notes naming our brand in the period, north and south
        "objections": 3,  # two price objections and an efficacy doubt
    }
