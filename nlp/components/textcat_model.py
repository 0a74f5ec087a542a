"""Text classifiers over token NORM (spaCy's TextCatBOW reads ORTH).

Reading NORM is what lets the classifier see the normalizer's placeholders
(``ownbrand``, ``neg_price``) instead of the raw words.

- ``fieldsignal.NormBOW.v1``: bag of NORM n-grams, the sparse linear layer of
  ``spacy.TextCatBOW.v3``.
- ``fieldsignal.ClauseBOW.v1``: the same plus word order inside a clause: bigrams and
  skip-bigrams ("switched from rivalbrand to ownbrand" differs from the reverse) that never
  span punctuation, so "no copay issues, wants samples" does not pair "issues" with "wants".
- ``fieldsignal.ScopedVectorsBOW.v1``: ClauseBOW plus a small network over pretrained
  static word vectors (``nlp.wordvectors``), pooled separately over the words outside and
  inside negated/resolved scopes; the two parts' logits are summed.
"""

from functools import partial
from typing import Any, cast

import numpy
from spacy.attrs import IS_PUNCT, LOWER, NORM
from spacy.ml.models.textcat import resize_and_set_ref
from spacy.tokens import Doc, Span
from spacy.util import registry
from thinc.api import (
    Dropout,
    Linear,
    Logistic,
    Model,
    Relu,
    SparseLinear_v2,
    add,
    chain,
    resizable,
    with_cpu,
)
from thinc.layers.resizable import resize_linear_weighted
from thinc.types import Floats2d

from nlp.wordvectors import PieceIndex

NEG_VALUE = -5000


def extract_ngrams(ngram_size: int, attr: int = NORM, *, clause_grams: bool = False) -> Model:
    """spaCy's ``extract_ngrams``, but also accepting Spans (sentences, for evidence).

    With ``clause_grams`` the n-grams are bigrams and skip-bigrams that cross no
    punctuation, whatever ``ngram_size`` says.
    """
    model: Model = Model("fieldsignal_extract_ngrams", _extract_forward)
    model.attrs["ngram_size"] = ngram_size
    model.attrs["attr"] = attr
    model.attrs["clause_grams"] = clause_grams
    return model


_MIX = numpy.uint64(0x9E3779B97F4A7C15)
_SKIP = numpy.uint64(0xC2B2AE3D27D4EB4F)


def _clause_grams(column: Any, punct: Any) -> list[Any]:
    """Bigram and skip-bigram keys whose words are not punctuation (so no clause is crossed
    by a bigram; a skip-bigram may step over one word, never over a comma)."""
    keys = []
    with numpy.errstate(over="ignore"):
        if column.shape[0] >= 2:
            ok = (punct[:-1] == 0) & (punct[1:] == 0)
            keys.append((column[:-1] * _MIX + column[1:])[ok])
        if column.shape[0] >= 3:
            ok = (punct[:-2] == 0) & (punct[1:-1] == 0) & (punct[2:] == 0)
            keys.append((column[:-2] * _SKIP + column[2:])[ok])
    return keys


def _extract_forward(model: Model, docs: Any, is_train: bool) -> Any:
    # Repeated n-grams are left as repeated keys: the sparse linear layer sums them, which
    # is the same as a count, and skipping ``unique`` halves the cost per note.
    xp = model.ops.xp
    attr = model.attrs["attr"]
    size = model.attrs["ngram_size"]
    whole: dict[int, Any] = {}
    batch_keys = []
    clause = model.attrs.get("clause_grams", False)
    attrs = [attr, IS_PUNCT] if clause else [attr]
    for doc in docs:
        if isinstance(doc, Span):  # a sentence: slice its doc's columns, computed once
            columns = whole.get(id(doc.doc))
            if columns is None:
                columns = whole[id(doc.doc)] = doc.doc.to_array(attrs)
            rows = columns[doc.start : doc.end]
        else:
            rows = doc.to_array(attrs)
        if rows.ndim == 1:  # one attribute comes back as a vector
            rows = rows[:, None]
        unigrams = numpy.ascontiguousarray(rows[:, 0])
        keys = [unigrams]
        if clause:
            keys += _clause_grams(unigrams, rows[:, 1])
        else:
            for n in range(2, size + 1):
                if unigrams.shape[0] >= n:
                    keys.append(model.ops.ngrams(n, unigrams))  # type: ignore[arg-type]
        batch_keys.append(xp.concatenate(keys) if len(keys) > 1 else unigrams)
    lengths = model.ops.asarray([arr.shape[0] for arr in batch_keys], dtype="int32")
    keys = xp.concatenate(batch_keys) if batch_keys else xp.zeros((0,), dtype="uint64")
    power = model.attrs.get("length_power", 0.0)
    if power:
        # Scale each note's features by (reference length / its length) ** power, so a
        # short "copay too high" weighs like a long note full of price talk.
        ref = model.attrs.get("length_ref", 30.0)
        scale = (ref / model.ops.xp.maximum(lengths, 1).astype("f")) ** power
        vals = model.ops.xp.repeat(scale, lengths).astype("f")
    else:
        vals = xp.ones((keys.shape[0],), dtype="f")
    drop = model.attrs.get("feature_drop", 0.0)
    if is_train and drop > 0 and keys.shape[0]:
        # Feature dropout: hiding a share of the words each update spreads the weight over
        # more of them, so a note from another therapy area still finds some it knows.
        vals = vals * (model.ops.xp.random.random_sample(keys.shape[0]) >= drop)
    return (keys, vals, lengths), lambda dY: []


@registry.architectures("fieldsignal.NormBOW.v1")
def build_norm_bow(
    ngram_size: int = 2,
    length: int = 262144,
    length_power: float = 0.0,
    nO: int | None = None,
) -> Model:
    """Multi-label logistic bag of NORM n-grams (1..ngram_size).

    ``length_power`` > 0 scales a note's features by (30 / its token count) ** power, so
    short notes are not drowned by the label priors.
    """
    return _bow(ngram_size, length, length_power, nO, clause_grams=False)


@registry.architectures("fieldsignal.ClauseBOW.v1")
def build_clause_bow(
    length: int = 262144,
    length_power: float = 0.0,
    nO: int | None = None,
) -> Model:
    """Multi-label logistic bag of NORM words, clause bigrams and clause skip-bigrams."""
    return _bow(2, length, length_power, nO, clause_grams=True)


def _bow(
    ngram_size: int, length: int, length_power: float, nO: int | None, *, clause_grams: bool
) -> Model:
    length = 2 ** (length - 1).bit_length()
    sparse_linear = SparseLinear_v2(nO=nO, length=length)
    resizable_layer: Model = resizable(
        sparse_linear,
        resize_layer=partial(resize_linear_weighted, fill_defaults={"b": NEG_VALUE, "W": 0}),
    )
    extract = extract_ngrams(ngram_size, attr=NORM, clause_grams=clause_grams)
    extract.attrs["length_power"] = length_power
    model: Model = chain(extract, resizable_layer)
    model = chain(with_cpu(model, model.ops), Logistic())
    if nO is not None:
        model.set_dim("nO", nO)
    model.set_ref("output_layer", sparse_linear)
    model.attrs["multi_label"] = True
    model.attrs["resize_output"] = partial(resize_and_set_ref, resizable_layer=resizable_layer)
    return model


# Norms the normalizer writes in place of catalog mentions and identifiers: no vector.
PLACEHOLDERS = frozenset({"ownbrand", "rivalbrand", "assetcurrent", "assetstale", "contentasset"})
SCOPE_PREFIXES = ("neg_", "res_")
_INDEXES: dict[int, PieceIndex] = {}


def scoped_vectors(width: int = 256) -> Model:
    """Mean piece vector of the words outside, and of the words inside, negation scopes.

    The table (``E``, float16, never updated) and its piece list (``attrs["pieces"]``) are
    set by ``set_vector_table`` before training and saved with the model.
    """
    return Model(
        "fieldsignal_scoped_vectors",
        _scoped_vectors_forward,
        dims={"nO": 2 * width},
        attrs={"pieces": [], "width": width},
        params={"E": None},
    )


def set_vector_table(model: Model, pieces: list[str], table: Any) -> None:
    """Give every scoped-vectors layer of ``model`` its pretrained table."""
    for layer in model.walk():
        if layer.name == "fieldsignal_scoped_vectors":
            layer.attrs["pieces"] = list(pieces)
            layer.set_param("E", cast(Floats2d, numpy.asarray(table, dtype="float16")))


def has_vector_table(model: Model) -> bool:
    return any(layer.name == "fieldsignal_scoped_vectors" for layer in model.walk())


def _piece_index(model: Model) -> PieceIndex:
    pieces = model.attrs["pieces"]
    index = _INDEXES.get(id(pieces))
    if index is None:
        index = _INDEXES[id(pieces)] = PieceIndex(pieces)
    return index


def _vector_entry(strings: Any, norm: int, lower: int) -> tuple[str | None, bool]:
    """The word whose vector stands for a token (by its NORM and LOWER) and whether the
    token sits inside a negation scope; no word for placeholders, identifiers, punctuation."""
    text = strings[norm]
    scoped = text.startswith(SCOPE_PREFIXES)
    base = text[4:] if scoped else text
    if base in PLACEHOLDERS or base.startswith("pii_") or not any(c.isalnum() for c in base):
        return None, scoped
    # Concept classes and shorthand rewrite the word; the vector should see the word itself
    # ("neutropenia", not "symptom"), except for shorthand that has a plain reading.
    word = base if "_" not in base and base != "symptom" else strings[lower]
    return word, scoped


_KEY_MIX = numpy.uint64(0x9E3779B97F4A7C15)


def _token_rows(model: Model, index: PieceIndex, whole: Doc, keys: Any, rows: Any) -> Any:
    """Token-table rows for a doc's tokens; new token kinds are added to the table."""
    table = index.tokens
    found = numpy.empty(keys.shape[0], dtype="int64")
    missing = []
    row_of = table.row_of
    for i, key in enumerate(keys.tolist()):
        row = row_of.get(key)
        if row is None:
            missing.append(i)
        else:
            found[i] = row
    if missing:
        pieces = index.table32
        if pieces is None:  # float16 on disk, float32 to sum: converted once
            pieces = index.table32 = numpy.asarray(model.get_param("E"), dtype="f")
        strings = whole.vocab.strings
        for i in missing:
            key = int(keys[i])
            row = row_of.get(key)
            if row is None:
                word, in_scope = _vector_entry(strings, int(rows[i, 0]), int(rows[i, 1]))
                piece_rows = list(index.word_rows(word)) if word else []
                row = table.add(pieces[piece_rows].sum(axis=0), in_scope) if piece_rows else 0
                row_of[key] = row
            found[i] = row
    return found


def _scoped_vectors_forward(model: Model, docs: Any, is_train: bool) -> Any:
    width = model.attrs["width"]
    out = numpy.zeros((len(docs), 2 * width), dtype="f")
    if not model.attrs["pieces"] or not docs:
        return cast(Floats2d, out), lambda dY: []
    index = _piece_index(model)
    # Each distinct doc's tokens are looked up once (a batch of sentences shares docs);
    # every note or sentence is then a range of one flat token array: one gather and one
    # reduceat per batch and part, no numpy call per note, no piece lookup per token.
    offsets: dict[int, int] = {}
    parts: list[Any] = []
    total = 0
    bounds = numpy.empty((len(docs), 2), dtype="int64")
    for i, doc in enumerate(docs):
        whole = doc.doc if isinstance(doc, Span) else doc
        offset = offsets.get(id(whole))
        if offset is None:
            offset = offsets[id(whole)] = total
            rows: Any = whole.to_array([NORM, LOWER])
            with numpy.errstate(over="ignore"):
                keys = rows[:, 0] ^ (rows[:, 1] * _KEY_MIX)
            parts.append(_token_rows(model, index, whole, keys, rows))
            total += len(whole)
        if isinstance(doc, Span):
            bounds[i] = (offset + doc.start, offset + doc.end)
        else:
            bounds[i] = (offset, offset + len(doc))
    token_rows = numpy.concatenate(parts)
    table = index.tokens
    scoped = table.scoped[token_rows]
    for column, mask in ((0, ~scoped), (width, scoped)):
        positions = numpy.flatnonzero(mask & (token_rows > 0))
        if not positions.shape[0]:
            continue
        # The part's token rows, in order; a range of tokens is a range of these rows.
        # A slice sum per range is several times faster than numpy's reduceat on rows.
        picked = table.vectors[token_rows[positions]]
        edges = numpy.searchsorted(positions, bounds).tolist()
        sums = numpy.zeros((len(docs), width), dtype="f")
        for i, (start, end) in enumerate(edges):
            if end > start:
                picked[start:end].sum(axis=0, out=sums[i])
        sums /= numpy.linalg.norm(sums, axis=1, keepdims=True) + 1e-6
        out[:, column : column + width] = sums
    return cast(Floats2d, out), lambda dY: []


@registry.architectures("fieldsignal.ScopedVectorsBOW.v1")
def build_scoped_vectors_bow(
    length: int = 262144,
    length_power: float = 0.0,
    width: int = 256,
    hidden: int = 64,
    dropout: float = 0.2,
    clause_grams: bool = True,
    nO: int | None = None,
) -> Model:
    """ClauseBOW (or, without ``clause_grams``, NormBOW unigram) logits plus those of a
    one-hidden-layer network over scoped mean vectors."""
    length = 2 ** (length - 1).bit_length()
    sparse_linear = SparseLinear_v2(nO=nO, length=length)
    extract = extract_ngrams(1, attr=NORM, clause_grams=clause_grams)
    extract.attrs["length_power"] = length_power
    vectors: Model = chain(
        scoped_vectors(width),
        Relu(nO=hidden, nI=2 * width),
        Dropout(dropout),
        Linear(nO=nO, nI=hidden),
    )
    model: Model = chain(add(chain(extract, sparse_linear), vectors), Logistic())
    if nO is not None:
        model.set_dim("nO", nO)
    model.set_ref("output_layer", sparse_linear)
    model.attrs["multi_label"] = True
    return model


def _docs_not_spans() -> Model:
    # spaCy's FeatureExtractor cannot read a Span's columns by name; a sentence becomes a Doc.
    def forward(model: Model, docs: Any, is_train: bool) -> Any:
        return [d.as_doc() if isinstance(d, Span) else d for d in docs], lambda dY: dY

    return Model("fieldsignal_docs_not_spans", forward)


@registry.architectures("fieldsignal.CNNEnsemble.v1")
def build_cnn_ensemble(tok2vec: Model, linear_model: Model, nO: int | None = None) -> Model:
    """spaCy's TextCatEnsemble.v2 (CNN tok2vec + linear model) that also reads sentences."""
    from spacy.ml.models.textcat import build_text_classifier_v2

    ensemble = build_text_classifier_v2(tok2vec, linear_model, nO)
    model: Model = chain(_docs_not_spans(), ensemble)
    for ref in ("output_layer", "tok2vec"):
        model.set_ref(ref, ensemble.get_ref(ref))
    model.attrs["multi_label"] = True
    return model
