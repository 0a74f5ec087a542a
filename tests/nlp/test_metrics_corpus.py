from nlp.corpus import is_dev, split_train_dev
from nlp.metrics import label_report, negation_error, pii_report


def test_label_report_counts_per_label_and_macro_over_supported_labels():
    gold = [{"objection_price"}, {"objection_price", "sample_request"}, set()]
    predicted = [{"objection_price"}, {"sample_request"}, {"objection_price"}]
    report = label_report(gold, predicted)
    price = report["labels"]["objection_price"]
    assert (price["precision"], price["recall"], price["support"]) == (0.5, 0.5, 2)
    assert report["labels"]["sample_request"]["f1"] == 1.0
    assert report["macro_f1"] == 0.75  # only the two labels with support count
    assert report["exact_match"] == 1 / 3


def test_pii_report_exact_and_overlap():
    gold = [[(0, 10, "PATIENT_NAME"), (20, 30, "DOB")]]
    predicted = [[(0, 10, "PATIENT_NAME"), (19, 30, "DOB"), (40, 45, "PHONE")]]
    report = pii_report(gold, predicted)
    assert report["exact"]["recall"] == 0.5
    assert report["exact"]["precision"] == 1 / 3
    assert report["overlap"]["recall"] == 1.0
    assert report["overlap"]["precision"] == 2 / 3
    assert report["exact"]["recall_by_type"]["DOB"] == 0.0


def test_overlap_needs_the_same_type():
    report = pii_report([[(0, 10, "MRN")]], [[(0, 10, "PHONE")]])
    assert report["overlap"]["recall"] == 0.0


def test_dev_split_is_stable_and_about_fifteen_percent():
    notes = [{"id": f"note-{i}"} for i in range(2000)]
    train, dev = split_train_dev(notes)
    assert 0.12 < len(dev) / len(notes) < 0.18
    assert is_dev("note-7") == is_dev("note-7")
    assert {n["id"] for n in dev}.isdisjoint({n["id"] for n in train})


def test_negation_error_counts_notes_given_a_label_they_negate():
    notes = [
        {"negated": ["objection_price"]},
        {"negated": ["content_request", "sample_request"]},
        {"negated": []},
        {},
    ]
    predicted = [{"objection_price"}, {"positive_feedback"}, {"objection_price"}, set()]
    report = negation_error(notes, predicted)
    assert (report["notes"], report["errors"], report["rate"]) == (2, 1, 0.5)
    assert report["by_label"]["objection_price"] == {"errors": 1, "notes": 1}
    assert negation_error([{}], [set()])["rate"] is None
