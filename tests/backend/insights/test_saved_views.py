"""Saved views: save, share (each analyst sees their own scope), subscribe, daily digest."""

import datetime as dt
import re
from typing import Any

import pytest
from django.core import mail
from django.utils import timezone

from backend.accounts.models import Role
from backend.insights.models import DigestSent, SavedView
from backend.insights.tasks import send_view_digests
from tests.backend.insights.helpers import tagged
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _count(html: str) -> int:
    return int(re.search(r"<strong data-result-count>(\d+)</strong>", html).group(1))


@pytest.fixture
def dana(world: Any) -> Any:
    """A second analyst, scoped to the south."""
    user = UserFactory(username="dana", role=Role.ANALYST, email="dana@example.com")
    user.scope_territories.set([world.south])
    return user


def test_save_keeps_only_the_feeds_filters(client: Any, world: Any) -> None:
    client.force_login(world.carol)
    response = client.post(
        "/views/save",
        {"name": "  Price  objections ", "query": "label=objection_price&cursor=abc&junk=1"},
    )
    assert response.status_code == 302
    view = SavedView.objects.get(owner=world.carol)
    assert (view.name, view.query) == ("Price objections", "label=objection_price")
    assert client.post("/views/save", {"name": "", "query": ""}).status_code == 302
    assert SavedView.objects.count() == 1


def test_a_shared_view_shows_each_analyst_their_own_scope(
    client: Any, world: Any, dana: Any
) -> None:
    tagged(world.alice, "north copay", labels={"objection_price": 0.9})
    tagged(world.alice, "north copay again", labels={"objection_price": 0.9})
    tagged(world.bob, "south copay", labels={"objection_price": 0.9})
    client.force_login(world.carol)
    client.post("/views/save", {"name": "Price", "query": "label=objection_price"})
    view = SavedView.objects.get()
    client.force_login(dana)
    assert 'data-view="Price"' not in client.get("/views/").content.decode()  # not shared
    assert client.post(f"/views/{view.pk}/act", {"action": "subscribe"}).status_code == 302
    assert not view.subscriptions.exists()
    client.force_login(world.carol)
    client.post(f"/views/{view.pk}/act", {"action": "share"})
    assert _count(client.get("/?" + view.query).content.decode()) == 2
    client.force_login(dana)
    listing = client.get("/views/").content.decode()
    href = re.search(r'class="open-view" href="([^"]+)">Price<', listing).group(1)
    assert _count(client.get(href.replace("&amp;", "&")).content.decode()) == 1
    # dana may not change carol's view
    client.post(f"/views/{view.pk}/act", {"action": "delete"})
    client.post(f"/views/{view.pk}/act", {"action": "delete", "confirm": "yes"})
    assert SavedView.objects.filter(pk=view.pk).exists()
    asked = client.get(f"/views/?confirm_delete={view.pk}").content.decode()
    assert "Yes, delete" not in asked  # never offered on another analyst's view


def test_deleting_a_view_takes_a_second_confirming_post(client: Any, world: Any) -> None:
    # Given carol's saved view
    client.force_login(world.carol)
    client.post("/views/save", {"name": "Price", "query": "label=objection_price"})
    view = SavedView.objects.get()
    # When she presses Delete once
    response = client.post(f"/views/{view.pk}/act", {"action": "delete"})
    # Then nothing is deleted: the list asks her to confirm, on that row
    assert SavedView.objects.filter(pk=view.pk).exists()
    assert response.status_code == 302
    assert response["Location"] == f"/views/?confirm_delete={view.pk}#view-{view.pk}"
    page = client.get(response["Location"]).content.decode()
    assert "Delete “Price”?" in page
    assert 'name="confirm" value="yes"' in page and "Yes, delete" in page
    assert 'href="/views/"' in page  # "Keep it" leaves it alone
    # And a malformed confirm_delete is ignored, not an error
    assert client.get("/views/?confirm_delete=x" + "9" * 40).status_code == 200
    # When she confirms
    client.post(f"/views/{view.pk}/act", {"action": "delete", "confirm": "yes"})
    # Then the view is gone
    assert not SavedView.objects.filter(pk=view.pk).exists()


def test_the_digest_job_runs_twice_and_sends_one_email(world: Any, dana: Any) -> None:
    yesterday = timezone.now() - dt.timedelta(days=1)
    tagged(
        world.bob,
        "Pt Jane Roe copay too high",
        redacted="Pt [PATIENT_NAME] copay too high",
        pii=[[3, 11, "PATIENT_NAME"]],
        labels={"objection_price": 0.9},
        created_at=yesterday,
    )
    tagged(world.bob, "south reprints", labels={"content_request": 0.9}, created_at=yesterday)
    tagged(world.alice, "north copay", labels={"objection_price": 0.9}, created_at=yesterday)
    from backend.insights import saved_views

    view = saved_views.view_save(dana, name="South price", query="label=objection_price")
    saved_views.view_subscribe(dana, view.pk, on=True)
    day = yesterday.date().isoformat()

    assert send_view_digests(day) == 1
    assert send_view_digests(day) == 0
    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == ["dana@example.com"]
    assert "1 new note " in message.body
    assert "[PATIENT_NAME]" in message.body
    assert "Jane" not in message.body and "Roe" not in message.body
    assert "north copay" not in message.body  # out of dana's scope
    assert DigestSent.objects.get().notes == 1


def test_unsharing_stops_other_analysts_digests(world: Any, dana: Any) -> None:
    from backend.insights import saved_views

    world.carol.email = "carol@example.com"
    world.carol.save()
    view = saved_views.view_save(world.carol, name="All", query="")
    saved_views.view_share(world.carol, view.pk, shared=True)
    saved_views.view_subscribe(dana, view.pk, on=True)
    saved_views.view_subscribe(world.carol, view.pk, on=True)
    saved_views.view_share(world.carol, view.pk, shared=False)
    assert send_view_digests(timezone.now().date().isoformat()) == 1
    assert mail.outbox[0].to == ["carol@example.com"]


def test_subscribing_without_an_email_address_says_no_digest_can_reach_you(
    client: Any, world: Any, dana: Any
) -> None:
    from backend.insights import saved_views

    # Given carol, whose account has no e-mail address, and a view of hers
    assert not world.carol.email
    view = saved_views.view_save(world.carol, name="Copay", query="q=copay")
    client.force_login(world.carol)
    # When she subscribes to its digest
    page = client.post(f"/views/{view.pk}/act", {"action": "subscribe"}, follow=True)
    html = page.content.decode()
    # Then she is told that no digest can reach her, and the list keeps saying so
    assert "no e-mail address" in html and 'id="no-email"' in html
    assert 'id="no-email"' in client.get("/views/").content.decode()
    # And an analyst with an address gets no such warning
    client.force_login(dana)
    saved_views.view_share(world.carol, view.pk, shared=True)
    html = client.post(f"/views/{view.pk}/act", {"action": "subscribe"}, follow=True)
    assert "no e-mail address" not in html.content.decode()


def test_a_shared_filter_outside_the_analysts_scope_is_named_not_hidden(
    client: Any, world: Any
) -> None:
    from tests.factories import ProductFactory

    # Given an analyst scoped to one brand, and a view filtered on another brand and the south
    other = ProductFactory(name="Otherbrand", company="own")
    erin = UserFactory(username="erin", role=Role.ANALYST)
    erin.brands.set([world.own])
    tagged(world.alice, "copay", labels={"objection_price": 0.9}, products=[world.own])
    client.force_login(erin)
    # When she opens it
    html = client.get(f"/?product={other.pk}&territory={world.south.pk}").content.decode()
    # Then the page says which filters lie outside her scope (her menus cannot show them)
    notice = re.search(r'<p class="notice" id="outside-scope">(.*?)</p>', html, re.S)
    assert notice and "Otherbrand" in notice.group(1)
    assert _count(html) == 0
    # And offers the feed without them, which shows her notes again
    link = re.search(r'id="outside-scope-clear" href="([^"]*)"', notice.group(1))
    assert link and f"territory={world.south.pk}" in link.group(1)
    assert "product=" not in link.group(1)
    assert _count(client.get(link.group(1).replace("&amp;", "&")).content.decode()) == 0
    assert _count(client.get("/").content.decode()) == 1
    # Filters inside her scope raise no notice
    assert 'id="outside-scope"' not in client.get(f"/?product={world.own.pk}").content.decode()
