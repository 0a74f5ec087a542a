"""spaCy components of the FieldSignal tagger; importing this package registers them."""

from nlp.components import (
    catalog_ruler,
    compliance,
    lemmatizer,
    negation,
    normalizer,
    off_label,
    sentencizer,
    textcat_model,
)

try:  # The PII component lives in nlp/pii.py (another owner); register it when present.
    from nlp import pii as _pii  # noqa: F401

    HAS_PII = True
except ImportError:  # TODO(pii): drop this guard once nlp/pii.py has landed everywhere.
    HAS_PII = False

__all__ = [
    "HAS_PII",
    "catalog_ruler",
    "compliance",
    "lemmatizer",
    "negation",
    "normalizer",
    "off_label",
    "sentencizer",
    "textcat_model",
]
