"""A pipeline trained from scratch with the shipped classifier (a few notes, two epochs)
survives to_disk/from_disk, vectors and thresholds included, and needs no package or
network to load."""

import sys

import pytest

from nlp.api import load_tagger
from nlp.data.build import load_sources
from nlp.pipeline import CLASSIFIERS, DEFAULT_CLASSIFIER, build_pipeline
from nlp.training import classify, preprocess, to_examples, train_textcat, tune_thresholds

NOTES = [
    "no pushback on price. wants Visorel samples for 2 new pts",
    "Dr. Ito used to complain about the copay, now fine",
    "pt on Visorel had eye pain after injection, reported to drug safety",
    "office still has VSR-101-v1, swapped the old ones out for VSR-101-v2",
]


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    notes = load_sources("train")[::25]  # ~130 notes from every catalog
    nlp = build_pipeline()
    nlp.initialize()
    docs = preprocess(nlp, notes)
    train_textcat(nlp, to_examples(docs, notes), epochs=2)
    tune_thresholds(nlp, docs, notes, classify(nlp, docs))
    path = tmp_path_factory.mktemp("scratch") / "model"
    nlp.meta["fieldsignal"] = {"model_version": "fieldsignal-themes-0.0.0-test"}
    nlp.to_disk(path)
    return nlp, path


@pytest.mark.parametrize("classifier", CLASSIFIERS)
def test_every_candidate_builds(classifier):
    assert build_pipeline(classifier=classifier).get_pipe("textcat_multilabel")


def test_scratch_model_round_trips(trained, catalog, monkeypatch):
    nlp, path = trained
    # Loading must not need the package the vectors came from.
    monkeypatch.setitem(sys.modules, "wordllama", None)
    reloaded = load_tagger(path, catalog)
    assert reloaded.model_version == "fieldsignal-themes-0.0.0-test"
    from nlp.pipeline import set_catalog

    set_catalog(nlp, catalog)
    before = [doc.cats for doc in nlp.pipe(NOTES)]
    after = [r.scores for r in reloaded.tag_many(NOTES)]
    for b, a in zip(before, after, strict=True):
        assert {k: round(v, 4) for k, v in b.items()} == a
    compliance = reloaded.nlp.get_pipe("fieldsignal_compliance")
    # Thresholds travel through JSON: equal to the last bit is not promised, equal as numbers is.
    assert compliance.thresholds == pytest.approx(nlp.get_pipe("fieldsignal_compliance").thresholds)


def test_shipped_classifier_keeps_its_vectors(trained):
    nlp, path = trained
    if DEFAULT_CLASSIFIER != "scoped_vectors":
        pytest.skip("the shipped classifier has no static vectors")
    import spacy

    reloaded = spacy.load(path)
    layer = next(
        node
        for node in reloaded.get_pipe("textcat_multilabel").model.walk()
        if node.name == "fieldsignal_scoped_vectors"
    )
    assert layer.get_param("E").shape == (32000, 256)
    assert len(layer.attrs["pieces"]) == 32000
