"""Bag-of-n-grams text classifier over token NORM (spaCy's TextCatBOW reads ORTH).

Reading NORM is what lets the classifier see the normalizer's placeholders
(``ownbrand``, ``neg_price``) instead of the raw words; otherwise the model is the same
sparse linear layer as ``spacy.TextCatBOW.v3``, which is fast on a CPU.
"""

from functools import partial
from typing import Any

from spacy.attrs import NORM
from spacy.ml.models.textcat import resize_and_set_ref
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
    xp = model.ops.xp
    batch_keys = []
    batch_vals = []
    for doc in docs:
        unigrams = model.ops.asarray(doc.to_array([model.attrs["attr"]])).reshape(-1)
        ngrams = [unigrams]
        for n in range(2, model.attrs["ngram_size"] + 1):
            if unigrams.shape[0] >= n:
                ngrams.append(model.ops.ngrams(n, unigrams))
        keys, vals = xp.unique(xp.concatenate(ngrams), return_counts=True)
        batch_keys.append(keys)
        batch_vals.append(vals)
    lengths = model.ops.asarray([arr.shape[0] for arr in batch_keys], dtype="int32")
    keys = xp.concatenate(batch_keys) if batch_keys else xp.zeros((0,), dtype="uint64")
    vals = xp.concatenate(batch_vals) if batch_vals else xp.zeros((0,), dtype="f")
    return (keys, model.ops.asarray(vals, dtype="f"), lengths), lambda dY: []


@registry.architectures("fieldsignal.NormBOW.v1")
def build_norm_bow(ngram_size: int = 2, length: int = 262144, nO: int | None = None) -> Model:
    """Multi-label logistic bag of NORM n-grams (1..ngram_size)."""
    length = 2 ** (length - 1).bit_length()
    sparse_linear = SparseLinear_v2(nO=nO, length=length)
    resizable_layer = resizable(
        sparse_linear,
        resize_layer=partial(resize_linear_weighted, fill_defaults={"b": NEG_VALUE, "W": 0}),
    )
    model = chain(extract_ngrams(ngram_size, attr=NORM), resizable_layer)
    model = chain(with_cpu(model, model.ops), Logistic())
    if nO is not None:
        model.set_dim("nO", nO)
    model.set_ref("output_layer", sparse_linear)
    model.attrs["multi_label"] = True
    model.attrs["resize_output"] = partial(resize_and_set_ref, resizable_layer=resizable_layer)
    return model
