"""Small errors an analyst (and a rep) ran into on the web pages."""

from typing import Any

import pytest

from backend.accounts.models import Role
from backend.insights.selectors import filter_choices
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
