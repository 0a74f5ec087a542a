"""Minimal pairs on the committed model: a negated, resolved or hypothetical mention must
not carry the label its plain form carries. Brand names come from a catalog that no
training note used (see conftest.UNSEEN_CATALOG)."""

import pytest

from nlp.api import Tagger

PAIRS = [
    # (label, note that has it, note that must not)
    (
        "objection_price",
        "Dr. Reyes: lots of pushback on price for Visorel, copay too high for her pts",
        "Dr. Reyes: no pushback on price for Visorel, copay card covers it",
    ),
    (
        "objection_price",
        "Dr. Reyes says Visorel is too expensive for her Medicare pts",
        "Dr. Reyes says Visorel cost is no longer an issue for her Medicare pts",
    ),
    (
        "sample_request",
        "Dr. Ito asked for more Visorel samples",
        "Dr. Ito has plenty of Visorel samples, didn't need any",
    ),
    (
        "adverse_event",
        "pt on Visorel had eye pain and blurry vision 2 days after injection, reported to drug safety",
        "no SEs in any of her Visorel pts so far",
    ),
    (
        "adverse_event",
        "pt on Visorel had eye pain and blurry vision 2 days after injection, reported to drug safety",
        "pt on Optivance had eye pain and blurry vision 2 days after injection",
    ),
    (
        "adverse_event",
        "pt on Visorel had eye pain and blurry vision 2 days after injection, reported to drug safety",
        "Dr. Kim asked what happens if a pt gets eye pain after a Visorel injection",
    ),
    (
        "objection_access",
        "Visorel not covered by Aetna, PA denied twice",
        "Visorel approved by Aetna in 2 days, no coverage issues at all",
    ),
    (
        "competitor_preference",
        "Dr. Ito prefers Optivance for new wet AMD pts, switching everyone",
        "Dr. Ito prefers Visorel for new wet AMD pts, very happy with results",
    ),
    (
        "off_label",
        "Dr. Ito uses Visorel for diabetic macular edema in some pts",
        "Dr. Ito uses Visorel for wet AMD in his older pts, very happy with results",
    ),
    (
        "stale_content",
        "office still using VSR-101-v1, the outdated prep guide",
        "left VSR-101-v2 prep guides at the front desk",
    ),
]


@pytest.mark.parametrize("label,positive,negative", PAIRS)
def test_minimal_pair(tagger: Tagger, label: str, positive: str, negative: str) -> None:
    assert label in tagger.tag(positive).label_names
    assert label not in tagger.tag(negative).label_names


def test_adverse_event_on_own_product_after_a_competitor_switch(tagger: Tagger) -> None:
    result = tagger.tag(
        "Dr. Kim switched a pt from Optivance to Visorel; pt developed floaters and eye pain "
        "after the 2nd Visorel shot. reported AE"
    )
    assert "adverse_event" in result.label_names


def test_competitor_side_effect_is_never_an_adverse_event(tagger: Tagger) -> None:
    result = tagger.tag("NP said a pt on Optivance got severe eye inflammation, reported to them")
    assert "adverse_event" not in result.label_names


@pytest.mark.parametrize(
    "note",
    [
        "Dr. Lee asked what we'd do if a pt had an allergic reaction to Visorel",
        "what if a pt on Visorel gets endophthalmitis? worried about infection risk generally",
    ],
)
def test_hypothetical_safety_question_is_not_an_adverse_event(tagger: Tagger, note: str) -> None:
    assert "adverse_event" not in tagger.tag(note).label_names


@pytest.mark.parametrize(
    "note",
    [
        "Visorel pt had hives + swelling after injection, office reported it",
        "pt on visoranib hospitalized w/ eye infection 3 days after the shot - filed AE report",
        "Visorl prefilled syringe malfunctioned, needle bent. product complaint filed",
    ],
)
def test_paraphrased_adverse_events_on_own_product(tagger: Tagger, note: str) -> None:
    assert "adverse_event" in tagger.tag(note).label_names
