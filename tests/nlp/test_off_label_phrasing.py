"""Minimal pairs in the words HCPs use ("can I use it in my 15yo", "what about every 4 wks
instead", "she's only mild"), judged against labels of therapy areas no training note covers."""

from typing import Any

import pytest
import spacy
from spacy.language import Language

import nlp.components  # noqa: F401  (registers the factories)


def _own(name: str, area: str, indication: str) -> dict[str, Any]:
    return {"name": name, "aliases": [], "company": "own", "therapeutic_area": area,
            "indication": indication}  # fmt: skip


CATALOG: dict[str, Any] = {
    "products": [
        _own("Thrombiq", "hematology", "Chronic immune thrombocytopenia in adults and pediatric "
             "patients 6 years and older weighing at least 20 kg; 50 mg orally once daily, not "
             "to exceed 75 mg per day; not approved in pregnancy."),
        _own("Angiova", "allergy", "Hereditary angioedema: prevention of attacks in patients 2 "
             "years of age and older; 150 mg subcutaneously every 2 weeks; not for treatment "
             "of acute attacks."),
        _own("Somnexa", "sleep", "Moderate to severe obstructive sleep apnea in adults aged 18 "
             "to 75; 10 mg to 40 mg orally once daily at bedtime."),
        _own("Gluvio", "endocrinology", "Growth hormone deficiency in children 3 to 17 years; "
             "0.24 mg/kg subcutaneously once weekly."),
        _own("Pneumorix", "vaccines", "Prevention of pneumococcal pneumonia in adults 60 years "
             "and older; single 0.5 mL intramuscular dose."),
        _own("Vesicura", "urology", "Overactive bladder in adults; 100 units injected into the "
             "detrusor, may be repeated no sooner than 12 weeks after the prior injection."),
        _own("Rsvimab", "neonatology", "Prevention of RSV disease in infants and children up to "
             "24 months of age; single 50 mg intramuscular dose."),
        {"name": "Thrombex", "aliases": [], "company": "competitor",
         "therapeutic_area": "hematology", "indication": "Immune thrombocytopenia at any age."},
    ]
}  # fmt: skip


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
    # inside the label, outside it, the reason expected outside
    ("can I use Thrombiq in my 25yo", "can I use Thrombiq in my 5yo", "population: age 5 < 6"),
    ("Dr K has Angiova in her HAE pts. what about every 2 wks instead?",
     "Dr K has Angiova in her HAE pts. what about every 4 wks instead?",
     "interval: every 4 weeks vs every 2 weeks"),
    ("NP asked if there's any Thrombiq data in older adults",
     "NP asked if there's any Thrombiq data in pregnancy",
     "population: pregnant vs not in pregnancy"),
    ("Somnexa for her sleep apnea pt - she's severe",
     "Somnexa for her sleep apnea pt - she's only mild", "condition: mild vs moderate-to-severe"),
    ("gave one Angiova pen", "pt took 2 Angiova pens same day",
     "dose: 2 doses at once vs one dose at a time"),
    ("wants Gluvio for his peds GHD pts", "wants Gluvio for his adult GHD pts",
     "population: age adult > 17"),
    ("husband 66 got Pneumorix", "wife 57 got Pneumorix", "population: age 57 < 60"),
    ("Pneumorix for anyone 65+ at the fair", "Pneumorix for anyone 50+ at the fair",
     "population: age 50+ < 60"),
    ("LTC residents never had Pneumorix, can they get it this year?",
     "LTC residents had Pneumorix last year, can they get another this year?",
     "dose: another vs a single dose"),
    ("Vesicura repeated at 16 weeks instead of 12", "Vesicura repeated at 8 weeks instead of 12",
     "interval: every 8 weeks vs every 12 weeks to every 36 weeks apart"),
    ("using Angiova for her angioedema pts", "using Angiova for her urticaria pts",
     "condition: urticaria not in label (hereditary angioedema)"),
    ("Rsvimab for a 10 month old", "Rsvimab for a 3 yo", "population: age 3 > 2"),
    ("Somnexa 40 mg at bedtime", "Somnexa 60 mg at bedtime", "dose: 60 mg > maximum 40 mg"),
]  # fmt: skip


@pytest.mark.parametrize(("inside", "outside", "reason"), PAIRS)
def test_minimal_pairs_as_hcps_say_them(reader, inside, outside, reason):
    assert broken(reader, inside) == []
    assert reason in broken(reader, outside)


def test_a_liver_score_is_no_child(reader):
    assert broken(reader, "Thrombiq in a 70 yo w/ cirrhosis, Child A") == []


def test_an_age_beside_a_competitor_is_the_competitors(reader):
    assert broken(reader, "Thrombex for kids, Thrombiq for adults - that's how she splits it") == []


def test_an_error_still_breaks_the_route_but_not_the_schedule(reader):
    # A route error is a use outside the label even when reported as an error ...
    assert broken(reader, "nurse gave Pneumorix subcutaneously by mistake, reported") == [
        "route: subcutaneous vs intramuscular"
    ]
    # ... while a double dose by mistake is a medication error for the safety team.
    assert broken(reader, "pt took 2 Angiova pens same day by mistake, reported") == []
