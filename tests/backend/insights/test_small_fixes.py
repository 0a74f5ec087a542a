"""Small errors an analyst (and a rep) ran into on the web pages."""

import re
from typing import Any

import pytest

from backend.accounts.models import Role
from backend.insights.selectors import filter_choices
from backend.observations.models import ObservationContent
from tests.backend.insights.helpers import tagged
from tests.factories import ProductFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_a_rep_gets_a_page_that_sends_them_to_the_rep_app(client: Any, world: Any) -> None:
    client.force_login(world.alice)
    for url in ("/", "/trends/", "/alerts/"):
        response = client.get(url)
        assert response.status_code == 403
        html = response.content.decode()
        assert "These pages are for HQ analysts" in html
        assert 'href="/app/"' in html
        # the app signs in on its own (a device token): the rep is told before it asks again
        assert "asks once for the same username and password" in html
        assert 'action="/logout/"' in html
        assert "Trends</a>" not in html  # no navigation to pages they cannot open


def test_the_rep_can_log_out_from_that_page(client: Any, world: Any) -> None:
    client.force_login(world.alice)
    client.post("/logout/")
    assert client.get("/").status_code == 302


def test_competitor_menu_lists_only_rivals_of_the_analysts_brands(world: Any) -> None:
    heart = ProductFactory(name="Heartbrand", company="own", therapeutic_area="Cardiology")
    ProductFactory(name="Lungbrand", company="own", therapeutic_area="Respiratory")
    heart_rival = ProductFactory(
        name="Heartrival", company="competitor", therapeutic_area="Cardiology"
    )
    ProductFactory(name="Lungrival", company="competitor", therapeutic_area="Respiratory")
    analyst = UserFactory(username="analyst2", role=Role.ANALYST)
    analyst.brands.set([heart])
    choices = filter_choices(analyst)
    assert [p.name for p in choices.products] == ["Heartbrand"]
    assert [p.name for p in choices.competitors] == [heart_rival.name]


def test_the_note_page_explains_the_tokens_the_text_shows(client: Any, world: Any) -> None:
    obs = tagged(
        world.alice,
        "Pt Jane Roe copay",
        redacted="Pt [PATIENT_NAME] copay",
        pii=[[3, 11, "PATIENT_NAME"]],
        labels={"objection_price": 0.9},
    )
    client.force_login(world.carol)
    html = client.get(f"/observations/{obs.pk}/").content.decode()
    assert '<span class="redacted">[PATIENT_NAME]</span> or' in html
    assert "[…]" not in html


def test_any_objection_is_a_feed_filter_not_a_label_to_add(client: Any, world: Any) -> None:
    obs = tagged(world.alice, "copay", labels={"objection_price": 0.9})
    tagged(world.alice, "reprints", labels={"content_request": 0.9})
    client.force_login(world.carol)
    assert 'value="any_objection"' not in client.get(f"/observations/{obs.pk}/").content.decode()
    feed = client.get("/?label=any_objection").content.decode()
    assert "<strong data-result-count>1</strong>" in feed


def test_saved_views_list_their_filters_by_name_not_by_id(client: Any, world: Any) -> None:
    # Given a view filtered by product, territory, rep, dates and stale content
    client.force_login(world.carol)
    query = (
        f"label=objection_price&product={world.own.pk}&territory={world.north.pk}"
        f"&rep={world.alice.pk}&date_from=2026-11-01&q=copay&stale_asset={world.asset.pk}"
    )
    client.post("/views/save", {"name": "Busy", "query": query})
    # When the analyst lists their views
    html = client.get("/views/").content.decode()
    row = re.search(r'<tr data-view="Busy"[^>]*>.*?filters-text">(.*?)</td>', html, re.S).group(1)  # type: ignore[union-attr]
    # Then the filters read as names and words, and no database id or query key shows
    for words in (
        "label: <span>price objection</span>",
        "product: <span>Ownbrand</span>",
        f"territory: <span>N — {world.north.name}</span>",
        "rep: <span>alice</span>",
        "visited: <span>01 Nov 2026 to today</span>",
        "text: <span>“copay”</span>",
        "stale version of: <span>OWN-DOS-2</span>",
    ):
        assert words in row
    assert "product=" not in row and "objection_price" not in row
    client.post("/views/save", {"name": "Everything", "query": ""})
    assert "(no filter)" in client.get("/views/").content.decode()


def test_the_stale_content_filter_names_the_asset(client: Any, world: Any) -> None:
    client.force_login(world.carol)
    html = client.get(f"/?stale_asset={world.asset.pk}").content.decode()
    notice = re.search(r'id="stale-asset-filter">(.*?)</p>', html, re.S).group(1)  # type: ignore[union-attr]
    assert "OWN-DOS-2" in notice
    assert f"#{world.asset.pk}" not in notice


def test_the_overview_says_one_note_not_one_notes(client: Any, world: Any) -> None:
    shown = tagged(
        world.alice,
        "dizzy after the old dosing card",
        labels={"adverse_event": 0.9, "stale_content": 0.8},
        products=[world.own],
    )
    ObservationContent.objects.create(observation=shown, asset=world.asset, version="1")
    client.force_login(world.carol)
    text = re.sub(r"<[^>]+>", "", client.get("/overview/?days=30").content.decode())
    text = " ".join(text.split())
    assert "1 note tagged outdated content" in text
    assert "1 note tagged adverse event" in text
    assert re.search(r"OWN-DOS-2 \(.*?\)\s*1 note\b", text)
    assert "Outdated content: 1 note (previous period 0)" in text  # the chart's hover text
    assert "1 notes" not in text
