"""Bag-of-n-grams text classifier over token NORM (spaCy's TextCatBOW reads ORTH).

Reading NORM is what lets the classifier see the normalizer's placeholders
(``ownbrand``, ``neg_price``) instead of the raw words; otherwise the model is the same
sparse linear layer as ``spacy.TextCatBOW.v3``, which is fast on a CPU.
"""

from functools import partial
from typing import Any

from spacy.attrs import NORM
from spacy.ml.models.textcat import resize_and_set_ref
from spacy.tokens import Span
from spacy.util import registry
from thinc.api import Logistic, Model, SparseLinear_v2, chain, resizable, with_cpu
from thinc.layers.resizable import resize_linear_weighted

NEG_VALUE = -5000


def extract_ngrams(ngram_size: int, attr: int = NORM) -> Model:
    """spaCy's ``extract_ngrams``, but also accepting Spans (sentences, for evidence)."""
    model: Model = Model("fieldsignal_extract_ngrams", _extract_forward)
    model.attrs["ngram_size"] = ngram_size
    model.attrs["attr"] = attr
    return model


def _extract_forward(model: Model, docs: Any, is_train: bool) -> Any:
    # Repeated n-grams are left as repeated keys: the sparse linear layer sums them, which
    # is the same as a count, and skipping ``unique`` halves the cost per note.
    xp = model.ops.xp
    attr = model.attrs["attr"]
    size = model.attrs["ngram_size"]
    whole: dict[int, Any] = {}
    batch_keys = []
    for doc in docs:
        if isinstance(doc, Span):  # a sentence: slice its doc's column, computed once
            column = whole.get(id(doc.doc))
            if column is None:
                column = whole[id(doc.doc)] = doc.doc.to_array(attr)
            unigrams = column[doc.start : doc.end]
        else:
            unigrams = doc.to_array(attr)
        keys = [unigrams]
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
    length = 2 ** (length - 1).bit_length()
    sparse_linear = SparseLinear_v2(nO=nO, length=length)
    resizable_layer: Model = resizable(
        sparse_linear,
        resize_layer=partial(resize_linear_weighted, fill_defaults={"b": NEG_VALUE, "W": 0}),
    )
    extract = extract_ngrams(ngram_size, attr=NORM)
    extract.attrs["length_power"] = length_power
    model: Model = chain(extract, resizable_layer)
    model = chain(with_cpu(model, model.ops), Logistic())
    if nO is not None:
        model.set_dim("nO", nO)
    model.set_ref("output_layer", sparse_linear)
    model.attrs["multi_label"] = True
    model.attrs["resize_output"] = partial(resize_and_set_ref, resizable_layer=resizable_layer)
    return model
