"""Minimal pairs on a catalog from therapy areas no catalog of the repo covers: the same note
inside and just outside each kind of constraint, read by the off-label component on a blank
pipeline (no classifier). Notes written for this test."""

from typing import Any

import pytest
import spacy
from spacy.language import Language

import nlp.components  # noqa: F401  (registers the factories)

CATALOG: dict[str, Any] = {
    "products": [
        {
            "name": "Parathex",
            "aliases": [],
            "company": "own",
            "therapeutic_area": "nephrology - dialysis",
            "indication": "Treatment of secondary hyperparathyroidism in adult patients with "
            "chronic kidney disease on hemodialysis; 2.5 mg IV three times weekly at the end of "
            "hemodialysis, up to a maximum of 15 mg three times weekly. Not indicated for "
            "parathyroid carcinoma.",
        },
        {
            "name": "Pubrelin",
            "aliases": [],
            "company": "own",
            "therapeutic_area": "pediatric endocrinology",
            "indication": "Treatment of pediatric patients 2 years of age and older with central "
            "precocious puberty; 45 mg by subcutaneous injection once every 6 months. Not for "
            "use in adults or in peripheral precocious puberty.",
        },
        {
            "name": "Dentocaine",
            "aliases": [],
            "company": "own",
            "therapeutic_area": "dental anesthesia",
            "indication": "Local, infiltrative, or conductive anesthesia in dental procedures in "
            "adults and children 4 years of age and older. Maximum dose 7 mg/kg, not to exceed "
            "500 mg per appointment. Not for intravenous use.",
        },
        {
            "name": "Malarex",
            "aliases": [],
            "company": "own",
            "therapeutic_area": "travel medicine",
            "indication": "Prevention of malaria in travelers at least 2 years of age and "
            "weighing 11 kg or more; 250 mg once weekly. Not for treatment of acute malaria. "
            "Not recommended during pregnancy.",
        },
        {
            "name": "Recurvia",
            "aliases": [],
            "company": "own",
            "therapeutic_area": "infectious disease",
            "indication": "To reduce the recurrence of Clostridioides difficile infection in "
            "patients 18 years of age and older; a single 10 mg/kg IV infusion. Not indicated "
            "for the treatment of CDI.",
        },
        {
            "name": "Gravimab",
            "aliases": [],
            "company": "own",
            "therapeutic_area": "neuromuscular",
            "indication": "Generalized myasthenia gravis in adult patients who are "
            "anti-acetylcholine receptor antibody positive; 10 mg/kg IV once weekly for 4 weeks "
            "per treatment cycle. Not for ocular myasthenia gravis.",
        },
        {
            "name": "Alopexa",
            "aliases": [],
            "company": "own",
            "therapeutic_area": "dermatology - alopecia",
            "indication": "Severe alopecia areata in adults; 2 mg orally once daily, may be "
            "increased to 4 mg once daily. Not recommended in combination with biologic "
            "immunomodulators or cyclosporine.",
        },
        {
            "name": "Lumigard",
            "aliases": [],
            "company": "own",
            "therapeutic_area": "ophthalmology",
            "indication": "Reduction of elevated intraocular pressure in adults with open-angle "
            "glaucoma or ocular hypertension; one drop in the affected eye once daily in the "
            "evening. Not for angle-closure glaucoma.",
        },
        {
            "name": "Lactiva",
            "aliases": [],
            "company": "own",
            "therapeutic_area": "women's health - postpartum",
            "indication": "Postpartum hemorrhoid pain in adult women; 10 mg orally twice daily "
            "for up to 7 days. Not recommended in breastfeeding women or during pregnancy.",
        },
        {"name": "Otherbrand", "aliases": [], "company": "competitor", "indication": ""},
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
    # ages written every way
    ("population", "Dr. Kim asked about Parathex for a 67 yo on HD",
     "Dr. Kim asked about Parathex for a 14 yo on HD", "population: age 14 < 18"),
    ("population", "Pubrelin for her 3yo", "NP wants Pubrelin for a newborn",
     "population: age newborn < 2"),
    ("population", "Pubrelin for an 8 year old boy", "Pubrelin for an 18 month old",
     "population: age 18 months < 2"),
    ("population", "Pubrelin for an 8 year old boy",
     "Dr. Ames asked if Pubrelin works in adults with puberty issues",
     "population: age adults > 17"),
    ("population", "Pubrelin for an 8 year old boy", "Pubrelin in her 20s",
     "population: age 20s > 17"),
    ("population", "Dentocaine for a 6 yo extraction", "any data on Dentocaine in a toddler",
     "population: age toddler < 4"),
    ("population", "Recurvia for a pt in her 50s", "Recurvia for a teen with recurrent C diff",
     "population: age teen < 18"),
    ("population", "Gravimab for an elderly pt with gMG", "Gravimab for a 16 y/o with gMG",
     "population: age 16 < 18"),
    ("population", "Alopexa for a pt in his 30s", "Dr. Patel: 14yo w/ severe AA, wants Alopexa",
     "population: age 14 < 18"),
    ("population", "Alopexa for a 40 yo woman", "Lumigard for peds glaucoma",
     "population: age peds < 18"),
    # weight, pregnancy
    ("population", "Malarex for a 30 kg child", "Malarex for a 9 kg toddler",
     "population: weight 9 kg < 11"),
    ("population", "Malarex for a pt who is not pregnant",
     "Malarex for a traveler in her 2nd trimester", "population: pregnant vs not in pregnancy"),
    ("population", "Malarex for a woman planning pregnancy next year",
     "can a pregnant traveler take Malarex", "population: pregnant vs not in pregnancy"),
    # severity and subtype, with the label's own initialisms ("AA", "MG")
    ("condition", "Alopexa for pts with severe AA", "can I use Alopexa for mild AA?",
     "condition: mild vs severe"),
    ("condition", "Alopexa for severe alopecia areata", "Alopexa for moderate AA pts",
     "condition: moderate vs severe"),
    ("exclusion", "Gravimab for a pt with gMG AChR+", "Gravimab for ocular MG",
     "exclusion: not for ocular myasthenia gravis"),
    ("exclusion", "Lumigard for open-angle glaucoma", "Lumigard for angle-closure glaucoma",
     "exclusion: not for angle-closure glaucoma"),
    ("exclusion", "Pubrelin for a 7 yo girl with CPP", "Pubrelin for peripheral precocious puberty",
     "exclusion: not for peripheral precocious puberty"),
    # treatment of a prevention-only product
    ("condition", "Recurvia after her 2nd recurrence",
     "can I use Recurvia for an active C diff infection", "condition: treatment vs prevention only"),
    ("condition", "Malarex for her trip to Ghana", "any data in Malarex for treating malaria",
     "condition: treatment vs prevention only"),
    # doses and their limits written every way
    ("dose", "Parathex 10 mg three times weekly", "Parathex 17.5mg TIW",
     "dose: 17.5 mg > maximum 15 mg"),
    ("dose", "Dentocaine 5 mg/kg", "Dentocaine 8 mg/kg for a big procedure",
     "dose: 8 mg/kg > maximum 7 mg/kg"),
    ("dose", "Alopexa 4 mg daily", "Alopexa 8 mg daily", "dose: 8 mg > labelled 4 mg"),
    ("dose", "Gravimab 10 mg/kg weekly", "Gravimab 20 mg/kg weekly",
     "dose: 20 mg/kg > labelled 10 mg/kg"),
    ("dose", "Alopexa 2 mg PO qd", "pt doubled up on Alopexa",
     "dose: 2 doses at once vs one dose at a time"),
    ("dose", "Recurvia single infusion", "Recurvia second infusion 2 months later",
     "dose: second vs a single dose"),
    ("dose", "Recurvia single infusion", "another Recurvia dose after the relapse",
     "dose: repeat dose vs a single dose"),
    # intervals written every way
    ("interval", "Malarex 1x/week", "Malarex 2x/week", "interval: every 3.5 days vs weekly"),
    ("interval", "Malarex once a week", "Malarex q3d", "interval: every 3 days vs weekly"),
    ("interval", "Lumigard every evening", "Lumigard every 12 hours",
     "interval: twice daily vs daily"),
    ("interval", "Pubrelin q 24 weeks", "Pubrelin q 12 weeks",
     "interval: every 12 weeks vs every 6 months"),
    ("interval", "Gravimab q week", "Gravimab qow", "interval: every 2 weeks vs weekly"),
    ("interval", "Pubrelin q6mo", "what about Pubrelin every 3 months instead",
     "interval: every 3 months vs every 6 months"),
    # routes, including one the label excludes
    ("route", "Dentocaine infiltration for a filling", "Dentocaine IV for a sedation case",
     "route: intravenous vs not intravenous"),
    ("route", "Pubrelin subq", "Pubrelin IM", "route: intramuscular vs subcutaneous"),
    # combinations the label excludes
    ("exclusion", "Dr asked about Alopexa for severe AA",
     "would Alopexa work with cyclosporine on board?",
     "exclusion: not in combination with cyclosporine"),
]  # fmt: skip


@pytest.mark.parametrize(("kind", "inside", "outside", "reason"), PAIRS)
def test_minimal_pairs(reader, kind, inside, outside, reason):
    assert broken(reader, inside) == []
    assert reason in broken(reader, outside)
    assert reason.startswith(kind)


def test_the_reps_declining_is_not_the_use_but_the_question_counts(reader):
    # the age in the rep's words is the label; the HCP's 15-year-old is the use
    found = broken(reader, "NP asked about Alopexa for a 15 yo, I told her label is adults only")
    assert found == ["population: age 15 < 18"]
    found = broken(
        reader, "Dr asked me if Gravimab can be used for ocular MG, I said it's not indicated"
    )
    assert found == ["exclusion: not for ocular myasthenia gravis"]
    assert broken(reader, "I told the NP Alopexa is for adults with severe AA") == []


def test_facts_go_to_the_product_they_are_said_of(reader):
    text = "Dr uses Otherbrand for peds glaucoma and Lumigard for his adult pts"
    assert broken(reader, text) == []
    assert broken(reader, "Alopexa for severe AA. Otherbrand for her mild pts") == []
    assert broken(reader, "Dr uses Otherbrand BID, Lumigard daily") == []


def test_an_initialism_is_read_only_for_a_disease_of_the_catalog(reader):
    # "PA" (a physician assistant) is no disease of any label here
    assert broken(reader, "PA wants Alopexa for her pts with severe AA") == []


def test_a_request_that_has_stopped_is_no_request(reader):
    # the use is named before the cue or after it; either way nothing is asked now
    assert broken(reader, "Alopexa for teens - Dr Ross has stopped asking.") == []
    assert broken(reader, "Dr Ross no longer asks about Alopexa for teens") == []
    assert broken(reader, "Alopexa for teens - Dr Ross keeps asking.") == [
        "population: age teens < 18"
    ]
    # the stop ends with its sentence: the next one still counts
    found = broken(reader, "Dr Ross stopped asking about kids. Now she wants Alopexa for a 15 yo")
    assert found == ["population: age 15 < 18"]


def test_taking_it_again_is_a_repeat_of_a_single_dose(reader):
    assert broken(reader, "pt got Recurvia once and did well") == []
    found = broken(reader, "pt got Recurvia, Dr Lee wants to give it again next month")
    assert found == ["dose: repeat dose vs a single dose"]
    # a weekly product taken again next week is its schedule
    assert broken(reader, "pt took Malarex again this week") == []


@pytest.mark.parametrize(
    ("inside", "outside", "reason"),
    [
        ("can Parathex go up to 10 mg", "can Parathex go higher than 15 mg",
         "dose: above 15 mg > maximum 15 mg"),
        ("Alopexa: more than 2 mg is on label", "Alopexa above 4 mg for a stubborn case?",
         "dose: above 4 mg > labelled 4 mg"),
        ("Alopexa dose doubled from 2 mg to 4 mg", "pt doubled her Alopexa dose on her own",
         "dose: 2 doses at once vs one dose at a time"),
    ],
)  # fmt: skip
def test_past_a_dose_and_doubling_it(reader, inside, outside, reason):
    assert broken(reader, inside) == []
    assert reason in broken(reader, outside)


@pytest.mark.parametrize(
    ("inside", "outside", "reason"),
    [
        ("Lactiva for a pt who is not breastfeeding", "can a breastfeeding mom use Lactiva?",
         "population: breastfeeding vs not while breastfeeding"),
        ("Lactiva for a mom who stopped breastfeeding", "Lactiva for a nursing mother",
         "population: breastfeeding vs not while breastfeeding"),
        ("Lactiva for 5 days", "Lactiva for 10 days", "dose: course of 10 days > 1 weeks"),
        ("Lactiva for a woman with hemorrhoids", "Lactiva for a man with hemorrhoids",
         "population: male vs female only"),
    ],
)  # fmt: skip
def test_breastfeeding_and_sex(reader, inside, outside, reason):
    assert broken(reader, inside) == []
    assert reason in broken(reader, outside)


def test_breastfeeding_reported_on_the_drug_is_an_exposure_not_a_use(reader):
    assert broken(reader, "pt breastfed while on Lactiva, baby fine, reported") == []


@pytest.mark.parametrize(
    ("inside", "outside", "reason"),
    [
        ("Alopexa for AA (severe)", "Alopexa for patchy AA, mild", "condition: mild vs severe"),
        ("Alopexa for AA, severe, in a 40 yo", "Alopexa for patchy AA, not severe",
         "condition: mild-to-moderate vs severe"),
        ("Alopexa for extensive severe AA", "Alopexa for her non-severe alopecia areata",
         "condition: mild-to-moderate vs severe"),
        ("Alopexa 2 mg once a day", "Alopexa 2 mg x2 daily", "interval: twice daily vs daily"),
        ("Parathex 3x weekly post-HD", "Parathex every day", "interval: daily vs 3 times weekly"),
    ],
)  # fmt: skip
def test_grades_after_the_disease_denied_grades_and_x2(reader, inside, outside, reason):
    assert broken(reader, inside) == []
    assert reason in broken(reader, outside)


def test_a_grade_of_something_else_after_the_disease_is_no_grade(reader):
    assert broken(reader, "Alopexa for AA, moderate dose") == []


def test_the_label_quoted_without_a_limit_is_no_request(reader):
    # asking what the label says is no use outside it
    text = "PharmD asked if Alopexa label says anything about grapefruit. showed him the PI"
    assert broken(reader, text) == []
    text = "Dr Ross asked about Alopexa for her pt; I said the label says adults only"
    assert broken(reader, text) == ["request: request outside the label (rep: label says)"]


def test_prevention_of_a_disease_named_in_an_excluded_treatment(reader):
    # "not indicated for the treatment of CDI": CDI itself is the approved use
    assert broken(reader, "Recurvia for pts with recurrent CDI") == []
    assert broken(reader, "vaccinating with Malarex for the current season") == []
    assert "condition: treatment vs prevention only" in broken(
        reader, "Malarex for an active malaria infection"
    )
