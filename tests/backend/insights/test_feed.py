"""The insight feed page: scope, redaction, filters and keyset pagination."""

import datetime as dt
from typing import Any

import pytest
from django.utils import timezone

from backend.accounts.models import Role
from backend.insights.selectors import FeedFilters, feed_page
from tests.backend.insights.helpers import tagged
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_anonymous_visitor_is_sent_to_login(client: Any, world: Any) -> None:
    response = client.get("/")
    assert response.status_code == 302
    assert response["Location"].startswith("/login/?next=/")


def test_reps_and_machines_are_refused_the_analyst_pages(client: Any, world: Any) -> None:
    for user in (world.alice, world.orchestrator):
        client.force_login(user)
        assert client.get("/").status_code == 403
        assert client.get("/feed.csv").status_code == 403


def test_analyst_sees_redacted_notes_of_their_territory_only(client: Any, world: Any) -> None:
    # Given a note from each territory, the north one naming a patient
    north = tagged(
        world.alice,
        "Pt Jane Roe asked about copay",
        redacted="Pt [PATIENT_NAME] asked about copay",
        pii=[[3, 11, "PATIENT_NAME"]],
        labels={"objection_price": 0.9},
    )
    south = tagged(world.bob, "South note about formulary", labels={"objection_access": 0.8})
    # When carol (analyst, north) opens the feed
    client.force_login(world.carol)
    html = client.get("/").content.decode()
    # Then she sees the north note, redacted, and nothing of the south one
    assert f'id="obs-{north.pk}"' in html
    assert "[PATIENT_NAME]" in html and "Jane Roe" not in html
    assert str(south.pk) not in html and "formulary" not in html
    assert "Price objection" in html


def test_a_note_awaiting_redaction_shows_no_text(client: Any, world: Any) -> None:
    obs = tagged(world.alice, "Pt Jane Roe DOB 1/2/1950", untagged=True)
    client.force_login(world.carol)
    html = client.get("/").content.decode()
    assert f'id="obs-{obs.pk}"' in html
    assert "Awaiting redaction" in html
    assert "Jane" not in html and "1950" not in html


def test_brand_scoped_analyst_sees_only_notes_about_their_brands(client: Any, world: Any) -> None:
    brand_analyst = UserFactory(username="dora", role=Role.ANALYST)
    brand_analyst.brands.set([world.own])
    about = tagged(world.bob, "Ownbrand copay issue", products=[world.own])
    other = tagged(world.bob, "Rival talk only", products=[world.rival])
    client.force_login(brand_analyst)
    html = client.get("/").content.decode()
    assert str(about.pk) in html
    assert str(other.pk) not in html


@pytest.mark.parametrize(
    ("param", "expect"),
    [
        ("label=objection_price", {"price"}),
        ("product=OWN", {"price", "own_only"}),
        ("competitor=RIVAL", {"rival"}),
        ("q=FORMULARY", {"rival"}),
        ("rep=ALICE2", {"own_only"}),
    ],
)
def test_filters_narrow_the_feed(client: Any, world: Any, param: str, expect: set[str]) -> None:
    alice2 = UserFactory(username="alice2", role=Role.REP, territory=world.north)
    notes = {
        "price": tagged(
            world.alice, "copay too high", labels={"objection_price": 0.9}, products=[world.own]
        ),
        "rival": tagged(
            world.alice,
            "prefers rival, formulary win",
            labels={"competitor_preference": 0.8},
            products=[world.rival],
        ),
        "own_only": tagged(
            alice2, "asked for reprints", labels={"content_request": 0.7}, products=[world.own]
        ),
    }
    param = (
        param.replace("OWN", str(world.own.pk))
        .replace("RIVAL", str(world.rival.pk))
        .replace("ALICE2", str(alice2.pk))
    )
    client.force_login(world.carol)
    html = client.get(f"/?{param}").content.decode()
    shown = {name for name, obs in notes.items() if f'id="obs-{obs.pk}"' in html}
    assert shown == expect


def test_date_range_filters_on_the_visit_day(client: Any, world: Any) -> None:
    today = timezone.now().replace(hour=12)
    old = tagged(world.alice, "old visit", visited_at=today - dt.timedelta(days=10))
    new = tagged(world.alice, "new visit", visited_at=today)
    client.force_login(world.carol)
    day = (today - dt.timedelta(days=2)).date().isoformat()
    html = client.get(f"/?date_from={day}").content.decode()
    assert str(new.pk) in html and str(old.pk) not in html
    html = client.get(f"/?date_to={day}").content.decode()
    assert str(old.pk) in html and str(new.pk) not in html


def test_bad_filter_values_are_ignored_with_a_message(client: Any, world: Any) -> None:
    tagged(world.alice, "copay")
    client.force_login(world.carol)
    response = client.get("/?date_from=yesterday&label=nonsense")
    assert response.status_code == 200
    assert "Ignored the date from filter" in response.content.decode()


def test_keyset_pages_neither_skip_nor_repeat_notes_with_equal_times(world: Any) -> None:
    # Given 7 notes, several created in the same microsecond
    same = timezone.now() - dt.timedelta(minutes=5)
    ids = set()
    for i in range(7):
        at = same if i < 4 else same + dt.timedelta(seconds=i)
        ids.add(tagged(world.alice, f"note {i}", created_at=at).pk)
    # When the feed is walked three at a time
    seen: list[Any] = []
    cursor = None
    while True:
        page = feed_page(world.carol, FeedFilters(), cursor=cursor, limit=3)
        seen += [o.pk for o in page.observations]
        if page.next_cursor is None:
            break
        cursor = page.next_cursor
    # Then every note comes exactly once, newest first
    assert len(seen) == 7 and set(seen) == ids


def test_older_notes_link_walks_the_feed_and_a_broken_cursor_starts_over(
    client: Any, world: Any
) -> None:
    for i in range(55):
        tagged(world.alice, f"note number {i}", created_at=timezone.now() - dt.timedelta(minutes=i))
    client.force_login(world.carol)
    first = client.get("/").content.decode()
    assert "note number 0<" in first and "note number 54<" not in first
    assert 'rel="next"' in first
    cursor = first.split('rel="next" href="?cursor=')[1].split('"')[0]
    second = client.get(f"/?cursor={cursor}").content.decode()
    assert "note number 54<" in second and "note number 0<" not in second
    broken = client.get("/?cursor=garbage!!").content.decode()
    assert "note number 0<" in broken and "not valid" in broken


def test_with_a_visit_date_range_the_feed_is_in_visit_order_and_pages_walk_it(world: Any) -> None:
    now = timezone.now()
    # Arrival order is the reverse of visit order here: the oldest visit synced last
    notes = [
        tagged(
            world.alice,
            f"visit {i}",
            visited_at=now - dt.timedelta(hours=i),
            created_at=now - dt.timedelta(minutes=10 - i),
        )
        for i in range(5)
    ]
    filters = FeedFilters(date_from=(now - dt.timedelta(days=2)).date())
    first = feed_page(world.carol, filters, limit=3)
    assert [o.pk for o in first.observations] == [n.pk for n in notes[:3]]
    rest = feed_page(world.carol, filters, cursor=first.next_cursor, limit=3)
    assert [o.pk for o in rest.observations] == [n.pk for n in notes[3:]]
    unfiltered = feed_page(world.carol, FeedFilters(), limit=5)
    assert [o.pk for o in unfiltered.observations] == [n.pk for n in reversed(notes)]


def test_the_feed_says_what_it_is_sorted_by_and_shows_when_each_note_arrived(
    client: Any, world: Any
) -> None:
    # Given a note visited three days ago that reached the server an hour ago
    now = timezone.now()
    received = now - dt.timedelta(hours=1)
    late = tagged(
        world.alice, "late sync", visited_at=now - dt.timedelta(days=3), created_at=received
    )
    client.force_login(world.carol)
    # When carol opens the feed unfiltered
    html = client.get("/").content.decode()
    # Then it says the order is arrival, and the row shows its visit and its arrival time
    assert 'id="order-note" data-order="received"' in html
    assert "newest <strong>received</strong> first" in html
    row = html.split(f'id="obs-{late.pk}"')[1].split("</header>")[0]
    assert f"visited {late.visited_at:%d %b %Y %H:%M}" in row
    assert f'datetime="{received.isoformat()}"' in row
    assert f"received {received:%d %b %H:%M}" in row
    # And with a visit-date range set, the note says the order is by visit
    ranged = client.get(f"/?date_from={(now - dt.timedelta(days=5)).date()}").content.decode()
    assert 'id="order-note" data-order="visited"' in ranged
