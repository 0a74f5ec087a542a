"""Reportable safety on phrasing our dev notes do not use: outcomes on their own, a patient
the note never names, conditions that are topics, lab changes, shorthand and spelling."""

from typing import Any

import pytest
import spacy
from spacy.language import Language

import nlp.components  # noqa: F401  (registers the factories)
from nlp.pipeline import set_catalog

CATALOG: dict[str, Any] = {
    "products": [
        {
            "name": "Visorel",
            "aliases": ["VSR"],
            "company": "own",
            "indication": "prevention of migraine headaches in adults",
        },
        {"name": "Glaucira", "aliases": [], "company": "own"},
        {"name": "Optivance", "aliases": ["OPV"], "company": "competitor"},
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


def _safety(pipeline: Language, text: str) -> dict[str, Any]:
    return pipeline(text)._.safety


@pytest.mark.parametrize(
    ("text", "seriousness"),
    [
        ("Mr K on Visorel died on Tuesday, Dr doubts the drug had anything to do with it", "death"),
        ("Glaucira pt was admitted friday, nobody knows why yet", "hospitalisation"),
        ("she went to A&E the night after her first Visorel injection", "hospitalisation"),
        ("baby born with a cleft lip, mum took Visorel all through the first trimester",
         "congenital_anomaly"),
        ("on Glaucira 2 yrs and now in a wheelchair, permanently disabled", "disability"),
    ],
)  # fmt: skip
def test_a_serious_outcome_is_an_event_on_its_own(rules, text, seriousness):
    safety = _safety(rules, text)
    assert safety["reportable"] is True
    assert seriousness in safety["seriousness"]


@pytest.mark.parametrize(
    ("reportable", "not_reportable"),
    [
        # an outcome on ours vs on a competitor's
        ("pt on Visorel was hospitalised with pneumonia", "pt on Optivance was hospitalised "
         "with pneumonia, Dr moving her to Visorel"),
        # an outcome vs its absence
        ("pt ended up in the ER two days after starting Visorel",
         "no more ER trips since starting Visorel, pt thrilled"),
        # a hospital admission vs a doctor owning up
        ("Glaucira pt admitted overnight for fluids", "Dr admitted his Glaucira pt is doing well"),
        # an outcome vs the data about outcomes
        ("Visorel pt hospitalized with pancreatitis",
         "Dr wants the hospitalization data for Visorel before he uses it more"),
    ],
)  # fmt: skip
def test_outcome_minimal_pairs(rules, reportable, not_reportable):
    assert _safety(rules, reportable)["reportable"] is True
    assert _safety(rules, not_reportable)["reportable"] is False


@pytest.mark.parametrize(
    ("reportable", "not_reportable"),
    [
        # a note about one patient's course that never says "pt" vs talk about patients
        ("QTc prolonged to 520 on Visorel, Dr held the next dose",
         "Dr says his pts on Visorel have had QTc prolonged in the past, wants ECG guidance"),
        # an event vs a rate of it
        ("syncopal episode on Visorel last week, hit her head",
         "Dr asked for the syncopal episode rates on Visorel vs placebo"),
        # the patient named after the event vs nobody at all
        ("severe site pain with the Visorel pump, she pulled the cannula out",
         "Dr asks whether site pain with the Visorel pump is common"),
    ],
)  # fmt: skip
def test_a_patient_the_note_never_names(rules, reportable, not_reportable):
    assert _safety(rules, reportable)["reportable"] is True
    assert _safety(rules, not_reportable)["reportable"] is False


@pytest.mark.parametrize(
    ("reportable", "not_reportable"),
    [
        # the condition treated got worse vs the condition as the subject of a chat
        ("headaches much worse on Visorel, 20 days a month now",
         "talked headaches for 20 min with Dr Reyes about Visorel, she liked the new data"),
        # a condition as an event vs a condition naming who the patients are
        ("pt developed gout on Glaucira, first flare ever",
         "his gout pts have mostly been on Glaucira, happy with it"),
    ],
)  # fmt: skip
def test_the_condition_treated_or_named_is_no_event(rules, reportable, not_reportable):
    assert _safety(rules, reportable)["reportable"] is True
    assert _safety(rules, not_reportable)["reportable"] is False


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("pt on Visorel developed SJS, admitted to the burns unit", "adverse_reaction"),
        ("DRESS on Glaucira, eosinophils sky high, admitted", "adverse_reaction"),
        ("AKI on Glaucira, creatinine doubled in a month", "adverse_reaction"),
        ("ALT/AST up 5x on Visorel at the 3 month check", "adverse_reaction"),
        ("transaminitis a month after starting Glaucira", "adverse_reaction"),
        ("angioedema of the lips an hour after her Visorel infusion", "adverse_reaction"),
        ("hypoglycaemia overnight after the Glaucira dose", "adverse_reaction"),
        ("pt neutropaenic on Visorel, ANC 0.4", "adverse_reaction"),
        ("she had a siezure on Visorel at the weekend", "adverse_reaction"),
        ("diarrhoea and ankle oedema since Visorel was started", "adverse_reaction"),
        ("plts dropped to 40 on Glaucira", "adverse_reaction"),
        ("she took her Visorel 12 months past the expiry date", "special_situation"),
        ("the kid chewed his Glaucira capsule", "special_situation"),
        ("Visorel carton printed with the wrong strength", "product_complaint"),
        ("pharmacy fridge failed overnight, their Visorel pens sat at room temp",
         "product_complaint"),
    ],
)  # fmt: skip
def test_shorthand_british_spelling_and_misspellings(rules, text, category):
    safety = _safety(rules, text)
    assert safety["reportable"] is True
    assert category in safety["categories"]


def test_a_lab_value_that_did_nothing_is_no_event(rules):
    assert _safety(rules, "ALT checked at 3 months on Visorel, normal")["reportable"] is False
    assert _safety(rules, "ALT up at 3 months on Visorel")["reportable"] is True
