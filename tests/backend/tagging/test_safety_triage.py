"""The tagger's reportable-safety triage is stored with the tags and reaches the device."""

from backend.sync.models import Change
from backend.tagging.models import ObservationLabel, ObservationTagging
from backend.tagging.services import observation_tag
from backend.tagging.tagger import catalog_as_dict
from nlp.api import load_tagger
from tests.backend.tagging.fakes import FakeTagger
from tests.factories import ObservationFactory


def test_a_tagged_adverse_event_stores_its_category_seriousness_and_evidence(world):
    # Given the real tagger with the catalog in the database (Ownbrand is ours)
    tagger = load_tagger(catalog=catalog_as_dict())
    note = "pt on Ownbrand had anaphylaxis after the 2nd dose, admitted to the ICU overnight"
    obs = ObservationFactory(rep=world.alice, hcp=world.hcp_north, note=note)

    # When it tags the note
    assert observation_tag(observation_id=str(obs.pk), rev=1, tagger=tagger) is True

    # Then the triage is stored beside the labels, offsets into the rep's note
    tagging = ObservationTagging.objects.get(observation=obs)
    assert tagging.safety["reportable"] is True
    assert tagging.safety["category"] == "adverse_reaction"
    assert {"hospitalisation", "life_threatening"} <= set(tagging.safety["seriousness"])
    assert any(note[s:e] == "anaphylaxis" for s, e, _ in tagging.safety["evidence"])
    assert ObservationLabel.objects.filter(observation=obs, label="adverse_event").exists()


def test_a_competitor_event_is_stored_as_not_reportable(world):
    tagger = load_tagger(catalog=catalog_as_dict())
    note = "pt on Rivalbrand had anaphylaxis after the 2nd dose, admitted overnight"
    obs = ObservationFactory(rep=world.alice, hcp=world.hcp_north, note=note)

    observation_tag(observation_id=str(obs.pk), rev=1, tagger=tagger)

    assert ObservationTagging.objects.get(observation=obs).safety["reportable"] is False
    assert not ObservationLabel.objects.filter(observation=obs, label="adverse_event").exists()


def test_a_tagger_without_triage_stores_an_empty_one(world):
    obs = ObservationFactory(rep=world.alice, hcp=world.hcp_north, note="copay")

    observation_tag(observation_id=str(obs.pk), rev=1, tagger=FakeTagger())

    assert ObservationTagging.objects.get(observation=obs).safety == {}
    change = Change.objects.get(entity="tags", entity_id=str(obs.pk))
    assert change.data["safety"] == {}
