"""Minimal pairs: the same note inside and just outside each kind of label constraint,
read by the off-label component on a blank pipeline (no classifier involved)."""

from typing import Any

import pytest
import spacy
from spacy.language import Language

import nlp.components  # noqa: F401  (registers the factories)

CATALOG: dict[str, Any] = {
    "products": [
        {
            "name": "Dermavel",
            "aliases": ["DMV"],
            "company": "own",
            "therapeutic_area": "dermatology",
            "indication": "Moderate-to-severe plaque psoriasis in adults 18 years and older; "
            "150 mg subcutaneously at weeks 0 and 4, then every 12 weeks; not indicated for "
            "psoriatic arthritis.",
        },
        {
            "name": "Vaxora",
            "aliases": [],
            "company": "own",
            "therapeutic_area": "vaccines",
            "indication": "Prevention of shingles in adults 50 years and older; two 0.5 mL "
            "intramuscular doses given 2 to 6 months apart; not for use during pregnancy.",
        },
        {
            "name": "Calmiro",
            "aliases": [],
            "company": "own",
            "therapeutic_area": "psychiatry",
            "indication": "Major depressive disorder in adults; 20 mg orally once daily "
            "(maximum 40 mg per day); not approved for bipolar depression.",
        },
        {
            "name": "Rivexa",
            "aliases": [],
            "company": "competitor",
            "therapeutic_area": "dermatology",
            "indication": "Plaque psoriasis in adults.",
        },
    ]
}


@pytest.fixture(scope="module")
def reader() -> Language:
    pipeline = spacy.blank("en")
    for name in (
        "fieldsignal_sentencizer",
        "fieldsignal_catalog_ruler",
        "fieldsignal_negation",
        "fieldsignal_off_label",
    ):
        pipeline.add_pipe(name)
    for _, component in pipeline.pipeline:
        if hasattr(component, "set_catalog"):
            component.set_catalog(CATALOG)
    return pipeline


def broken(reader: Language, text: str) -> list[str]:
    return [v.reason for v in reader(text)._.off_label]


PAIRS = [
    # kind, inside the label, outside it, the reason expected outside
    ("population", "asked about Dermavel for a 34 yo", "asked about Dermavel for a 14 yo",
     "population: age 14 < 18"),
    ("population", "Vaxora for a pt in her 60s", "Vaxora for a pt in her 40s",
     "population: age 40s < 50"),
    ("population", "wants Dermavel for his adult pts", "wants Dermavel for his peds pts",
     "population: age peds < 18"),
    ("population", "giving Vaxora to a 70 yo", "giving Vaxora to a pt who is 20 wks pregnant",
     "population: pregnant vs not in pregnancy"),
    ("condition", "Dermavel for his severe psoriasis pts", "Dermavel for his mild psoriasis pts",
     "condition: mild vs moderate-to-severe"),
    ("condition", "using Dermavel for plaque psoriasis", "using Dermavel for guttate psoriasis",
     "condition: guttate psoriasis vs plaque psoriasis"),
    ("condition", "using Dermavel for psoriasis", "using Dermavel for hidradenitis",
     "condition: hidradenitis suppurativa not in label (psoriasis)"),
    ("dose", "Calmiro 40 mg daily", "Calmiro 60 mg daily", "dose: 60 mg > maximum 40 mg/day"),
    ("dose", "Calmiro 20 mg once daily", "Calmiro 30 mg BID",
     "dose: 30 mg x 2/day = 60 > maximum 40 mg/day"),
    ("dose", "gave one Dermavel pen", "gave 2 Dermavel pens at once",
     "dose: 2 doses at once vs one dose at a time"),
    ("interval", "giving Dermavel q12w", "giving Dermavel q8w",
     "interval: every 8 weeks vs every 12 weeks"),
    ("interval", "Vaxora 2nd dose at 3 months", "Vaxora 2nd dose at 3 weeks",
     "interval: 3 weeks between doses vs every 2 months to every 6 months apart"),
    ("route", "gave Vaxora IM", "gave Vaxora subq",
     "route: subcutaneous vs intramuscular"),
    ("exclusion", "Calmiro for major depression", "Calmiro for bipolar depression",
     "exclusion: not for bipolar depression"),
    ("exclusion", "Dermavel for his psoriasis pts", "Dermavel for his psoriatic arthritis pts",
     "exclusion: not for psoriatic arthritis"),
    ("dose", "Vaxora 2nd dose today", "Vaxora 3rd dose today", "dose: 3rd vs 2 doses"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "inside", "outside", "reason"), PAIRS)
def test_minimal_pairs(reader, kind, inside, outside, reason):
    assert broken(reader, inside) == []
    found = broken(reader, outside)
    assert reason in found
    assert reason.startswith(kind)


def test_competitor_use_is_not_judged(reader):
    assert broken(reader, "Dr. Ames uses Rivexa for a 14 yo") == []


def test_negated_use_is_not_a_use(reader):
    assert broken(reader, "she is not giving Dermavel to a 14 yo") == []
    assert broken(reader, "she is giving Dermavel to a 14 yo") == ["population: age 14 < 18"]


def test_the_reps_words_about_the_label_are_not_the_use(reader):
    # The age the rep quotes from the label is no patient; the HCP's question still counts.
    found = broken(
        reader, "NP asked about Dermavel for her pt. told her it's not approved under 18"
    )
    assert found == ["request: request outside the label (rep: not approved)"]
    assert broken(reader, "NP asked about Dermavel for a 15 yo. told her adults only") == [
        "population: age 15 < 18"
    ]


def test_a_fact_in_the_next_sentence_belongs_to_the_product_named_before(reader):
    found = broken(reader, "Dr. Ross asked about Dermavel. The pt is 12 yo.")
    assert found == ["population: age 12 < 18"]


def test_rule_raises_the_label_with_its_reason_as_evidence(reader):
    doc = reader.make_doc("Dr. Ross wants Dermavel for a 14 yo")
    for name, component in reader.pipeline:
        if name != "fieldsignal_off_label":
            doc = component(doc)
    doc.cats = {"off_label": 0.02}
    doc._.theme_labels = {}
    doc = reader.get_pipe("fieldsignal_off_label")(doc)
    assert "off_label" in doc._.theme_labels
    reasons = [s.kb_id_ for s in doc.spans["evidence"] if s.label_ == "off_label"]
    assert reasons == ["population: age 14 < 18"]
    assert doc.text[doc.spans["evidence"][0].start_char :].startswith("14 yo")


def test_without_a_broken_constraint_the_classifier_decides(reader):
    doc = reader.make_doc("Dr. Ross wants Dermavel for a 40 yo")
    for name, component in reader.pipeline:
        if name != "fieldsignal_off_label":
            doc = component(doc)
    doc.cats = {"off_label": 0.9}
    doc._.theme_labels = {"off_label": 0.9}
    doc = reader.get_pipe("fieldsignal_off_label")(doc)
    assert doc._.theme_labels == {"off_label": 0.9}
    assert doc._.off_label == []


def test_constraints_and_lexicon_survive_to_disk_and_back(reader, tmp_path):
    source = reader.get_pipe("fieldsignal_off_label")
    source.to_disk(tmp_path / "off_label")
    fresh_nlp = spacy.blank("en")
    fresh = fresh_nlp.add_pipe("fieldsignal_off_label").from_disk(tmp_path / "off_label")
    assert fresh.constraints == source.constraints
    assert fresh.describe()["Dermavel"][0] == "population: age >= 18"
    assert fresh.lexicon == source.lexicon
    assert fresh.to_bytes() == source.to_bytes()
