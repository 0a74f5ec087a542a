"""Reportable safety (fieldsignal_safety) on small docs: categories, seriousness, minimal pairs,
and a lexicon that travels with the saved model."""

from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language

import nlp.components  # noqa: F401  (registers the factories)
import nlp.safety.lexicon as lexicon_module
from nlp.pipeline import set_catalog
from nlp.safety.lexicon import load_lexicon

CATALOG: dict[str, Any] = {
    "products": [
        {"name": "Visorel", "aliases": ["VSR"], "company": "own"},
        {"name": "Glaucira", "aliases": [], "company": "own"},
        {"name": "Optivance", "aliases": ["OPV"], "company": "competitor"},
    ]
}


def _pipeline(lexicon: dict[str, Any] | None = None) -> Language:
    pipeline = spacy.blank("en")
    for name in ("fieldsignal_sentencizer", "fieldsignal_catalog_ruler", "fieldsignal_negation"):
        pipeline.add_pipe(name)
    safety = pipeline.add_pipe("fieldsignal_safety")
    if lexicon is not None:
        safety.set_lexicon(lexicon)  # type: ignore[attr-defined]
    set_catalog(pipeline, CATALOG)
    return pipeline


@pytest.fixture(scope="module")
def rules() -> Language:
    return _pipeline()


def _safety(pipeline: Language, text: str) -> dict[str, Any]:
    return pipeline(text)._.safety


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("pt had a seizure 2 days after her Visorel injection", "adverse_reaction"),
        ("Glaucira pt came back w/ ALT 4x ULN at the 3 month labs", "adverse_reaction"),
        (
            "pt got a hard red lump at the injection site after the 3rd Visorel dose",
            "adverse_reaction",
        ),
        ("pt on Visorel found out she is pregnant, about 8 wks", "special_situation"),
        ("pt used Glaucira twice by mistake this morning, eye red", "special_situation"),
        ("Visorel given to the wrong patient at the clinic today", "special_situation"),
        (
            "Visorel vial had particles floating in it, not used, pharmacy kept it",
            "product_complaint",
        ),
        ("box of Glaucira arrived w/ the seal broken, nobody used it", "product_complaint"),
    ],
)
def test_each_category_is_reportable_on_our_product(rules, text, category):
    safety = _safety(rules, text)
    assert safety["reportable"] is True
    assert safety["category"] == category
    assert safety["evidence"], "the flag points at the words that raised it"


def test_seriousness_hints_and_evidence_offsets(rules):
    text = "pt on Visorel had anaphylaxis, intubated in the ICU, passed away 2 days later"
    safety = _safety(rules, text)
    assert safety["seriousness"] == ["death", "hospitalisation", "life_threatening"]
    assert [text[s:e] for s, e, _ in safety["evidence"]][:1] == ["anaphylaxis"]
    assert safety["products"] == ["Visorel"]


def test_a_device_that_delivered_no_dose_is_a_complaint_without_any_exposure(rules):
    safety = _safety(rules, "VSR prefilled syringe: plunger stuck, delivered no dose")
    assert safety["reportable"] and safety["category"] == "product_complaint"


@pytest.mark.parametrize(
    ("reportable", "not_reportable"),
    [
        # our product vs a competitor
        (
            "pt on Visorel got hives after the 2nd dose",
            "pt on Optivance got hives after the 2nd dose",
        ),
        # exposed vs never started
        (
            "pt started Visorel in May and had a stroke in June",
            "Dr planned to start pt on Visorel but she had a stroke before the first dose",
        ),
        # an event vs AE-reporting training
        (
            "pt on Glaucira had blurred vision for a week, reported",
            "AE training for the office staff: blurred vision, rash and pregnancy all get reported",
        ),
        # an event vs a negated one
        ("pt on Visorel had some nausea so far", "pt on Visorel, no nausea so far"),
        # a case vs a hypothetical question
        ("pt on Visorel fell and broke her hip", "what happens if a pt on Visorel falls?"),
        # a past competitor reaction when ours went fine
        (
            "pt switched from Optivance to Visorel and since then has a rash",
            "pt had a rash on Optivance years ago, switched to Visorel, doing great",
        ),
    ],
)
def test_minimal_pairs(rules, reportable, not_reportable):
    assert _safety(rules, reportable)["reportable"] is True
    assert _safety(rules, not_reportable)["reportable"] is False


def test_causality_doubted_by_the_hcp_is_still_reportable(rules):
    text = "pt on Glaucira had a seizure, Dr doesn't think it's related at all"
    assert _safety(rules, text)["reportable"] is True


def test_the_lexicon_is_saved_with_the_model(tmp_path: Path, monkeypatch: pytest.MonkeyPatch):
    # Given a pipeline whose lexicon knows a term the packaged files do not
    lexicon = load_lexicon()
    lexicon["events"]["skin"] = [*lexicon["events"]["skin"], "zorblets"]
    saved = _pipeline(lexicon)
    text = "pt on Visorel broke out in zorblets after the 2nd dose"
    assert _safety(saved, text)["reportable"] is True
    saved.to_disk(tmp_path / "model")

    # When the packaged lexicon files change (here: all of them disappear) and it is loaded
    monkeypatch.setattr(lexicon_module, "LEXICON_DIR", tmp_path / "no-lexicon-here")
    loaded = spacy.load(tmp_path / "model")
    set_catalog(loaded, CATALOG)

    # Then it decides exactly as the saved model did
    assert (tmp_path / "model" / "fieldsignal_safety" / "safety_lexicon.json").exists()
    assert _safety(loaded, text) == _safety(saved, text)
    assert _safety(loaded, "pt on Visorel had hives")["reportable"] is True


def test_the_tagger_result_carries_the_triage(tagger):
    result = tagger.tag("pt on Visorel was hospitalised w/ endophthalmitis after the injection")
    assert "adverse_event" in result.label_names
    assert result.safety["reportable"] is True
    assert result.safety["category"] == "adverse_reaction"
    assert result.safety["seriousness"] == ["hospitalisation"]
    assert result.to_dict()["safety"]["reportable"] is True


def test_the_classifier_cannot_keep_a_competitor_event(tagger):
    result = tagger.tag("pt on Optivance was hospitalised w/ endophthalmitis after the injection")
    assert "adverse_event" not in result.label_names
    assert result.safety["reportable"] is False


@pytest.mark.parametrize(
    ("text", "category"),
    [
        # a failure cue before a device action, written without apostrophes
        ("pt said the Visorel pen didnt click, whole dose stayed in", "product_complaint"),
        ("Visorel syringe - plunger wouldnt push down, returned it", "product_complaint"),
        ("Glaucira bottle smells like vinegar, pt brought it in", "product_complaint"),
        ("Visorel pens arrived unrefrigerated after a courier delay", "product_complaint"),
        ("pt counted her Glaucira bottle, 26 tabs not 30", "product_complaint"),
        ("box of Glaucira samples had the wrong leaflet in it", "product_complaint"),
        ("pt got 25mg Visorel instead of the 10 she was on, took it a week", "special_situation"),
        ("Mrs T missed 2 days of Glaucira then doubled up to catch up", "special_situation"),
        ("Visorel not working for Mr B, 2nd flare at full dose, Dr calls it treatment failure",
         "special_situation"),
        ("pharmacy gave the wrong strength of Visorel, infused before caught", "special_situation"),
        ("nurse injected herself w/ a Visorel pen while showing a pt, thumb", "special_situation"),
    ],
)  # fmt: skip
def test_unseen_complaint_and_situation_phrasing_is_reportable(rules, text, category):
    safety = _safety(rules, text)
    assert safety["reportable"] is True, text
    assert safety["category"] == category


@pytest.mark.parametrize(
    ("reportable", "not_reportable"),
    [
        # a device that failed vs one that did not
        ("pt says the Visorel pen didnt click today", "RN says the Visorel pen clicks every time"),
        # a failure on our pen vs on a competitor's
        (
            "Visorel pen jammd halfway, pt got half a dose",
            "Optivance pen jammd halfway, pt got half",
        ),
        # a patient's double dose vs a question about one
        (
            "pt took Visorel twice this am, forgot she already had it",
            "Dr asked if pts who miss a Visorel dose can double up?",
        ),
        # a question about a jam vs a jam
        ("the Visorel pen jams, pt lost a dose", "is there any chance the Visorel pen jams?"),
        # an administered error vs a reminder about errors
        (
            "pharmacy gave the wrong strength of Visorel, infused before caught",
            "reminded staff how to report a wrong strength of Visorel if it ever happens",
        ),
    ],
)
def test_complaint_and_situation_minimal_pairs(rules, reportable, not_reportable):
    assert _safety(rules, reportable)["reportable"] is True
    assert _safety(rules, not_reportable)["reportable"] is False


def test_a_prescribers_off_label_dose_is_not_a_case_but_a_patients_double_up_is(rules):
    def with_off_label(text: str) -> dict[str, Any]:
        doc = rules.make_doc(text)
        for name, pipe in rules.pipeline:
            if name == "fieldsignal_safety":
                doc._.theme_labels = {"off_label": 0.9}
            doc = pipe(doc)
        return doc._.safety

    assert with_off_label("Dr doubled her dose of Visorel for pt, off label")["reportable"] is False
    assert with_off_label("pt on Visorel doubled up to catch up, off label")["reportable"] is True


def test_our_product_named_is_the_unit_a_complaint_is_about(rules):
    # no unit noun in the sentence: the product name is the unit in hand
    assert _safety(rules, "the Visorel jammed halfway, nobody used it")["reportable"] is True
    assert _safety(rules, "the Optivance jammed halfway, nobody used it")["reportable"] is False
    # a copay card or an offer is not a unit
    assert _safety(rules, "copay card for Visorel was never activated")["reportable"] is False


# -- a case without a patient word, and mentions that report nothing ------------------


@pytest.mark.parametrize(
    ("reportable", "not_reportable"),
    [
        # a pronoun is the subject of the event vs a prescriber's general worry
        (
            "Dr Ames on Visorel: she got pneumonia a month in, treated outpt",
            "Dr Ames says she worries about pneumonia risk with Visorel in general",
        ),
        # an event tied to a dose of ours vs of a competitor's
        (
            "nosebleed and tingling for an hour after the 2nd Visorel dose",
            "nosebleed and tingling for an hour after the 2nd Optivance dose",
        ),
        # someone's own supply of ours vs a plan to start it
        (
            "Tadeo's Glaucira: ankle swelling and knee pain last week",
            "ankle swelling and knee pain last week, Dr plans to start Glaucira next month",
        ),
        # one of the patients vs none of them
        (
            "one of his 15 Visorel pts has had a serious infection",
            "none of his 15 Visorel pts has had a serious infection",
        ),
        # an event on ours vs on a product the catalog does not name
        (
            "pt got a rash on Visorel last spring, Dr wants to rechallenge",
            "pt got a rash on the generic back in 2021, which is why Dr wants Visorel",
        ),
        # a reaction to ours vs to a competitor, ours fine since
        (
            "pt had anaphylaxis to Visorel in 2019, switched to Optivance",
            "pt had anaphylaxis to Optivance in 2019, now 18 mo on Visorel, not a single problem",
        ),
        # an event that resolved on ours vs one that was the reason to leave a competitor
        (
            "pt on Visorel had bad headaches, gone now",
            "took pt off Optivance bc of headaches, now 4 mo on Visorel, headaches gone",
        ),
        # a patient's symptoms vs a syllabus of situations
        (
            "pt on Visorel had nausea, vomiting, rash",
            "PV talk on special situations (overdose, pregnancy, wrong pt, expired product)",
        ),
        # a case vs the reporting rule explained to a new hire
        (
            "pt had a headache after Visorel, Dr thinks unrelated, reported",
            "new hire shadowing me. explained that a headache after Visorel, even if unrelated, "
            "is still reportable",
        ),
    ],
)
def test_occurrence_minimal_pairs(rules, reportable, not_reportable):
    assert _safety(rules, reportable)["reportable"] is True
    assert _safety(rules, not_reportable)["reportable"] is False


@pytest.mark.parametrize(
    ("text", "category"),
    [
        ("pt on Visorel, new onset diabetes A1c 7.9 six months in", "adverse_reaction"),
        ("Glaucira pt got CMV viremia, admitted for IV antivirals", "adverse_reaction"),
        ("pt said Glaucira made her heart race and she felt panicky", "adverse_reaction"),
        ("pt lost her sense of taste for a week after Glaucira", "adverse_reaction"),
        ("pt on Visorel, SCFE confirmed, pinned on tuesday", "adverse_reaction"),
        (
            "Visorel delivery left on the porch 5 hrs in the sun, nurse refused to use it",
            "product_complaint",
        ),
        ("Glaucira starter kit was missing the pen needles, lot GL4471", "product_complaint"),
        ("sealed Glaucira carton w only 5 bottles instead of 6", "product_complaint"),
        ("5 yo grabbed his dad's Glaucira and sprayed it up his own nose", "special_situation"),
        ("pt kept her Glaucira in the glovebox all summer and used it", "special_situation"),
    ],
)
def test_the_vocabulary_reaches_beyond_the_notes(rules, text, category):
    safety = _safety(rules, text)
    assert safety["reportable"] is True
    assert category in safety["categories"]


def test_a_resolved_event_in_a_note_without_any_product_is_still_decided(rules):
    safety = _safety(rules, "pt had a rash after the shot, gone now")
    assert safety["vetoed"] is None
    assert safety["products"] == []
