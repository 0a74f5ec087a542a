"""Assemble the tagger pipeline on ``spacy.blank("en")`` and swap its catalog."""

from typing import Any

import spacy
from spacy.language import Language

from nlp import components  # noqa: F401  (registers the factories)
from nlp.catalog import Catalog
from nlp.labels import LABELS
from nlp.theme_cues import THEME_CUES

TEXTCAT = "textcat_multilabel"
SAFETY = "fieldsignal_safety"
OFF_LABEL = "fieldsignal_off_label"
# Components that run before the classifier; training runs them once over the notes.
PRE_CLASSIFIER = (
    "fieldsignal_sentencizer",
    "fieldsignal_pii",
    "fieldsignal_lemmatizer",
    "fieldsignal_catalog_ruler",
    "fieldsignal_negation",
    "fieldsignal_normalizer",
)


# The classifier candidates compared in docs/nlp.md ("Choosing the classifier").
CLASSIFIERS = ("bow", "clause_bow", "cnn_ensemble", "scoped_vectors", "scoped_vectors_unigram")
DEFAULT_CLASSIFIER = "scoped_vectors"


def classifier_config(
    classifier: str = DEFAULT_CLASSIFIER,
    *,
    ngram_size: int = 1,
    length: int = 2**17,
    length_power: float = 0.4,
) -> dict[str, Any]:
    """The ``model`` block of the classifier named ``classifier`` (one of CLASSIFIERS)."""
    if classifier == "bow":
        return {
            "@architectures": "fieldsignal.NormBOW.v1",
            "ngram_size": ngram_size,
            "length": length,
            "length_power": length_power,
        }
    clause = {
        "@architectures": "fieldsignal.ClauseBOW.v1",
        "length": length,
        "length_power": length_power,
    }
    if classifier == "clause_bow":
        return clause
    if classifier == "cnn_ensemble":
        return {
            "@architectures": "fieldsignal.CNNEnsemble.v1",
            "linear_model": clause,
            "tok2vec": {
                "@architectures": "spacy.Tok2Vec.v2",
                "embed": {
                    "@architectures": "spacy.MultiHashEmbed.v2",
                    "width": 64,
                    "attrs": ["NORM", "PREFIX", "SUFFIX", "SHAPE"],
                    "rows": [5000, 1000, 2500, 2500],
                    "include_static_vectors": False,
                },
                "encode": {
                    "@architectures": "spacy.MaxoutWindowEncoder.v2",
                    "width": 64,
                    "window_size": 1,
                    "maxout_pieces": 3,
                    "depth": 2,
                },
            },
        }
    if classifier in ("scoped_vectors", "scoped_vectors_unigram"):
        return {
            "@architectures": "fieldsignal.ScopedVectorsBOW.v1",
            "length": length,
            "length_power": length_power,
            "width": 256,
            "hidden": 64,
            "dropout": 0.2,
            "clause_grams": classifier == "scoped_vectors",
        }
    raise ValueError(f"unknown classifier {classifier!r}; one of {', '.join(CLASSIFIERS)}")


def build_pipeline(
    catalog: Catalog | dict[str, Any] | None = None,
    *,
    classifier: str = DEFAULT_CLASSIFIER,
    ngram_size: int = 1,
    length: int = 2**17,
    length_power: float = 0.4,
    use_lemmas: bool = True,
    use_concepts: bool = True,
    labels: tuple[str, ...] = LABELS,
) -> Language:
    """A fresh, untrained pipeline: rules in place, classifier initialised but not trained."""
    nlp = spacy.blank("en")
    nlp.add_pipe("fieldsignal_sentencizer")
    # Built from the word lists and patterns shipped in nlp/pii; saved with the model.
    nlp.add_pipe("fieldsignal_pii")
    nlp.add_pipe("fieldsignal_lemmatizer")
    nlp.add_pipe("fieldsignal_catalog_ruler")
    nlp.add_pipe("fieldsignal_negation")
    nlp.add_pipe(
        "fieldsignal_normalizer", config={"use_lemmas": use_lemmas, "use_concepts": use_concepts}
    )
    model = classifier_config(
        classifier, ngram_size=ngram_size, length=length, length_power=length_power
    )
    textcat = nlp.add_pipe(TEXTCAT, config={"threshold": 0.5, "model": model})
    for label in labels:
        textcat.add_label(label)  # type: ignore[attr-defined]
    compliance = nlp.add_pipe("fieldsignal_compliance", config={"textcat": TEXTCAT})
    compliance.set_scope_cues(THEME_CUES)  # type: ignore[attr-defined]
    nlp.add_pipe(OFF_LABEL)  # judges off_label against each product's label
    # Reportable safety decides adverse_event last (nlp/components/safety.py).
    nlp.add_pipe(SAFETY)
    set_catalog(nlp, catalog)
    return nlp


def set_catalog(nlp: Language, catalog: Catalog | dict[str, Any] | None) -> None:
    """Give every catalog-aware component the same catalog."""
    parsed = catalog if isinstance(catalog, Catalog) else Catalog.from_dict(catalog)
    for _, component in nlp.pipeline:
        setter = getattr(component, "set_catalog", None)
        if setter is not None:
            setter(parsed)


def pre_classifier_names(nlp: Language) -> list[str]:
    return [name for name in nlp.pipe_names if name in PRE_CLASSIFIER]
