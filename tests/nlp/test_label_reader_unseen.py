"""The indication reader on labels of therapy areas no catalog or training note covers,
written for these tests the way real labels read."""

from nlp.label_reader import Dose, read_indication


def test_adults_and_children_with_a_weight_floor_and_a_daily_maximum():
    label = read_indication(
        "Treatment of chronic immune thrombocytopenia in adults and pediatric patients 6 years "
        "and older weighing at least 20 kg who have had an insufficient response to "
        "corticosteroids; 50 mg orally once daily, not to exceed 75 mg per day."
    )
    assert label.min_age == 6 and label.max_age is None
    assert label.min_weight_kg == 20
    assert label.later_line
    assert Dose(75.0, "mg", per="day") in label.max_doses
    assert label.intervals == [1.0]


def test_a_childrens_range_and_adults_leaves_no_upper_bound():
    label = read_indication(
        "ADHD in children 6 to 17 years and in adults; once daily in the morning, starting at "
        "20 mg and titrated by 10 mg no more often than weekly to a maximum of 60 mg/day in "
        "children and 70 mg/day in adults."
    )
    assert label.min_age == 6 and label.max_age is None
    # the titration step is no dose, its pace no interval; both maxima are maxima
    assert Dose(10.0, "mg") not in label.doses
    assert label.intervals == [1.0] and label.interval_ranges == []
    assert {d.amount for d in label.max_doses} == {60.0, 70.0}


def test_add_on_maintenance_with_a_phenotype():
    label = read_indication(
        "Add-on maintenance treatment of severe asthma with an eosinophilic phenotype in "
        "patients 12 years and older; 100 mg subcutaneously once every 4 weeks; not indicated "
        "for relief of acute bronchospasm or status asthmaticus."
    )
    assert label.adjunct_only and not label.monotherapy_only
    [asthma] = label.conditions
    assert asthma.severity == ["severe"] and "eosinophilic" in asthma.qualifiers
    assert label.intervals == [28.0]


def test_monotherapy_or_adjunct_is_neither_limit():
    label = read_indication(
        "ADHD in children and adolescents 6 to 17 years, as monotherapy or as adjunctive "
        "therapy to stimulants; 1 mg to 4 mg extended-release tablet once daily at bedtime; "
        "not approved for adults 18 and older or for doses above 4 mg/day."
    )
    assert not label.monotherapy_only and not label.adjunct_only
    assert label.min_age == 6 and label.max_age == 17
    assert Dose(4.0, "mg") in label.max_doses  # the top of "1 mg to 4 mg"
    assert Dose(4.0, "mg", per="day") in label.max_doses  # "doses above 4 mg/day"
    assert label.exclusions == []


def test_second_line_and_a_disease_no_lexicon_lists():
    label = read_indication(
        "Second-line treatment of metastatic renal cell carcinoma after one prior "
        "anti-angiogenic therapy in adults; 40 mg orally once daily; not approved as first-line "
        "therapy."
    )
    assert label.later_line
    [carcinoma] = label.conditions
    assert carcinoma.name == "renal cell carcinoma" and carcinoma.qualifiers == ["metastatic"]
    assert label.exclusions == []  # "first-line" is read as the line, not as words


def test_single_dose_with_an_age_and_a_weight():
    label = read_indication(
        "Single dose treatment of uncomplicated influenza in patients 12 years of age and "
        "older weighing at least 40 kg; 40 mg orally as a single dose; not indicated for "
        "prophylaxis of influenza."
    )
    assert label.series_doses == 1
    assert label.min_age == 12 and label.min_weight_kg == 40
    assert any("prophylaxis" in e.text for e in label.exclusions)


def test_retreatment_no_sooner_than_is_a_window_not_a_prior_therapy():
    label = read_indication(
        "Treatment of overactive bladder in adults; 100 units injected into the detrusor "
        "once, may be repeated no sooner than 12 weeks after the prior injection."
    )
    assert label.interval_ranges == [[84.0, 252.0]]
    assert not label.later_line  # "the prior injection" is this product's own dose
    assert label.series_doses is None


def test_an_age_range_without_a_unit_and_a_dose_range():
    label = read_indication(
        "Treatment of moderate to severe obstructive sleep apnea in adults aged 18 to 75 "
        "with a BMI of 30 or more; 10 mg to 40 mg orally once daily at bedtime; not approved "
        "for central sleep apnea."
    )
    assert (label.min_age, label.max_age) == (18, 75)
    assert Dose(40.0, "mg") in label.max_doses
    assert any(e.text == "central sleep apnea" for e in label.exclusions)


def test_prevention_of_attacks_of_a_disease_known_by_its_shape():
    label = read_indication(
        "Hereditary angioedema: prevention of attacks in patients 2 years of age and older; "
        "150 mg subcutaneously every 2 weeks; not for treatment of acute attacks."
    )
    assert [c.name for c in label.conditions] == ["hereditary angioedema"]
    assert label.prevention_only
    assert label.min_age == 2


def test_two_doses_separated_by_at_least_a_week():
    label = read_indication(
        "Treatment of iron deficiency anemia in adult patients with chronic kidney disease; "
        "750 mg intravenous infusion, two doses separated by at least 7 days; not indicated "
        "for pediatric use."
    )
    assert label.series_doses == 2
    assert label.interval_ranges == [[7.0, 21.0]]
    assert label.min_age == 18


def test_coordinated_modifiers_take_the_head_of_their_phrase():
    label = read_indication(
        "Treatment of moderate to severe pain in opioid-tolerant adults only; transdermal "
        "patch applied every 72 hours; not for use in opioid-naive patients, for acute or "
        "postoperative pain, or in patients under 18."
    )
    texts = {e.text for e in label.exclusions}
    assert {"acute pain", "postoperative pain"} <= texts
    assert "acute" not in texts
    assert label.intervals == [3.0]


def test_subtype_of_an_unlisted_disease_and_a_course_length():
    label = read_indication(
        "Relief of signs and symptoms of seasonal allergic conjunctivitis in patients 2 years "
        "and older; one drop in each affected eye twice daily, up to 6 weeks."
    )
    [conjunctivitis] = label.conditions
    assert conjunctivitis.name == "conjunctivitis"
    assert set(conjunctivitis.qualifiers) == {"seasonal", "allergic"}
    assert label.max_duration_days == 42 and label.intervals == [0.5]


def test_infants_up_to_an_age_in_months():
    label = read_indication(
        "Prevention of RSV lower respiratory tract disease in neonates and infants entering "
        "their first RSV season, and in children up to 24 months of age; single 50 mg "
        "intramuscular dose."
    )
    assert label.max_age == 2 and not label.min_age
    assert label.series_doses == 1
    assert all("tract" not in c.name for c in label.conditions)


def test_lifetime_maximum_and_excluded_schedule():
    label = read_indication(
        "Treatment of postmenopausal women with osteoporosis at very high risk for fracture; "
        "80 mcg subcutaneous injection once daily, maximum 18 months of lifetime use; not "
        "approved for men, for twice-daily dosing, or for use beyond 18 months."
    )
    assert label.max_duration_days == 540
    assert label.sex == "female"
    assert label.intervals == [1.0]
    assert label.exclusions == []  # each item is read as a limit, none is left as words


def test_hepatitis_letter_and_add_on_to_a_class():
    label = read_indication(
        "Treatment of chronic hepatitis D in adults with compensated liver disease, as add-on "
        "to a nucleos(t)ide analogue; 2 mg subcutaneously once daily; not approved as "
        "monotherapy or in decompensated cirrhosis."
    )
    assert [c.name for c in label.conditions] == ["hepatitis d"]
    assert label.adjunct_only
    assert any(e.text == "decompensated cirrhosis" for e in label.exclusions)


def test_small_for_gestational_age_is_no_pregnancy():
    label = read_indication(
        "Growth hormone deficiency in children 3 to 17 years; 0.24 mg/kg subcutaneously once "
        "weekly; not approved for Turner syndrome or children born small for gestational age."
    )
    assert label.pregnancy is None
    assert (label.min_age, label.max_age) == (3, 17)
    assert Dose(0.24, "mg", per_kg=True) in label.doses
