"""Assemble the tagger pipeline on ``spacy.blank("en")`` and swap its catalog."""

from typing import Any

import spacy
from spacy.language import Language

from nlp import components  # noqa: F401  (registers the factories)
from nlp.catalog import Catalog
from nlp.labels import LABELS

TEXTCAT = "textcat_multilabel"
SAFETY = "fieldsignal_safety"
# Components that run before the classifier; training runs them once over the notes.
PRE_CLASSIFIER = (
    "fieldsignal_sentencizer",
    "fieldsignal_pii",
    "fieldsignal_lemmatizer",
    "fieldsignal_catalog_ruler",
    "fieldsignal_negation",
    "fieldsignal_normalizer",
)


def build_pipeline(
    catalog: Catalog | dict[str, Any] | None = None,
    *,
    ngram_size: int = 2,
    length: int = 2**18,
    length_power: float = 0.4,
    use_lemmas: bool = False,
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
    textcat = nlp.add_pipe(
        TEXTCAT,
        config={
            "threshold": 0.5,
            "model": {
                "@architectures": "fieldsignal.NormBOW.v1",
                "ngram_size": ngram_size,
                "length": length,
                "length_power": length_power,
            },
        },
    )
    for label in labels:
        textcat.add_label(label)  # type: ignore[attr-defined]
    nlp.add_pipe("fieldsignal_compliance", config={"textcat": TEXTCAT})
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
