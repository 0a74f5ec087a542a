"""One vocabulary for theme labels: every label of the taxonomy has the rep app's name."""

from backend.core.labels import LABEL_TITLES, label_phrase, label_title
from nlp.labels import LABELS


def test_every_label_has_a_name_that_is_not_its_key() -> None:
    assert set(LABEL_TITLES) == set(LABELS)
    for label in LABELS:
        assert "_" not in label_title(label), label
        assert label_title(label)[0].isupper(), label


def test_a_name_reads_in_a_sentence_and_an_unknown_key_still_reads() -> None:
    assert label_title("objection_price") == "Price objection"
    assert label_phrase("stale_content") == "outdated content"
    assert label_title("some_new_label") == "some new label"
