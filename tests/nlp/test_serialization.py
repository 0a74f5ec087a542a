"""The whole pipeline and each custom component survive to_disk/from_disk and bytes."""

import pytest
import spacy

from nlp.api import Tagger, load_tagger
from nlp.pipeline import build_pipeline, classifier_config

NOTES = [
    "pt on Visorel had eye pain after injection, reported to drug safety",
    "no pushback on price, wants more samples. PA Jenny asked about VSR-101-v1",
    "Dr. Ito uses Visorel for diabetic macular edema in a 45 yo",
]


def test_whole_pipeline_round_trip(tagger: Tagger, catalog: dict, tmp_path) -> None:
    tagger.nlp.to_disk(tmp_path / "model")
    reloaded = load_tagger(tmp_path / "model")
    assert reloaded.model_version == tagger.model_version
    # The catalog set before saving travels with the model ...
    assert [r.to_dict() for r in reloaded.tag_many(NOTES)] == [
        r.to_dict() for r in tagger.tag_many(NOTES)
    ]
    # ... and a fresh load of the committed model carries none until one is set.
    assert load_tagger().tag(NOTES[0]).entities == []


def test_pipeline_is_built_from_registered_factories(tagger: Tagger) -> None:
    assert tagger.nlp.pipe_names == [
        "fieldsignal_sentencizer",
        "fieldsignal_pii",
        "fieldsignal_lemmatizer",
        "fieldsignal_catalog_ruler",
        "fieldsignal_negation",
        "fieldsignal_normalizer",
        "textcat_multilabel",
        "fieldsignal_compliance",
        "fieldsignal_off_label",
        "fieldsignal_safety",
    ]
    # The architecture is the one the model's training recorded (1.x models: the bag of words).
    classifier = tagger.nlp.meta["fieldsignal"].get("classifier", "bow")
    model = tagger.nlp.config["components"]["textcat_multilabel"]["model"]
    assert model["@architectures"] == classifier_config(classifier)["@architectures"]


@pytest.mark.parametrize(
    "name",
    [
        "fieldsignal_sentencizer",
        "fieldsignal_lemmatizer",
        "fieldsignal_catalog_ruler",
        "fieldsignal_negation",
        "fieldsignal_normalizer",
        "fieldsignal_compliance",
        "fieldsignal_off_label",
    ],
)
def test_each_component_round_trips_through_disk_and_bytes(tagger, catalog, name, tmp_path):
    nlp = build_pipeline(catalog)
    nlp.initialize()
    source = tagger.nlp.get_pipe(name)
    target = nlp.get_pipe(name)
    source.to_disk(tmp_path / name)
    target.from_disk(tmp_path / name)
    assert target.to_bytes() == source.to_bytes()
    target.from_bytes(source.to_bytes())
    assert target.to_bytes() == source.to_bytes()


def test_compliance_state_keeps_tuned_thresholds(tagger: Tagger, tmp_path) -> None:
    compliance = tagger.nlp.get_pipe("fieldsignal_compliance")
    compliance.to_disk(tmp_path / "c")
    nlp = spacy.blank("en")
    nlp.add_pipe("textcat_multilabel")
    fresh = nlp.add_pipe("fieldsignal_compliance").from_disk(tmp_path / "c")
    assert fresh.thresholds == compliance.thresholds
    assert fresh.thresholds  # a trained model has tuned thresholds
