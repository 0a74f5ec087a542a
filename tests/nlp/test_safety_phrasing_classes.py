"""Reportable safety, minimal pairs per category and per precision class (issue 12, round 3):
each pair differs in the one phrase that decides it. Written fresh, not from any split."""

from typing import Any

import pytest
import spacy
from spacy.language import Language

import nlp.components  # noqa: F401  (registers the factories)
from nlp.pipeline import set_catalog

CATALOG: dict[str, Any] = {
    "products": [
        {
            "name": "Dermaluna",
            "aliases": ["DML"],
            "company": "own",
            "indication": "moderate to severe atopic dermatitis in adults",
        },
        {"name": "Fosterin", "aliases": [], "company": "own", "indication": "osteoporosis"},
        {"name": "Rivalex", "aliases": [], "company": "competitor"},
    ]
}


@pytest.fixture(scope="module")
def rules() -> Language:
    pipeline = spacy.blank("en")
    for name in ("fieldsignal_sentencizer", "fieldsignal_catalog_ruler", "fieldsignal_negation"):
        pipeline.add_pipe(name)
    pipeline.add_pipe("fieldsignal_safety")
    set_catalog(pipeline, CATALOG)
    return pipeline


def _reportable(pipeline: Language, text: str) -> bool:
    return bool(pipeline(text)._.safety["reportable"])


def _category(pipeline: Language, text: str) -> str | None:
    return pipeline(text)._.safety["category"]


# -- recall: one pair per category, lay phrasing --------------------------------------


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("pt on Fosterin says her hair is coming out, 3rd month on it", "adverse_reaction"),
        ("Mrs A on Dermaluna - passive SI and low mood since the 2nd shot", "adverse_reaction"),
        ("52M on Fosterin, creat 1.1 to 1.9 at the 3 mo check", "adverse_reaction"),
        ("pt on Fosterin, plts 210 to 70 last wk", "adverse_reaction"),
        ("pt on Dermaluna dx'd with a new lymphoma, Dr not sure it's related", "adverse_reaction"),
        ("Dermaluna pen - no dose came out, pt tried twice", "product_complaint"),
        ("opened a Fosterin box, nothing inside, seal was broken", "product_complaint"),
        ("pt used Dermaluna every day for weeks, now rebound headaches", "special_situation"),
        ("pt on Fosterin found out she's pregnant, 8 wks along", "special_situation"),
    ],
)  # fmt: skip
def test_each_category_in_lay_words(rules, text, category):
    assert _category(rules, text) == category


def test_a_lab_value_that_improved_is_no_event(rules):
    assert _reportable(rules, "pt on Fosterin, creat 1.1 to 1.9 at the 3 mo check")
    assert not _reportable(rules, "pt on Fosterin, creat 1.9 to 1.1 at the 3 mo check")
    assert not _reportable(rules, "pt on Fosterin, plts 70 to 210 last wk")


# -- precision: one minimal pair per phrasing class ------------------------------------


@pytest.mark.parametrize(
    ("case", "not_case"),
    [
        # improvement of the condition treated vs a new symptom
        ("pt on Dermaluna 2 mo, new itching on her back",
         "pt on Dermaluna 2 mo, less itching on her back"),
        ("pt on Dermaluna got a rash on her arms, it cleared after stopping",
         "pt on Dermaluna 2 mo, the rash has cleared"),
        # the condition was the reason to start vs an event after the start
        ("Fosterin for a 70 yo woman, fx 2 wks after her first shot",
         "Fosterin for a 70 yo woman after a hip fx, first shot given"),
        ("she had a stroke after starting Fosterin",
         "Dr started her on Fosterin after her stroke"),
        # a population by its condition vs counted patients
        ("2 of her pts on Dermaluna w/ rashes since the switch",
         "Dr sees lots of kids w/ rashes, wants Dermaluna samples"),
        # a question asked vs an event that happened
        ("pt on Fosterin got the shot every 2 wks instead of 4 by mistake",
         "pt asked if he can get the Fosterin shot every 2 wks instead of 4"),
        ("pt on Dermaluna had side effects, nausea mostly",
         "Dermaluna: side effects? Dr says nothing worth mentioning"),
        # a word that names a topic vs an event
        ("pt on Fosterin had a TIA last month",
         "Dr past the TIA scare with Fosterin, starting new pts again"),
        ("pt on Dermaluna is pregnant, found out last wk",
         "Dr asked for the Dermaluna pregnancy + lactation data for her clinic"),
        # figurative headaches
        ("pt on Dermaluna gets headaches after every dose",
         "no more access headaches for Dermaluna at this office"),
        # general comparison vs a patient's tremor
        ("pt on Fosterin has a tremor since the 2nd dose",
         "Dr on tremor with Fosterin: less than on Rivalex in her experience"),
        # a place named after dosing is no exposure
        ("pt asked if he can get Dermaluna sooner, he got the infusion every 2 wks instead of 4",
         "nurse at the infusion ctr said pt asked if he can get Dermaluna every 2 wks instead of 4"),
    ],
)  # fmt: skip
def test_minimal_pairs_per_precision_class(rules, case, not_case):
    assert _reportable(rules, case), case
    assert not _reportable(rules, not_case), not_case


# -- the classifier alone ---------------------------------------------------------------


def _classifier_decides(pipeline: Language, text: str, score: float) -> dict[str, Any]:
    detector = pipeline.get_pipe("fieldsignal_safety").detector
    doc = pipeline(text)
    return detector.detect(
        doc, classifier_positive=True, score=score, unnamed_gate=0.2, alone_gate=0.8
    ).to_dict()


def test_a_classifier_positive_without_evidence_needs_a_high_score(rules):
    text = "Dermaluna denied for the pt again, insurer wants the old chart notes"
    low = _classifier_decides(rules, text, score=0.6)
    high = _classifier_decides(rules, text, score=0.9)
    assert (low["reportable"], low["vetoed"]) == (False, "no_evidence")
    assert (high["reportable"], high["decided_by"]) == (True, "classifier")


def test_a_reporting_cue_is_evidence_for_the_classifier(rules):
    text = "Dermaluna pt from last month is doing fine now, Dr already reported it"
    assert _classifier_decides(rules, text, score=0.6)["reportable"] is True


def test_the_gate_is_saved_with_the_component(rules, tmp_path):
    pipe = rules.get_pipe("fieldsignal_safety")
    pipe.to_disk(tmp_path)
    other = spacy.blank("en").add_pipe("fieldsignal_safety", config={"classifier_alone_gate": 0.3})
    other.from_disk(tmp_path)
    assert other.classifier_alone_gate == pipe.classifier_alone_gate == 0.8
