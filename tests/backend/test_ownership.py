"""Every endpoint so far, seen by two reps, an analyst, the orchestrator and anonymous."""

import uuid

import pytest

from backend.tagging.models import ObservationTagging
from tests.factories import HCPFactory, ObservationFactory, TerritoryFactory

LIST_ENDPOINTS = [
    "/api/v1/observations/",
    "/api/v1/hcps/",
    "/api/v1/products/",
    "/api/v1/content-assets/",
    "/api/v1/me",
    "/api/v1/sync/pull",
]


@pytest.fixture
def notes(world):
    far = TerritoryFactory(code="FAR")
    return {
        "alice": ObservationFactory(
            rep=world.alice, hcp=world.hcp_north, note="pt Jane Roe had a rash"
        ),
        "bob": ObservationFactory(rep=world.bob, hcp=world.hcp_south, note="bob's note"),
        "far": ObservationFactory(
            rep=world.bob, territory=far, hcp=HCPFactory(territory=far), note="far away"
        ),
    }


def _ids(response):
    return {row["id"] for row in response.json()["results"]}


@pytest.mark.parametrize("path", LIST_ENDPOINTS)
def test_anonymous_gets_401_everywhere(world, api, path):
    assert api(None).get(path).status_code == 401


def test_each_rep_sees_only_their_own_observations(world, api, notes):
    assert _ids(api("alice").get("/api/v1/observations/")) == {str(notes["alice"].pk)}
    assert _ids(api("bob").get("/api/v1/observations/")) == {
        str(notes["bob"].pk),
        str(notes["far"].pk),
    }
    assert api("bob").get(f"/api/v1/observations/{notes['alice'].pk}").status_code == 404


def test_analyst_sees_only_their_territories(world, api, notes):
    assert _ids(api("carol").get("/api/v1/observations/")) == {str(notes["alice"].pk)}
    assert api("carol").get(f"/api/v1/observations/{notes['bob'].pk}").status_code == 404


def test_analyst_scoped_by_brand_sees_only_notes_about_it(world, api, notes):
    world.carol.scope_territories.clear()
    world.carol.brands.set([world.rival])
    notes["bob"].products.add(world.rival)
    assert _ids(api("carol").get("/api/v1/observations/")) == {str(notes["bob"].pk)}


def test_orchestrator_and_admin_see_everything(world, api, notes):
    everything = {str(n.pk) for n in notes.values()}
    assert _ids(api("orchestrator").get("/api/v1/observations/")) == everything
    assert _ids(api("admin").get("/api/v1/observations/")) == everything


def test_home_office_sees_only_redacted_text_and_nothing_before_redaction(world, api, notes):
    note = notes["alice"]
    pending = api("carol").get(f"/api/v1/observations/{note.pk}").json()
    assert pending["text"] is None and pending["redaction_pending"] is True

    ObservationTagging.objects.create(
        observation=note,
        observation_rev=1,
        model_version="t",
        redacted_text="pt [PATIENT_NAME] had a rash",
    )

    for who in ["carol", "orchestrator", "admin"]:
        body = api(who).get(f"/api/v1/observations/{note.pk}").json()
        assert body["text"] == "pt [PATIENT_NAME] had a rash", who
        assert "Jane Roe" not in str(body)
    assert (
        api("alice").get(f"/api/v1/observations/{note.pk}").json()["text"]
        == "pt Jane Roe had a rash"
    )


def test_hcps_are_scoped_to_the_reps_territory(world, api):
    alice_hcps = {row["id"] for row in api("alice").get("/api/v1/hcps/").json()["results"]}
    assert alice_hcps == {world.hcp_north.pk}
    assert {row["id"] for row in api("carol").get("/api/v1/hcps/").json()["results"]} == {
        world.hcp_north.pk
    }
    assert len(api("orchestrator").get("/api/v1/hcps/").json()["results"]) == 2


def test_unknown_observation_is_404_with_code(world, api):
    response = api("alice").get(f"/api/v1/observations/{uuid.uuid4()}")
    assert (response.status_code, response.json()["error"]["code"]) == (404, "not_found")
