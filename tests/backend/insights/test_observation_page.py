"""The observation page and tag corrections."""

from typing import Any

import pytest

from backend.audit.models import AuditEvent
from backend.tagging.models import LabelCorrection, ObservationLabel
from tests.backend.insights.helpers import tagged

pytestmark = pytest.mark.django_db

NOTE = "Pt Jane Roe: copay too high, wants reprints of the trial summary."
REDACTED = "Pt [PATIENT_NAME]: copay too high, wants reprints of the trial summary."


def _note(world: Any) -> Any:
    return tagged(
        world.alice,
        NOTE,
        redacted=REDACTED,
        pii=[[3, 11, "PATIENT_NAME"]],
        evidence=[[13, 27, "objection_price"]],
        labels={"objection_price": 0.91},
        products=[world.own],
    )


def test_page_shows_redacted_note_labels_confidence_model_and_evidence(
    client: Any, world: Any
) -> None:
    obs = _note(world)
    client.force_login(world.carol)
    html = client.get(f"/observations/{obs.pk}/").content.decode()
    assert "[PATIENT_NAME]" in html and "Jane" not in html
    assert '<mark class="evidence" data-labels="objection_price"' in html
    assert ">copay too high</mark>" in html
    assert "0.91" in html and "test-1" in html
    assert "Ownbrand" in html


def test_note_outside_scope_is_not_found_for_page_and_correction(client: Any, world: Any) -> None:
    obs = tagged(world.bob, "south note", labels={"objection_price": 0.9})
    client.force_login(world.carol)
    assert client.get(f"/observations/{obs.pk}/").status_code == 404
    response = client.post(
        f"/observations/{obs.pk}/labels", {"label": "objection_price", "action": "remove"}
    )
    assert response.status_code == 404
    assert ObservationLabel.objects.filter(observation=obs).count() == 1
    assert not LabelCorrection.objects.exists()


def test_analyst_adds_and_removes_labels_stored_audited_and_shown_as_corrected(
    client: Any, world: Any
) -> None:
    obs = _note(world)
    client.force_login(world.carol)
    # When carol adds content_request and removes objection_price
    client.post(f"/observations/{obs.pk}/labels", {"label": "content_request", "action": "add"})
    response = client.post(
        f"/observations/{obs.pk}/labels",
        {"label": "objection_price", "action": "remove"},
        follow=True,
    )
    # Then the effective labels changed, each correction is stored and audited
    labels = {lab.label: lab.source for lab in ObservationLabel.objects.filter(observation=obs)}
    assert labels == {"content_request": "analyst"}
    corrections = list(
        LabelCorrection.objects.filter(observation=obs).values_list(
            "label", "action", "analyst__username"
        )
    )
    assert corrections == [
        ("content_request", "add", "carol"),
        ("objection_price", "remove", "carol"),
    ]
    audited = AuditEvent.objects.filter(entity="tagging.labelcorrection")
    assert audited.count() == 2 and {e.via for e in audited} == {"web"}
    assert {e.actor_username for e in audited} == {"carol"}
    # And the page shows it as corrected, with the history
    html = response.content.decode()
    assert "corrected by analyst" in html
    assert "label content request added by an analyst" in html
    assert "label price objection removed by an analyst" in html
    assert "saved for retraining" in html


def test_a_correction_that_changes_nothing_is_refused_with_a_message(
    client: Any, world: Any
) -> None:
    obs = _note(world)
    client.force_login(world.carol)
    response = client.post(
        f"/observations/{obs.pk}/labels", {"label": "objection_price", "action": "add"}, follow=True
    )
    assert "already on this note" in response.content.decode()
    assert not LabelCorrection.objects.exists()


def test_unknown_labels_are_refused(client: Any, world: Any) -> None:
    obs = _note(world)
    client.force_login(world.carol)
    client.post(f"/observations/{obs.pk}/labels", {"label": "made_up", "action": "add"})
    assert not LabelCorrection.objects.exists()


def test_history_names_changed_fields_but_never_shows_the_raw_note(client: Any, world: Any) -> None:
    obs = _note(world)
    AuditEvent.objects.create(
        actor_username="alice",
        via="sync",
        entity="observations.observation",
        entity_id=str(obs.pk),
        action="update",
        before={"note": "Pt Jane Roe old text", "channel": "phone"},
        after={"note": NOTE, "channel": "in_person"},
    )
    client.force_login(world.carol)
    html = client.get(f"/observations/{obs.pk}/").content.decode()
    assert "changed channel, note" in html
    assert "Jane" not in html


def test_history_names_the_changed_fields_in_words_not_keys(client: Any, world: Any) -> None:
    obs = _note(world)
    # Given a rep's edit as the sync write audits it (every field of the note, its revision too)
    before = {"note": "old", "visited_at": "2026-12-01T10:00:00Z", "content_shown": [], "rev": 1}
    after = {"note": NOTE, "visited_at": "2026-12-01T11:00:00Z", "content_shown": [{"asset": "A"}]}
    AuditEvent.objects.create(
        actor_username="alice",
        via="sync",
        entity="observations.observation",
        entity_id=str(obs.pk),
        action="update",
        before={**before, "hcp": "h1", "captured_at": "x", "deleted": False},
        after={**after, "rev": 2, "hcp": "h2", "captured_at": "y", "deleted": False},
    )
    client.force_login(world.carol)
    html = client.get(f"/observations/{obs.pk}/").content.decode()
    # Then the history says what changed in words, without the revision counter
    assert "changed HCP, visit time, note text, content shown, device capture time" in html
    assert (
        "visited_at" not in html
        and "content_shown" not in html
        and "rev" not in html.split("changed HCP")[1].split("</li>")[0]
    )
