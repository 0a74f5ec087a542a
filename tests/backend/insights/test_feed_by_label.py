"""The feed filtered by one label walks the label's rows, which carry copies of their note's
arrival, visit time and territory: the copies follow every write, and the pages hold exactly
the notes (in order) that the notes themselves say. Runs on SQLite and on PostgreSQL."""

import datetime as dt
import uuid
from typing import Any

import pytest
from django.utils import timezone

from backend.insights.facets import feed_total
from backend.insights.selectors import FeedFilters, feed_iter, feed_page
from backend.observations.models import Observation
from backend.tagging.models import ObservationLabel
from tests.backend.insights.test_rollups import LabelTagger, _tag
from tests.backend.sync.helpers import Device
from tests.factories import observation_data

TODAY = timezone.now().date()


def _visit(days_ago: int) -> str:
    return (timezone.now() - dt.timedelta(days=days_ago, hours=1)).isoformat()


def _copies_match_notes() -> None:
    for row in ObservationLabel.objects.select_related("observation"):
        note = row.observation
        assert (row.note_created_at, row.note_visited_at, row.note_territory_id) == (
            note.created_at,
            note.visited_at,
            note.territory_id,
        )


@pytest.mark.django_db
def test_a_sync_edit_of_the_visit_moves_the_note_in_the_label_feed(world: Any, api: Any) -> None:
    # Given a tagged note visited two days ago
    phone = Device(api("alice"))
    note = uuid.uuid4()
    phone.push([phone.mutation("upsert", note, observation_data(world.hcp_north, note="copay", visited_at=_visit(2)))])  # fmt: skip
    _tag([note], LabelTagger("v1"))
    last_week = FeedFilters(label="objection_price", date_from=TODAY - dt.timedelta(days=7))
    long_ago = FeedFilters(
        label="objection_price",
        date_from=TODAY - dt.timedelta(days=25),
        date_to=TODAY - dt.timedelta(days=15),
    )
    assert [o.pk for o in feed_page(world.carol, last_week).observations] == [note]

    # When the rep moves the visit to 20 days ago (the label stands until re-tagged)
    phone.push([phone.mutation("upsert", note, {"visited_at": _visit(20)}, base_rev=1)])

    # Then the label's feed finds it on its new day only, and its count says the same
    _copies_match_notes()
    assert feed_page(world.carol, last_week).observations == []
    assert feed_total(world.carol, last_week) == 0
    assert [o.pk for o in feed_page(world.carol, long_ago).observations] == [note]
    assert feed_total(world.carol, long_ago) == 1


@pytest.mark.django_db
def test_label_pages_hold_the_notes_the_notes_say_in_order(world: Any, api: Any) -> None:
    # Given labelled and unlabelled notes in two territories, some deleted, visits out of order
    phone, south_phone = Device(api("alice")), Device(api("bob"))
    north = [uuid.uuid4() for _ in range(7)]
    south = uuid.uuid4()
    phone.push(
        [
            phone.mutation("upsert", pk, observation_data(world.hcp_north, note="copay" if n % 3 else "formulary", visited_at=_visit((n * 5) % 9)))
            for n, pk in enumerate(north)
        ]
    )  # fmt: skip
    south_phone.push([south_phone.mutation("upsert", south, observation_data(world.hcp_south, note="copay"))])  # fmt: skip
    _tag([*north, south], LabelTagger("v1"))
    phone.push([phone.mutation("delete", north[1], None, base_rev=1)])
    _copies_match_notes()

    for filters, key in [
        (FeedFilters(label="objection_price"), "created_at"),
        (
            FeedFilters(label="objection_price", date_from=TODAY - dt.timedelta(days=6)),
            "visited_at",
        ),
    ]:
        # When carol (north only) pages through the label's feed two notes at a time
        seen, cursor = [], None
        while True:
            page = feed_page(world.carol, filters, cursor=cursor, limit=2)
            seen += [o.pk for o in page.observations]
            if page.next_cursor is None:
                break
            cursor = page.next_cursor

        # Then she sees every live north note with the label, newest first, once each
        since = timezone.now() - dt.timedelta(days=365)
        if filters.date_from:
            since = dt.datetime.combine(filters.date_from, dt.time.min, tzinfo=dt.UTC)
        expected = list(
            Observation.objects.filter(
                territory=world.north,
                deleted=False,
                labels__label="objection_price",
                visited_at__gte=since,
            )
            .order_by(f"-{key}", "-id")
            .values_list("id", flat=True)
        )
        assert len(expected) >= 2 and north[1] not in expected and south not in expected
        assert seen == expected
        assert [o.pk for o in feed_iter(world.carol, filters)] == expected
        assert feed_total(world.carol, filters) == len(expected)
