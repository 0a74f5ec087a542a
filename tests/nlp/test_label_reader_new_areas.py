"""The indication reader on labels written for this test, in therapy areas no catalog of the
repo covers (dialysis, puberty, dental anesthesia, nerve blocks, infectious prophylaxis, rare
disease ERT, neuromuscular, ophthalmology, addiction), with awkward phrasing."""

import pytest

from nlp.label_reader import Dose, read_indication
from nlp.label_reader.patterns import intervals_in


def test_titration_steps_no_more_often_than_are_no_dosing_window():
    label = read_indication(
        "Treatment of secondary hyperparathyroidism in adult patients with chronic kidney "
        "disease on hemodialysis. Starting dose 2.5 mg IV three times weekly at the end of "
        "hemodialysis; may be increased in 2.5 mg or 5 mg increments no more frequently than "
        "every 4 weeks to a maximum dose of 15 mg three times weekly. Not indicated for "
        "parathyroid carcinoma."
    )
    assert label.min_age == 18
    assert label.intervals == [round(7 / 3, 3)]
    assert label.interval_ranges == []  # the titration step is no window between doses
    assert label.max_doses == [Dose(15, "mg")]
    assert label.routes == ["intravenous"]
    assert [e.text for e in label.exclusions] == ["parathyroid carcinoma"]


def test_a_qualifier_the_disease_name_holds_is_not_repeated():
    label = read_indication(
        "Control of serum phosphorus in adults and pediatric patients 9 years of age and older "
        "with chronic kidney disease on dialysis, as adjunct to dietary phosphate restriction; "
        "500 mg orally three times daily with meals."
    )
    assert label.min_age == 9
    assert [c.label() for c in label.conditions] == ["chronic kidney disease"]
    assert not label.adjunct_only  # adjunct to a diet is no add-on to another drug
    assert label.intervals == [round(1 / 3, 3)]


def test_an_excluded_route_is_a_route_limit_not_a_word():
    label = read_indication(
        "For local, infiltrative, or conductive anesthesia in dental procedures in adults and "
        "children 4 years of age and older. Maximum dose 7 mg/kg, not to exceed 500 mg per "
        "appointment. Not for intravenous use."
    )
    assert label.min_age == 4
    assert label.excluded_routes == ["intravenous"]
    assert label.exclusions == []
    assert Dose(7, "mg", per_kg=True) in label.max_doses
    assert Dose(500, "mg") in label.max_doses


def test_not_for_self_administration_by_a_route():
    label = read_indication(
        "Maintenance treatment of moderate to severe opioid use disorder in patients who have "
        "initiated treatment with a transmucosal buprenorphine product for a minimum of 7 "
        "days; 300 mg monthly by subcutaneous injection for the first two months, followed by "
        "a 100 mg monthly maintenance dose. Not for intravenous self-administration."
    )
    assert label.excluded_routes == ["intravenous"]
    assert label.routes == ["subcutaneous"]
    assert label.intervals == [30.0]
    assert label.interval_ranges == []  # "for a minimum of 7 days" is the prior treatment


def test_weighing_n_kg_or_more_and_treatment_excluded_from_prophylaxis():
    label = read_indication(
        "Prevention of malaria caused by Plasmodium falciparum in travelers at least 2 years "
        "of age and weighing 11 kg or more; 250 mg once weekly starting 1 week before travel "
        "and continuing for 4 weeks after leaving. Not for treatment of acute malaria."
    )
    assert (label.min_age, label.min_weight_kg) == (2, 11)
    assert label.prevention_only
    assert label.intervals == [7.0]
    assert label.max_duration_days is None  # "for 4 weeks after leaving" is no course limit


def test_reduce_the_recurrence_with_treatment_excluded_and_a_single_infusion_per_kg():
    label = read_indication(
        "To reduce the recurrence of Clostridioides difficile infection (CDI) in patients 18 "
        "years of age and older following antibiotic treatment for recurrent CDI; a single "
        "10 mg/kg IV infusion. Limitation of use: not indicated for the treatment of CDI."
    )
    assert label.prevention_only
    assert label.series_doses == 1
    assert label.doses == [Dose(10, "mg", per_kg=True)]


def test_given_once_and_do_not_administer_additional_doses():
    label = read_indication(
        "Post-exposure prophylaxis of rabies infection, in combination with rabies vaccine, "
        "for persons of all ages; 20 IU/kg body weight given once at the start of the vaccine "
        "series. Do not administer additional doses."
    )
    assert label.series_doses == 1
    assert label.min_age is None
    assert label.prevention_only
    assert label.exclusions == []


def test_pediatric_and_adult_patients_is_every_age_and_loading_doses_are_no_series():
    label = read_indication(
        "Spinal muscular atrophy in pediatric and adult patients; 12 mg intrathecally as four "
        "loading doses, then a maintenance dose every 4 months."
    )
    assert (label.min_age, label.max_age) == (None, None)
    assert label.series_doses is None
    assert label.intervals == [120.0]


def test_adults_and_children_with_an_age_keeps_the_age():
    label = read_indication("Allergic conjunctivitis in adults and children 3 years and older")
    assert label.min_age == 3


def test_a_course_per_treatment_cycle_is_no_lifetime_limit():
    label = read_indication(
        "Generalized myasthenia gravis in adult patients who are anti-acetylcholine receptor "
        "antibody positive, as add-on to standard therapy; 10 mg/kg IV once weekly for 4 weeks "
        "per treatment cycle. Not for ocular myasthenia gravis."
    )
    assert label.max_duration_days is None
    assert label.adjunct_only
    assert label.intervals == [7.0]
    assert [c.label() for c in label.conditions] == ["generalized myasthenia gravis"]
    assert [e.text for e in label.exclusions] == ["ocular myasthenia gravis"]


def test_through_n_days_post_transplant_limits_the_course():
    label = read_indication(
        "Prophylaxis of cytomegalovirus (CMV) infection and disease in adult CMV-seropositive "
        "recipients of an allogeneic hematopoietic stem cell transplant. 480 mg orally once "
        "daily through 100 days post-transplant; 240 mg once daily when co-administered with "
        "cyclosporine."
    )
    assert label.max_duration_days == 100
    assert label.doses == [Dose(480, "mg"), Dose(240, "mg")]
    assert label.prevention_only
    assert label.min_age == 18


def test_central_puberty_from_2_years_not_adults_not_peripheral():
    label = read_indication(
        "Treatment of pediatric patients 2 years of age and older with central precocious "
        "puberty. 45 mg by subcutaneous injection once every 6 months. Not for use in adults "
        "or in peripheral precocious puberty."
    )
    assert label.min_age == 2
    assert label.intervals == [180.0]
    assert [e.text for e in label.exclusions] == ["peripheral precocious puberty"]


def test_males_a_dose_range_and_no_more_than_six_months():
    label = read_indication(
        "Males 12 years of age and older with delayed puberty due to constitutional delay; 50 "
        "to 100 mg intramuscularly every 4 weeks for no more than 6 months. Not indicated for "
        "age-related low testosterone."
    )
    assert (label.min_age, label.sex) == (12, "male")
    assert label.max_doses == [Dose(100, "mg")]
    assert label.max_duration_days == 180
    assert label.routes == ["intramuscular"]


def test_a_dosing_interval_with_an_alternative_interval():
    label = read_indication(
        "Routine prophylaxis to prevent attacks of hereditary angioedema (HAE) in adults and "
        "pediatric patients 12 years and older; 300 mg subcutaneously every 2 weeks, or every 4 "
        "weeks in patients well controlled for more than 6 months. Not for treatment of acute "
        "HAE attacks."
    )
    assert label.min_age == 12
    assert label.intervals == [14.0, 28.0]
    assert label.prevention_only
    assert label.max_duration_days is None


def test_weight_based_dose_ranges_in_months():
    label = read_indication(
        "Mucopolysaccharidosis type II (Hunter syndrome) in patients 16 months to 5 years of "
        "age; 0.5 mg/kg IV weekly."
    )
    assert label.min_age is not None and abs(label.min_age - 16 / 12) < 1e-6
    assert label.max_age == 5
    assert label.doses == [Dose(0.5, "mg", per_kg=True)]


def test_step_up_doses_and_pregnancy_not_recommended():
    label = read_indication(
        "Aid to smoking cessation treatment in adults 18 and older; 0.5 mg once daily for days "
        "1 to 3, 0.5 mg twice daily for days 4 to 7, then 1 mg twice daily for 12 weeks. Not "
        "recommended for pregnant women."
    )
    assert label.min_age == 18
    assert label.pregnancy == "excluded"
    assert label.max_doses == []
    assert Dose(1, "mg") in label.doses


def test_combinations_not_recommended_each_item():
    label = read_indication(
        "Severe alopecia areata in adults; 2 mg orally once daily, may be increased to 4 mg "
        "once daily. Not recommended in combination with other JAK inhibitors, biologic "
        "immunomodulators or cyclosporine."
    )
    combos = [e.text for e in label.exclusions if e.combination]
    assert combos == [
        "combination with other JAK inhibitors",
        "combination with biologic immunomodulators",
        "combination with cyclosporine",
    ]
    assert [c.label() for c in label.conditions] == ["severe alopecia areata"]


def test_a_route_excluded_by_an_approved_route_is_not_both():
    label = read_indication(
        "Pompe disease in patients 1 year and older; 20 mg/kg every 2 weeks as an intravenous "
        "infusion. Not for intrathecal or intramuscular use."
    )
    assert label.routes == ["intravenous"]
    assert label.excluded_routes == ["intrathecal", "intramuscular"]
    assert label.exclusions == []


def test_excluded_routes_round_trip():
    label = read_indication("Dental anesthesia in adults. Not for intravenous use.")
    again = type(label).from_dict(label.to_dict())
    assert again.excluded_routes == ["intravenous"]
    assert "route: not intravenous" in again.describe()


def test_an_interval_range_is_a_window_not_its_lower_end():
    label = read_indication(
        "Routine prophylaxis to reduce the frequency of bleeding episodes in adults and "
        "children with hereditary factor deficiency; 25 to 40 IU/kg every 2 to 3 days."
    )
    assert label.interval_ranges == [[2.0, 3.0]]
    assert label.intervals == []
    assert label.max_doses == [Dose(40, "units", per_kg=True)]
    assert label.min_age is None


def test_thousands_separators_in_a_dose():
    label = read_indication(
        "Anemia in adults with chronic kidney disease; a total cumulative dose of 1,000 mg given "
        "as two 500 mg infusions separated by at least 7 days."
    )
    assert Dose(1000, "mg") in label.doses
    assert Dose(0, "mg") not in label.doses


def test_weight_bands_give_the_lowest_weight():
    label = read_indication(
        "Children 2 years and older weighing 15 kg to less than 30 kg: 30 mg twice daily; 30 kg "
        "or more: 60 mg twice daily, for 5 days."
    )
    assert label.min_weight_kg == 15
    assert label.max_duration_days == 5


def test_doses_per_24_hours_are_no_series():
    label = read_indication(
        "On-demand treatment of acute attacks of hereditary angioedema in adults; 30 mg "
        "subcutaneously; additional doses may be administered at intervals of at least 6 "
        "hours, up to 3 doses in 24 hours."
    )
    assert label.series_doses is None


def test_an_age_band_through_n_years_is_no_course_length():
    label = read_indication(
        "Prevention of lower respiratory tract disease caused by RSV in individuals 60 years of "
        "age and older, and in adults 50 through 59 years at increased risk; a single 0.5 mL "
        "intramuscular dose."
    )
    assert label.max_duration_days is None
    assert label.min_age == 50
    assert label.series_doses == 1


def test_no_more_than_n_days_limits_the_course_and_hours_ranges():
    label = read_indication(
        "Management of moderate to severe acute pain in adults; 50 mg to 100 mg every 4 to 6 "
        "hours as needed, not to exceed 400 mg per day. Not for chronic pain. Limitation of "
        "use: use for the shortest duration, no more than 5 days."
    )
    assert label.max_duration_days == 5
    assert label.interval_ranges == [[pytest.approx(4 / 24), pytest.approx(6 / 24)]]
    assert Dose(400, "mg", per="day") in label.max_doses
    assert [e.text for e in label.exclusions] == ["chronic pain"]


def test_not_for_use_in_adults_ends_a_pediatric_range():
    label = read_indication(
        "Pediatric patients 2 years of age and older with central precocious puberty. Not for "
        "use in adults."
    )
    assert (label.min_age, label.max_age) == (2, 17)


def test_a_single_oral_capsule_is_a_single_dose():
    label = read_indication(
        "Prevention of chemotherapy-induced nausea in adults; a single 125 mg oral capsule "
        "taken 1 hour before chemotherapy on day 1."
    )
    assert label.series_doses == 1
    assert label.routes == ["oral"]


def test_not_for_neonates_keeps_the_children_the_label_names():
    label = read_indication(
        "Hypertension in children 1 year and older and adults; 0.2 mg/kg once daily, not to "
        "exceed 40 mg once daily. Not for use in neonates."
    )
    assert label.min_age == 1
    assert Dose(40, "mg") in label.max_doses
    assert read_indication("Asthma in patients 6 years and older. Not for children.").min_age == 18


def test_a_later_line_with_a_first_choice_is_no_later_line_limit():
    label = read_indication(
        "Acromegaly in adults who have had an inadequate response to surgery or radiation "
        "therapy, or for whom surgery is not an option; 20 mg intramuscularly every 4 weeks."
    )
    assert not label.later_line
    strict = read_indication(
        "Acromegaly in adults who have had an inadequate response to surgery; 20 mg "
        "intramuscularly every 4 weeks."
    )
    assert strict.later_line


def test_topical_treatment_of_is_the_route_topical_therapies_are_not():
    lice = read_indication(
        "Topical treatment of head lice infestation in patients 6 months of age and older; a "
        "single application to dry hair. Not for retreatment within 7 days."
    )
    assert lice.routes == ["topical"]
    assert lice.series_doses == 1
    prior = read_indication(
        "Moderate-to-severe atopic dermatitis not adequately controlled with topical therapies; "
        "300 mg subcutaneously every 2 weeks."
    )
    assert prior.routes == ["subcutaneous"]


def test_breastfeeding_excluded_with_pregnancy():
    label = read_indication(
        "Postpartum hemorrhoid pain in adult women; 10 mg orally twice daily for up to 7 days. "
        "Not recommended in pregnant or breastfeeding women."
    )
    assert (label.lactation, label.pregnancy, label.sex) == ("excluded", "excluded", "female")
    assert label.exclusions == []
    assert "population: not while breastfeeding" in label.describe()


def test_a_weekly_dose_is_an_amount_not_an_interval():
    label = read_indication(
        "Chronic gout in adults refractory to conventional therapy; 8 mg every 2 weeks as an "
        "intravenous infusion; the maximum weekly dose should not exceed 8 mg."
    )
    assert label.intervals == [14.0]
    assert label.later_line


def test_a_route_of_a_prior_therapy_is_not_this_products_route():
    label = read_indication(
        "Vitamin B12 deficiency in adults who have intolerance to or an unsatisfactory response "
        "to oral supplements; 1000 mcg intramuscularly once monthly."
    )
    assert label.routes == ["intramuscular"]
    assert label.later_line
    assert label.intervals == [30.0]


def test_taken_at_bedtime_is_once_a_day():
    label = read_indication(
        "Chronic cough in adults; one 45 mg tablet taken at bedtime. Not for acute cough due to "
        "colds."
    )
    assert label.intervals == [1.0]
    assert [e.text for e in label.exclusions] == ["acute cough due to colds"]


@pytest.mark.parametrize(
    ("text", "days"),
    [("q2wk", 14.0), ("every other week", 14.0), ("twice a day", 0.5), ("x2 daily", 0.5),
     ("qow", 14.0), ("once monthly", 30.0), ("each flu season", 365.0), ("BID", 0.5),
     ("q three months", 90.0), ("fortnightly", 14.0), ("three times weekly", 7 / 3)],
)  # fmt: skip
def test_every_interval_passes_the_quick_check(text, days):
    # intervals_in skips texts without a digit or an interval word; none may be lost
    found = intervals_in(f"gave it {text} since")
    assert [round(f.value, 3) for f in found] == [round(days, 3)]


def test_a_text_with_no_interval_word_has_none():
    assert intervals_in("saw the NP about samples and the copay card") == []
