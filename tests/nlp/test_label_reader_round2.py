"""Round 2 of the label reader: phrasings of labels and notes written by outside writers.
Indications and notes here are written for the test (products and diseases are invented or
generic); each case is a class of phrasing, with a pair inside and outside the label."""

from typing import Any

import pytest
import spacy
from spacy.language import Language

import nlp.components  # noqa: F401  (registers the factories)
from nlp.label_reader import Dose, read_indication
from nlp.label_reader.note.ages import ages_in
from nlp.label_reader.patterns import intervals_in

# -- the label ---------------------------------------------------------------------------


def _exclusions(text: str) -> list[str]:
    return [e.text for e in read_indication(text).exclusions]


def test_an_exclusion_list_is_not_cut_inside_its_brackets():
    texts = _exclusions(
        "Chronic gout in adults; 80 mg orally once daily. Not indicated for gout due to "
        "kidney disease (CKD stage 4 or 5) or for tophaceous gout (with skin breakdown)."
    )
    assert "gout due to kidney disease (CKD stage 4 or 5)" in texts
    assert not any(t.count("(") != t.count(")") for t in texts)


def test_fragments_of_a_list_are_no_exclusions():
    texts = _exclusions(
        "Weight management in adults with a waist of 100 cm or more; 5 mg orally daily. Not "
        "indicated for adults with a waist under 80 cm or smaller; not for severe gastroparesis, "
        "which requires other care; not studied in gallbladder disease and not indicated for "
        "these; not for anemia due to other causes, including thalassemia."
    )
    assert "severe gastroparesis" in texts
    assert "thalassemia" in texts  # "including X": X itself
    for fragment in ("smaller", "which requires other care", "these", "including thalassemia"):
        assert fragment not in texts


def test_examples_after_including_keep_their_own_heads():
    texts = _exclusions(
        "Prevention of yellow fever in travellers 9 months and older; single 0.5 mL dose. Not "
        "for prevention of other mosquito-borne viruses, including zika or tick-borne encephalitis."
    )
    assert "zika" in texts and "zika encephalitis" not in texts


def test_a_run_of_adjectives_takes_the_head_of_the_phrase():
    texts = _exclusions(
        "Moderate plaque psoriasis in adults; 50 mg SC monthly; not for generalized nodular or "
        "erythrodermic psoriasis."
    )
    assert "generalized nodular psoriasis" in texts


def test_use_in_x_is_not_recommended_reads_the_subject():
    label = read_indication(
        "Chronic constipation; 10 mg orally once daily. Use in patients younger than "
        "16 is not recommended. Use in combination with stimulant laxatives is not recommended."
    )
    assert label.min_age == 16
    assert [e.text for e in label.exclusions if e.combination] == [
        "combination with stimulant laxatives"
    ]
    plain = read_indication("Chronic constipation in adults; 10 mg orally once daily.")
    assert not any(e.combination for e in plain.exclusions)


def test_a_stated_maximum_makes_a_range_top_a_dose():
    ranged = read_indication("Moderate asthma in adults; 2 to 8 mg orally once daily.")
    assert ranged.max_doses == [Dose(8, "mg")]
    stated = read_indication(
        "Moderate asthma in adults; 2 to 8 mg orally once daily; maximum 16 mg per day."
    )
    assert [d.amount for d in stated.max_doses] == [16]
    assert Dose(8, "mg") in stated.doses


def test_a_starting_range_is_no_ceiling():
    label = read_indication("Anemia in adults; starting dose 1 to 3 mg orally once daily.")
    assert label.max_doses == [] and Dose(3, "mg") in label.doses


def test_an_on_period_of_a_cycle_is_no_course_length():
    cycle = read_indication(
        "Prevention of pregnancy; one vaginal ring left in place for 3 weeks, followed by a "
        "ring-free week."
    )
    assert cycle.max_duration_days is None
    course = read_indication(
        "Onychomycosis in adults; 200 mg orally daily for 12 consecutive weeks."
    )
    assert course.max_duration_days == 84


def test_from_n_months_of_age_is_a_youngest_age():
    label = read_indication("Active immunization against rabies for use from 6 months of age.")
    assert label.min_age == 0.5 and label.max_age is None


def test_another_drugs_dose_is_no_limit_of_ours():
    other = read_indication(
        "Hyperlipidemia in adults; 10 mg orally once daily; not recommended with warfarin doses "
        "above 5 mg."
    )
    assert other.max_doses == []
    own = read_indication(
        "Hyperlipidemia in adults; 10 mg orally once daily; not for doses above 20 mg."
    )
    assert own.max_doses == [Dose(20, "mg")]


def test_feeding_tubes_are_an_excluded_route():
    label = read_indication(
        "Cystic fibrosis malabsorption; capsules taken orally with meals; not for use via "
        "enteral feeding tubes."
    )
    assert label.routes == ["oral"] and label.excluded_routes == ["enteral tube"]


def test_a_grade_range_ending_in_iv_is_no_route():
    assert read_indication(
        "Heart failure NYHA class II to IV in adults; 5 mg orally daily."
    ).routes == ["oral"]
    assert "intravenous" in read_indication("Sepsis in adults; 1 g IV every 8 hours.").routes


# -- the note ----------------------------------------------------------------------------


def test_a_number_states_the_age_a_later_kid_word_describes():
    assert [a.text for a in ages_in("started it in a 20 yo college kid")] == ["20"]
    assert [a.text for a in ages_in("started it in a kid with eczema")] == ["kid"]


def test_where_care_was_is_no_age():
    assert ages_in("just transitioned from the peds clinic to us") == []
    assert [a.text for a in ages_in("wants it for her peds pts")] == ["peds"]


def test_any_count_of_doses_a_day():
    assert [f.value for f in intervals_in("using it 6x a day")] == [pytest.approx(1 / 6)]
    assert [f.value for f in intervals_in("five times a day")] == [pytest.approx(0.2)]


def _own(name: str, indication: str) -> dict[str, Any]:
    return {"name": name, "aliases": [], "company": "own", "therapeutic_area": "test",
            "indication": indication}  # fmt: skip


CATALOG = {
    "products": [
        _own("Ferrolin", "Iron deficiency in adults; 100 mg orally once daily."),
        _own("Neburex", "Pulmonary fibrosis in adults; 5 mg inhaled via nebulizer four times daily."),
        _own("Vaxiro", "Shingles prevention in adults 50 and older; 0.5 mL intramuscularly, two "
             "doses 2 months apart."),
        _own("Infusia", "Gaucher disease in adults; 60 units/kg by intravenous infusion every 2 weeks."),
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


@pytest.mark.parametrize(
    ("inside", "outside", "reason"),
    [
        # a person called PA is no prior authorisation
        (
            "the PA keeps pts on Ferrolin once a day",
            "the PA keeps pts on Ferrolin twice a day",
            "interval: twice daily vs daily",
        ),
        # "calls it" is a verb, not a phone call
        (
            "has a pt on Infusia every 2 weeks, calls it standard",
            "has a pt on Infusia weekly, calls it his fast regimen",
            "interval: weekly vs every 2 weeks",
        ),
        # "takes it" is giving
        (
            "on Ferrolin, she takes it once a day",
            "on Ferrolin, so she takes it every other day now",
            "interval: every other day vs daily",
        ),
        # lay words for the mouth and for tubes
        (
            "can they breathe the Neburex in through the neb",
            "could pts just swallow the Neburex solution",
            "route: oral vs inhaled",
        ),
        (
            "Ferrolin tabs taken with breakfast",
            "can they crush Ferrolin down the G-tube",
            "route: enteral tube vs oral",
        ),
        (
            "Infusia infusion at the center q2wk",
            "can Infusia be pushed subq at home",
            "route: subcutaneous vs intravenous",
        ),
    ],
)
def test_round2_minimal_pairs(reader, inside, outside, reason):
    assert broken(reader, inside) == []
    assert reason in broken(reader, outside)


def test_a_grade_in_the_note_is_no_route(reader):
    assert broken(reader, "Ferrolin for a pt w/ NYHA class II to IV heart failure") == []
    assert "route: intravenous vs oral" in broken(reader, "can Ferrolin be given IV")


def test_an_adult_called_a_kid_is_no_child(reader):
    assert broken(reader, "started Vaxiro in a 55 yo who's a big kid at heart") == []
    assert broken(reader, "started Vaxiro in a kid") != []


# -- numbered grades: genotype, group, stage, class ---------------------------------------


def test_a_label_reads_its_numbered_grades():
    label = read_indication(
        "Chronic hepatitis B virus genotype A... in adults; treatment of liver fibrosis stage 2 "
        "to 4 in adults with NYHA class I or II heart function; 50 mg orally daily; not "
        "indicated for stage 1."
    )
    assert label.grades["stage"] == ["2", "3", "4"]
    assert label.grades["class"] == ["1", "2"]
    assert label.excluded_grades == {"stage": ["1"]}
    open_ended = read_indication("Heart failure, NYHA class II or higher, in adults; 5 mg daily.")
    assert open_ended.grades["class"] == ["2", "3", "4"]


GRADED = {
    "products": [
        _own("Virexa", "Chronic hepatitis E virus genotype 3 or 4 infection in adults; one "
             "tablet orally daily. Not indicated for genotype 1."),
        _own("Renalta", "Anemia of chronic kidney disease stage 3b to 4 in adults; 2 mg "
             "orally daily."),
    ]
}  # fmt: skip


@pytest.fixture(scope="module")
def graded() -> Language:
    pipeline = spacy.blank("en")
    for name in ("fieldsignal_sentencizer", "fieldsignal_catalog_ruler", "fieldsignal_negation",
                 "fieldsignal_off_label"):  # fmt: skip
        pipeline.add_pipe(name)
    for _, component in pipeline.pipeline:
        if hasattr(component, "set_catalog"):
            component.set_catalog(GRADED)
    return pipeline


@pytest.mark.parametrize(
    ("inside", "outside", "reason"),
    [
        (
            "GT3 pt, Dr wants Virexa",
            "GT2 pt, Dr wants Virexa",
            "condition: genotype 2 vs genotype 3 or 4",
        ),
        (
            "Virexa for a genotype 4a pt",
            "Virexa for a genotype 1 pt",
            "condition: genotype 1 excluded",
        ),
        (
            "Renalta in her stage 3b pts",
            "Renalta in her stage 3a pts",
            "condition: stage 3a vs stage 3b or 4",
        ),
        (
            "Renalta for a stage 4 pt",
            "Renalta for a stage 5 pt",
            "condition: stage 5 vs stage 3b or 4",
        ),
    ],
)
def test_grade_minimal_pairs(graded, inside, outside, reason):
    assert [v.reason for v in graded(inside)._.off_label] == []
    assert reason in [v.reason for v in graded(outside)._.off_label]


def test_a_grade_is_judged_only_against_a_label_naming_that_kind(graded):
    reasons = [v.reason for v in graded("Virexa for a stage 2 pt")._.off_label]
    assert not any("stage" in r for r in reasons)
    assert any(
        "stage" in r for r in [v.reason for v in graded("Renalta for a stage 2 pt")._.off_label]
    )


def test_a_single_injection_every_n_months_repeats():
    repeated = read_indication(
        "Endometriosis pain in women; 30 mg as a single intramuscular injection once every 3 months."
    )
    assert repeated.series_doses is None and repeated.intervals == [90]
    once = read_indication("Prevention of tetanus in adults; single 0.5 mL intramuscular dose.")
    assert once.series_doses == 1


def test_an_allowed_booster_leaves_the_series_open():
    open_series = read_indication(
        "Prevention of cholera in adults; two oral doses 7 days apart; a booster dose may be "
        "given after 2 years."
    )
    assert open_series.series_doses is None
    closed = read_indication("Prevention of cholera in adults; two oral doses 7 days apart.")
    assert closed.series_doses == 2


def test_the_patients_baby_is_no_patient_age():
    assert ages_in("she is breastfeeding a 3 mo old and asked about it") == []
    assert [a.text for a in ages_in("asked about it for a 3 mo old")] == ["3 months"]
    assert ages_in("they want to try for a baby next year") == []
    assert ages_in("found on the newborn screen") == []


@pytest.mark.parametrize(
    ("inside", "outside", "reason"),
    [
        # "instead of every N" sets the interval against the schedule, even after "come back"
        ("Infusia pts come back every 2 weeks for it", "Infusia pts come back every 4 weeks instead of every 2",
         "interval: every 4 weeks vs every 2 weeks"),
        # changing a patch is dosing; a dose change is not
        ("Ferrolin dose changes every 2 weeks with labs", "they change the Ferrolin patch twice a day",
         "interval: twice daily vs daily"),
    ],
)  # fmt: skip
def test_interval_context_pairs(reader, inside, outside, reason):
    assert broken(reader, inside) == []
    assert reason in broken(reader, outside)


def test_what_may_come_along_is_no_condition():
    label = read_indication(
        "Seasonal allergic rhinitis with or without urticaria in adults; 10 mg orally daily."
    )
    assert [c.name for c in label.conditions] == ["allergic rhinitis"]


def test_the_top_of_an_age_range_is_no_upper_age_of_its_own():
    label = read_indication(
        "Prevention of tick-borne fever from 6 months of age; 0.25 mL for children 6 months to "
        "less than 3 years, 0.5 mL for 3 years and older."
    )
    assert label.min_age == 0.5 and label.max_age is None


def test_plural_ages():
    assert [a.text for a in ages_in("can I use it in 15 yos")] == ["15"]


def test_weeks_against_a_months_floor(reader):
    floor = {"products": [_own("Infavax", "Prevention of rotavirus from 2 months of age; oral.")]}
    for _, component in reader.pipeline:
        if hasattr(component, "set_catalog"):
            component.set_catalog(floor)
    try:
        assert broken(reader, "Infavax for an 8 wk old") == []
        assert broken(reader, "Infavax for a 5 wk old") != []
    finally:
        for _, component in reader.pipeline:
            if hasattr(component, "set_catalog"):
                component.set_catalog(CATALOG)
