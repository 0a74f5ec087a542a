"""Minimal pairs on the committed model: a negated, resolved or hypothetical mention must
not carry the label its plain form carries. Brand names come from a catalog that no
training note used (see conftest.UNSEEN_CATALOG)."""

import pytest

from nlp.api import Tagger, load_tagger
from nlp.theme_cues import THEME_CUES
from tests.nlp.conftest import UNSEEN_CATALOG

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


# Resolution scopes ("used to", "no longer", "past the", "fixed", "behind them", "swapped
# the old ones out", "up to date", "not anymore"), praise in objection words, and which way
# a switch goes. These need a model trained with the 2.0 negation component.
RESOLUTION_PAIRS = [
    (
        "objection_price",
        "Dr. Reyes says the Visorel copay is too high for her pts",
        "Dr. Reyes used to complain about the Visorel copay, now the savings card covers it",
    ),
    (
        "objection_price",
        "cost of Visorel is a real problem for his Medicare pts",
        "Visorel cost complaints are behind them now, the new benefit cap fixed it",
    ),
    (
        "objection_price",
        "Visorel too expensive",
        "no price complaints about Visorel anymore",
    ),
    (
        "objection_access",
        "PA for Visorel takes weeks with Aetna, pts waiting",
        "we're past the PA issues with Aetna, Visorel approvals are fast now",
    ),
    (
        "objection_access",
        "Aetna no longer covers Visorel",
        "Visorel PA trouble with Aetna - not anymore",
    ),
    (
        "content_request",
        "Dr. Ito asked for the Visorel prep guides and reprints",
        "no objections and no requests today, Dr. Ito just chatted about golf",
    ),
    (
        "stale_content",
        "office still has the old VSR-101-v1 guide on the wall",
        "office has the current VSR-101-v2 guide, swapped the old ones out",
    ),
    (
        "stale_content",
        "front desk is still handing out VSR-101-v1, the outdated version",
        "all Visorel materials in this office are up to date",
    ),
    (
        "objection_safety",
        "Dr. Kim worried about inflammation risk with Visorel in general",
        "Dr. Kim no longer worried about inflammation with Visorel",
    ),
    (
        "objection_dosing",
        "Dosing frequency is the issue with Visorel for his pts",
        "dosing frequency not an issue anymore, his pts like the 8 week interval",
    ),
    (
        "patient_support",
        "hub enrollment for Visorel stuck for 3 weeks, nobody calls pts back",
        "the Visorel hub enrollment glitch got fixed, pts enrolled in 2 days",
    ),
    (
        "objection_efficacy",
        "Dr. Ito doubts Visorel vision gains hold up in his pts",
        "Great feedback on Visorel - vision scores moving the right way",
    ),
    (
        "positive_feedback",
        "Great feedback on Visorel - vision scores moving the right way",
        "Dr. Ito doubts Visorel vision gains hold up in his pts",
    ),
    (
        "competitor_preference",
        "Dr. Ito switching his wet AMD pts from Visorel to Optivance",
        "Dr. Ito switched his wet AMD pts from Optivance to Visorel, very pleased",
    ),
    (
        "sample_request",
        "asked for Glaucira samples for the new pts",
        "no sample requests, plenty of Glaucira in the closet",
    ),
    (
        "objection_safety",
        "worried about eye inflammation with Visorel",
        "no safety concerns with Visorel, pts doing fine",
    ),
    (
        "objection_access",
        "Glaucira not covered by Humana, step through generics first",
        "Glaucira coverage problems with Humana resolved last month",
    ),
]


# 2.1: predicates that negate their subject ("X isn't an issue", "a non issue", "handled",
# "went through"), "stopped worrying about", praise told as a resolved objection, switches.
# These need a model whose negation component carries the 2.1 cues (saved with the model).
PAIRS_2_1 = [
    (
        "objection_price",
        "Visorel copay is too high for his pts",
        "Visorel copay isn't an issue for his pts anymore, the card covers it",
    ),
    (
        "objection_price",
        "cost of Glaucira is a real problem for her Medicare pts",
        "Dr. Reyes said the Glaucira cost thing is a non issue here",
    ),
    (
        "objection_access",
        "Visorel PA denied again at Cigna, pts waiting",
        "the Visorel appeal at Cigna went through, pts starting next wk",
    ),
    (
        "objection_safety",
        "Dr. Kim worried about infection risk with Visorel injections",
        "Dr. Kim stopped worrying about infection risk with Visorel after she saw the data",
    ),
    (
        "positive_feedback",
        "Visorel PA now instant through the portal, office thrilled, 3 new starts",
        "Visorel PA takes weeks through the portal, office frustrated",
    ),
    (
        "positive_feedback",
        "Dr. Ito was skeptical of Visorel, saw his own pts' scans and is a believer now",
        "Dr. Ito not convinced Visorel holds vision gains in his pts",
    ),
    (
        "objection_efficacy",
        "Dr. Ito not convinced Visorel holds vision gains in his pts",
        "Dr. Ito was skeptical of Visorel, saw his own pts' scans and is a believer now",
    ),
    (
        "competitor_preference",
        "Dr. Ito prefers Optivance, keeps all new wet AMD pts on it",
        "Dr. Ito moved his Optivance pts to Visorel this qtr, happy with it",
    ),
    (
        "objection_dosing",
        "Glaucira evening drop is hard for his pts to remember",
        "Glaucira dosing not a problem for his pts, they remember the evening drop fine",
    ),
    (
        "content_request",
        "need more Visorel prep guides, they ran out",
        "no requests today, guides fully stocked",
    ),
]


# 2.2: the past told as past ("at first", "initially", "previously", "last time"), "X is
# gone" after a problem word, "working again", "is history", scope ends ("tho", "anymore"),
# and the scope veto (a theme named only inside a negated or resolved scope). Written fresh
# for the unseen catalog; each pair is checked both ways.
PAIRS_2_2 = [
    (
        "objection_price",
        "Dr. Reyes says the Visorel copay is too much for her retirees",
        "Dr. Reyes had copay complaints at first, now the card covers it for her retirees",
    ),
    (
        "objection_price",
        "Visorel deductible is hurting her pts in January",
        "nothing on price this time, the deductible issue is history for her pts",
    ),
    (
        "objection_access",
        "Glaucira PA keeps getting denied at Cigna",
        "the Glaucira PA hassle at Cigna is basically gone, approvals in a day",
    ),
    (
        "objection_access",
        "step edit through generics for Glaucira at Humana, pts stuck",
        "no access barriers for Glaucira at Humana tho, pts starting fine",
    ),
    (
        "objection_dosing",
        "Dr. Kim says the Visorel injection schedule is a burden for her pts",
        "Dr. Kim's worry about the Visorel injection schedule is gone, pts like the interval",
    ),
    (
        "objection_dosing",
        "pts can't remember the Glaucira evening drop",
        "no dosing trouble w/ Glaucira, pts use the evening drop fine",
    ),
    (
        "objection_efficacy",
        "Dr. Ito doubts the Visorel efficacy data in his own pts",
        "Dr. Ito initially doubted the Visorel efficacy data, now a believer",
    ),
    (
        "objection_efficacy",
        "Dr. Ito doesn't think Visorel beats Optivance on vision",
        "Dr. Ito has no efficacy doubts about Visorel anymore after his own pts",
    ),
    (
        "objection_safety",
        "Dr. Kim worried about retinal detachment risk w/ Visorel",
        "Dr. Kim previously worried about detachment risk w/ Visorel, now reassured by the data",
    ),
    (
        "patient_support",
        "Visorel hub enrollment stuck, copay card rejected at the pharmacy",
        "the Visorel copay card is working again after the hub fix, pts paying $0",
    ),
    (
        "sample_request",
        "Dr. Ito asked for Glaucira samples for new pts",
        "no sample asks from Dr. Ito, closet full of Glaucira",
    ),
    (
        "content_request",
        "Dr. Ito wants the Visorel reprints for his fellows",
        "no requests from Dr. Ito this time, he had the Visorel reprints already",
    ),
]


@pytest.fixture(scope="module")
def tagger_2_2() -> Tagger:
    """The committed model with this code's negation cues and theme word lists set, as
    ``python -m nlp.train`` builds them (the classifier itself is the committed one)."""
    tagger = load_tagger(catalog=UNSEEN_CATALOG)
    tagger.nlp.get_pipe("fieldsignal_negation").set_default_cues()  # type: ignore[attr-defined]
    tagger.nlp.get_pipe("fieldsignal_compliance").set_scope_cues(THEME_CUES)  # type: ignore[attr-defined]
    return tagger


@pytest.mark.parametrize("label,positive,negative", PAIRS_2_2)
def test_minimal_pair_2_2(tagger_2_2: Tagger, label: str, positive: str, negative: str) -> None:
    assert label in tagger_2_2.tag(positive).label_names
    assert label not in tagger_2_2.tag(negative).label_names


@pytest.mark.parametrize(
    "label,note",
    [
        ("objection_price", "no PA trouble at Aetna, but the Visorel copay is $90 for her pts"),
        ("objection_dosing", "no safety concerns, but pts hate the monthly Visorel shots"),
    ],
)
def test_a_negated_theme_does_not_take_a_live_one_with_it(
    tagger_2_2: Tagger, label: str, note: str
) -> None:
    assert label in tagger_2_2.tag(note).label_names


@pytest.mark.parametrize("label,positive,negative", PAIRS)
def test_minimal_pair(tagger: Tagger, label: str, positive: str, negative: str) -> None:
    assert label in tagger.tag(positive).label_names
    assert label not in tagger.tag(negative).label_names


def _model_major(tagger: Tagger) -> int:
    version = tagger.model_version.removeprefix("fieldsignal-themes-")
    return int(version.split(".")[0])


@pytest.mark.parametrize("label,positive,negative", RESOLUTION_PAIRS)
def test_resolution_minimal_pair(tagger: Tagger, label: str, positive: str, negative: str) -> None:
    if _model_major(tagger) < 2:
        pytest.skip("model trained before the 2.0 resolution scopes; retrain (python -m nlp.train)")
    assert label in tagger.tag(positive).label_names
    assert label not in tagger.tag(negative).label_names


@pytest.mark.parametrize("label,positive,negative", PAIRS_2_1)
def test_minimal_pair_2_1(tagger: Tagger, label: str, positive: str, negative: str) -> None:
    if _model_version(tagger) < (2, 1):
        pytest.skip("model trained before the 2.1 negation cues; retrain (python -m nlp.train)")
    assert label in tagger.tag(positive).label_names
    assert label not in tagger.tag(negative).label_names


def _model_version(tagger: Tagger) -> tuple[int, int]:
    version = tagger.model_version.removeprefix("fieldsignal-themes-").split("+")[0]
    major, minor = version.split(".")[:2]
    return int(major), int(minor)


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
