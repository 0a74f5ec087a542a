"""The scoped-vector pooling of the classifier, against a sum written out by hand."""

import numpy
import spacy
from spacy.tokens import Doc

from nlp.components.textcat_model import scoped_vectors, set_vector_table

PIECES = ["", "\u2581price", "\u2581push", "back", "\u2581wants", "\u2581samples", "\u2581on"]


def _model(width: int = 4):
    table = numpy.random.default_rng(0).standard_normal((len(PIECES), width)).astype("f")
    model = scoped_vectors(width)
    set_vector_table(model, PIECES, table)
    return model, table.astype("float16").astype("f")  # the model stores float16


def _doc(words: list[str], norms: list[str], sent_starts: list[bool]) -> Doc:
    doc = Doc(spacy.blank("en").vocab, words=words, sent_starts=sent_starts)
    for token, norm in zip(doc, norms, strict=True):
        token.norm_ = norm
    return doc


def _unit(vector: numpy.ndarray) -> numpy.ndarray:
    return vector / (numpy.linalg.norm(vector) + 1e-6)


def test_notes_and_sentences_pool_words_outside_and_inside_scopes_apart():
    model, table = _model()
    # "no pushback on price. wants samples": "pushback on price" negated.
    doc = _doc(
        ["no", "pushback", "on", "price", ".", "wants", "samples"],
        ["no", "neg_pushback", "neg_on", "neg_price", ".", "wants", "samples"],
        [True, False, False, False, False, True, False],
    )
    other = _doc(["price", "ownbrand"], ["price", "ownbrand"], [True, False])
    sentences = list(doc.sents)
    out = model.predict([doc, other, *sentences])
    no_vector = numpy.zeros(4, dtype="f")
    plain = table[4] + table[5]  # "wants samples"; "no" and "." have no piece
    scoped = table[2] + table[3] + table[6] + table[1]  # push+back, on, price
    expected = [
        (plain, scoped),
        (table[1], no_vector),  # a placeholder has no vector
        (no_vector, scoped),  # the first sentence: only negated words
        (plain, no_vector),
    ]
    for row, (want_plain, want_scoped) in zip(out, expected, strict=True):
        numpy.testing.assert_allclose(row[:4], _unit(want_plain), atol=1e-5)
        numpy.testing.assert_allclose(row[4:], _unit(want_scoped), atol=1e-5)


def test_a_second_batch_reuses_the_token_rows_and_gives_the_same_vectors():
    model, _ = _model()
    doc = _doc(["price", "pushback"], ["price", "pushback"], [True, False])
    first = model.predict([doc])
    again = model.predict([_doc(["pushback", "price"], ["pushback", "price"], [True, False])])
    numpy.testing.assert_allclose(first, again, atol=1e-6)
