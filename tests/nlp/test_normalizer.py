from spacy.language import Language

from nlp.components.normalizer import Normalizer


def _norms(nlp: Language, text: str) -> list[str]:
    doc = nlp(text)
    return [t.norm_ for t in doc]


def _pipeline(blank: Language, catalog: dict, use_lemmas: bool = False) -> Language:
    blank.add_pipe("fieldsignal_sentencizer")
    blank.add_pipe("fieldsignal_lemmatizer")
    blank.add_pipe("fieldsignal_catalog_ruler").set_catalog(catalog)  # type: ignore[attr-defined]
    blank.add_pipe("fieldsignal_negation")
    blank.add_pipe("fieldsignal_normalizer", config={"use_lemmas": use_lemmas})
    blank.initialize()
    return blank


def test_brand_names_become_placeholders(blank, catalog):
    nlp = _pipeline(blank, catalog)
    assert _norms(nlp, "Visorel beats Optivance") == ["ownbrand", "beats", "rivalbrand"]
    assert _norms(nlp, "old VSR-101-v1")[1:] == ["assetstale"] * 3


def test_negated_words_are_marked(blank, catalog):
    nlp = _pipeline(blank, catalog)
    assert _norms(nlp, "no pushback on price") == ["no", "neg_pushback", "neg_on", "neg_price"]
    assert _norms(nlp, "no issues w/ Visorel")[1:] == ["neg_issues", "neg_with", "neg_ownbrand"]


def test_resolved_words_are_marked_apart_from_negated(blank, catalog):
    nlp = _pipeline(blank, catalog)
    assert _norms(nlp, "copay issue resolved")[:2] == ["res_copay", "res_issue"]


def test_pa_reads_as_person_or_prior_authorization(blank, catalog):
    nlp = _pipeline(blank, catalog)
    assert _norms(nlp, "PA Jenny said hi")[0] == "physician_assistant"
    assert _norms(nlp, "the PA said no")[1] == "physician_assistant"
    assert _norms(nlp, "PA denied again")[0] == "prior_authorization"


def test_shorthand_and_concepts(blank, catalog):
    nlp = _pipeline(blank, catalog)
    assert _norms(nlp, "pt w/ rash") == ["patient", "with", "symptom"]
    assert _norms(nlp, "Aetna wants a PA") == ["payer", "wants", "a", "prior_authorization"]


def test_lemmas_when_enabled(blank, catalog):
    nlp = _pipeline(blank, catalog, use_lemmas=True)
    assert _norms(nlp, "asked for samples") == ["ask", "for", "sample"]


def test_round_trip_keeps_settings(blank, tmp_path):
    normalizer = Normalizer(blank.vocab, use_lemmas=True, use_concepts=False)
    normalizer.to_disk(tmp_path / "norm")
    loaded = Normalizer(blank.vocab).from_disk(tmp_path / "norm")
    assert (loaded.use_lemmas, loaded.use_concepts) == (True, False)
    loaded = Normalizer(blank.vocab).from_bytes(normalizer.to_bytes())
    assert (loaded.use_lemmas, loaded.use_concepts) == (True, False)
