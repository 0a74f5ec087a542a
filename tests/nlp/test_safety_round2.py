"""Reportable safety, round 2 (issue 12): minimal pairs for the phrasing classes that
independent writers used and the rules misread. Each pair differs in the phrase that decides
it. Written fresh, not copied from any note."""

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


PAIRS = [
    # a start still to come: the condition is why, not what the product did
    (
        "pt has thrush and weight loss. Started Fosterin last month.",
        "pt has thrush and weight loss. Starting Fosterin next week.",
    ),
    # the event is why a drug that is not ours was stopped
    (
        "Mrs K stopped Fosterin (made her dizzy), doing fine off it",
        "Mrs K stopped gabapentin (made her dizzy), doing great on Fosterin",
    ),
    (
        "Dr took a pt off Fosterin because of terrible itching, put him on Rivalex",
        "Dr took a pt off his old opioid because of terrible itching, put him on Fosterin",
    ),
    # what was asked, with the person asked in between, is no occurrence
    (
        "Mr B told Dr Lee the bruising came back on Fosterin",
        "Mr B asked Dr Lee if the bruising he had on Rivalex would come back on Fosterin",
    ),
    # a fear of an event is no event
    (
        "pt on Fosterin 10 mg, had bleeding gums last wk",
        "pt on Fosterin 10 mg bc she is scared of bleeding",
    ),
    # an improvement told with link words, a frequency that fell
    (
        "pt's back pain is way worse since starting Fosterin",
        "pt's back pain is way better since starting Fosterin",
    ),
    (
        "pt went from mild headaches to daily migraines on Dermaluna",
        "pt went from daily headaches to maybe 2 a month on Dermaluna",
    ),
    # an interval the prescriber approved vs one given by mistake
    (
        "pt got Fosterin at 3 months instead of 6, office caught it",
        "pt comes in for Fosterin every 3 months instead of 6, Dr OK'd it for travel",
    ),
    # an administrative slip is no medication error
    (
        "pt's Fosterin was given by mistake to her sister",
        "pt's Fosterin hub case was closed by mistake, reopening it",
    ),
    # an event told after the sentence that put the patient on ours
    (
        "Dr put a pt who failed Rivalex on Fosterin. pt now has a big thigh hematoma.",
        "Dr put a pt who failed Fosterin on Rivalex. pt now has a big thigh hematoma.",
    ),
    # accidental injection into the wrong place
    (
        "kid found the Dermaluna pen and stuck it in his own hand",
        "kid found the Dermaluna pen and put it in his own bag",
    ),
    # the note retracts the event
    (
        "the bruising on Mrs D started after her first Fosterin dose",
        "false alarm: the bruising on Mrs D was from a fall before her first Fosterin dose",
    ),
    # training staff on reporting is no complaint
    (
        "school nurse says the Dermaluna pen misfired, she kept the unit",
        "trained the school staff on Dermaluna pens and on reporting any misfire",
    ),
    # a switch not made exposes nobody
    (
        "pt is pregnant, 6 wks, been on Fosterin since May",
        "pt is pregnant, so Dr decided not to switch her to Fosterin",
    ),
    # a lab value that moved the harmful way, shorthand analyte
    (
        "pt on Fosterin, Cr 1.4 to 2.6 in 3 wks",
        "pt on Fosterin, Cr 2.6 to 1.4 in 3 wks",
    ),
    # an improvement word that is part of the event ("less appetite") is no improvement
    (
        "pt on Fosterin has less appetite since the 2nd dose",
        "pt on Fosterin has less pain since the 2nd dose",
    ),
    (
        "pt on Fosterin making less urine, creat pending",
        "pt on Fosterin making less fuss about the shots",
    ),
    # MRI lesions are disease activity; skin lesions are an event
    (
        "pt on Dermaluna, new skin lesions on her arms",
        "pt on Dermaluna, 2 lesions on MRI, neuro following",
    ),
]


@pytest.mark.parametrize(("case", "not_case"), PAIRS)
def test_round2_minimal_pair(rules: Language, case: str, not_case: str) -> None:
    assert rules(case)._.safety["reportable"], case
    assert not rules(not_case)._.safety["reportable"], not_case


@pytest.mark.parametrize(
    ("text", "group"),
    [
        ("pt on Fosterin gained 25 lbs in 6 months", "adverse_reaction:metabolic"),
        ("pt on Fosterin lost 8kg since the spring", "adverse_reaction:metabolic"),
        (
            "Fosterin pt 1 wk post hip surgery, wound oozing, back to the OR",
            "adverse_reaction:outcome",
        ),
        ("pt on Fosterin was intubated in the ICU", "adverse_reaction:outcome"),
        ("Mrs H's box of Fosterin pens: two with stripped threads", "product_complaint:quality"),
        ("pt on Fosterin ran out 10 days early, admits taking extra", "special_situation:misuse"),
    ],
)
def test_round2_event_phrasing(rules: Language, text: str, group: str) -> None:
    safety = rules(text)._.safety
    assert safety["reportable"], text
    assert group in {label for _, _, label in safety["evidence"]}, safety["evidence"]


def test_weight_without_unit_is_no_event(rules: Language) -> None:
    assert not rules("the Fosterin office gained 25 new pts this year")._.safety["reportable"]


def test_hits_on_the_same_words_come_out_in_one_order_whatever_the_input_order() -> None:
    # Two lexicon groups of one section on the same words: which one is reported must not
    # depend on set iteration order (string hashing differs between processes).
    from nlp.safety.doc_context import Hit
    from nlp.safety.hits import _longest

    a = Hit(3, 5, "adverse_reaction", "gi")
    b = Hit(3, 5, "adverse_reaction", "metabolic")
    assert _longest([a, b]) == _longest([b, a]) == [a]
