import pytest
from spacy.language import Language

from nlp.components.sentencizer import NoteSentencizer


def _sentences(blank: Language, text: str) -> list[str]:
    blank.add_pipe("fieldsignal_sentencizer")
    doc = blank(text)
    return [s.text.strip() for s in doc.sents]


def test_splits_on_stops_and_line_breaks(blank):
    text = "Dr. Lee happy w/ results. wants samples!! f/u\n- pt on X\n- copay issue"
    assert _sentences(blank, text) == [
        "Dr. Lee happy w/ results.",
        "wants samples!!",
        "f/u",
        "- pt on X",
        "- copay issue",
    ]


def test_closing_bracket_stays_with_its_sentence(blank):
    assert _sentences(blank, "left PI (old one.) next") == ["left PI (old one.)", "next"]


def test_sentencizer_round_trip(blank, tmp_path):
    NoteSentencizer(blank.vocab, ends=["|"]).to_disk(tmp_path / "s")
    loaded = NoteSentencizer(blank.vocab).from_disk(tmp_path / "s")
    doc = loaded(blank.make_doc("a | b"))
    assert [s.text for s in doc.sents] == ["a |", "b"]


@pytest.mark.parametrize("word,lemma", [("samples", "sample"), ("asked", "ask"), ("was", "be")])
def test_lookup_lemmas_match_spacys_lemmatizer(blank, word, lemma):
    import spacy

    stock = spacy.blank("en")
    stock.add_pipe("lemmatizer", config={"mode": "lookup"})
    stock.initialize()
    blank.add_pipe("fieldsignal_lemmatizer")
    blank.initialize()
    assert blank(word)[0].lemma_ == stock(word)[0].lemma_ == lemma


def test_lemmatizer_tables_travel_with_the_pipeline(blank, tmp_path):
    import spacy

    blank.add_pipe("fieldsignal_lemmatizer")
    blank.initialize()
    blank.to_disk(tmp_path / "p")
    loaded = spacy.load(tmp_path / "p")
    assert loaded("patients")[0].lemma_ == "patient"
