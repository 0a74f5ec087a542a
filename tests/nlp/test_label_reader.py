"""The indication reader on indication texts written for these tests (no catalog has them)."""

from nlp.label_reader import Dose, LabelConstraints, read_indication


def test_or_older_adults_interval_route_and_maximum():
    label = read_indication(
        "Treatment of adults 18 years of age or older with moderate to severe chronic plaque "
        "psoriasis; 80 mg subcutaneously every 2 weeks, maximum 160 mg per month."
    )
    assert label.min_age == 18 and label.max_age is None
    [condition] = label.conditions
    assert condition.name == "psoriasis"
    assert condition.severity == ["moderate", "severe"] and "plaque" in condition.qualifiers
    assert label.intervals == [14.0]
    assert label.routes == ["subcutaneous"]
    assert Dose(160.0, "mg") in label.max_doses


def test_age_range_with_through():
    label = read_indication(
        "Prevention of influenza in children 6 months through 8 years of age; two 0.25 mL "
        "intramuscular doses 4 weeks apart in the first season."
    )
    assert label.min_age == 0.5 and label.max_age == 8
    assert label.series_doses == 2
    assert label.intervals == [28.0]
    assert label.prevention_only


def test_plus_sign_age_and_single_dose():
    label = read_indication(
        "Active immunization against pneumococcal disease in adults 65+ ; single 0.5 mL "
        "intramuscular injection; revaccination is not approved."
    )
    assert label.min_age == 65
    assert label.series_doses == 1
    assert label.routes == ["intramuscular"]


def test_weight_based_dose_and_weight_floor():
    label = read_indication(
        "Gaucher disease type 1 in patients 4 years and older weighing at least 15 kg; "
        "60 units/kg by intravenous infusion every other week (maximum 60 units/kg per dose)."
    )
    assert label.min_age == 4 and label.min_weight_kg == 15
    assert Dose(60.0, "units", per_kg=True) in label.max_doses
    assert label.intervals == [14.0] and label.routes == ["intravenous"]


def test_multiple_conditions_with_their_own_severity():
    label = read_indication(
        "Moderately to severely active ulcerative colitis and moderately to severely active "
        "Crohn's disease in adults who had an inadequate response to a TNF blocker; "
        "300 mg IV at weeks 0, 4 and 8, then 200 mg SC every 8 weeks."
    )
    names = {c.name: c.severity for c in label.conditions}
    assert names == {
        "ulcerative colitis": ["moderate", "severe"],
        "crohn's disease": ["moderate", "severe"],
    }
    assert label.later_line
    assert set(label.routes) == {"intravenous", "subcutaneous"}
    assert 56.0 in label.intervals


def test_not_approved_for_and_not_indicated_for():
    label = read_indication(
        "Acute treatment of migraine in adults; 10 mg nasal spray, may repeat once after 2 "
        "hours; not approved for cluster headache or for the preventive treatment of migraine, "
        "and not indicated for patients under 18."
    )
    assert label.min_age == 18
    texts = [e.text for e in label.exclusions]
    assert "cluster headache" in texts
    assert any("preventive" in t for t in texts)
    [migraine] = label.conditions
    assert migraine.qualifiers == ["acute"]


def test_sex_pregnancy_and_menopause():
    label = read_indication(
        "Treatment of vasomotor symptoms due to menopause in postmenopausal women; 45 mg "
        "orally once daily; contraindicated in pregnancy; not indicated for men."
    )
    assert label.sex == "female"
    assert label.pregnancy == "excluded"
    assert label.intervals == [1.0] and label.routes == ["oral"]


def test_pregnancy_window_from_gestational_age():
    label = read_indication(
        "Active immunization of pregnant individuals at 28 through 34 weeks gestational age "
        "to protect infants from pertussis; single intramuscular dose."
    )
    assert label.pregnancy == "required"
    assert label.gestation_weeks == [28.0, 34.0]
    assert label.min_age is None  # the weeks are gestation, not the patient's age


def test_adjunct_monotherapy_and_combination_exclusion():
    label = read_indication(
        "Add-on therapy for partial-onset seizures in patients 4 years and older; 100 mg "
        "orally twice daily, up to 400 mg per day; not for use as monotherapy; not in "
        "combination with strong CYP3A4 inducers."
    )
    assert label.adjunct_only
    assert label.min_age == 4
    assert label.intervals == [0.5]
    assert Dose(400.0, "mg", per="day") in label.max_doses
    assert any(e.combination for e in label.exclusions)


def test_topical_strength_body_surface_and_course_length():
    label = read_indication(
        "Mild-to-moderate atopic dermatitis in patients 3 months of age and older; 2% ointment "
        "applied twice daily to no more than 20% body surface area, for up to 8 weeks."
    )
    assert label.min_age == 0.25
    assert label.conditions[0].severity == ["mild", "moderate"]
    assert Dose(2.0, "%") in label.doses
    assert label.max_bsa_percent == 20
    assert label.max_duration_days == 56


def test_dose_window_between_doses():
    label = read_indication(
        "Prevention of hepatitis A in adults 19 years and older; two 1 mL intramuscular "
        "doses, the second given 6 to 12 months after the first."
    )
    assert label.min_age == 19
    assert label.series_doses == 2
    assert label.interval_ranges == [[180.0, 360.0]]


def test_titration_interval_is_not_a_dosing_interval():
    label = read_indication(
        "Major depressive disorder in adults; 25 mg orally once daily, titrated every 2 weeks "
        "to a maximum of 100 mg per day; not approved for bipolar depression."
    )
    assert label.intervals == [1.0]
    assert label.conditions[0].qualifiers == ["major"]
    assert Dose(100.0, "mg", per="day") in label.max_doses


def test_an_indication_with_nothing_to_read():
    assert read_indication("").is_empty()
    assert str(read_indication("")) == "(nothing understood)"


def test_describe_is_readable_and_round_trips():
    label = read_indication(
        "Relapsing forms of multiple sclerosis in adults; 20 mg orally once daily; not "
        "indicated for primary progressive MS."
    )
    lines = label.describe()
    assert "population: age >= 18" in lines
    assert "condition: relapsing multiple sclerosis" in lines
    assert "exclusion: not for primary progressive MS" in lines
    assert LabelConstraints.from_dict(label.to_dict()) == label
