"""spaCy components of the FieldSignal tagger; importing this package registers them.

The patient-identifier component (``fieldsignal_pii``, package ``nlp.pii``) is imported
unconditionally: the tagger never runs without it.
"""

import nlp.pii  # noqa: F401  (registers "fieldsignal_pii")
from nlp.components import (
    catalog_ruler,
    compliance,
    lemmatizer,
    negation,
    normalizer,
    off_label,
    safety,
    sentencizer,
    textcat_model,
)

__all__ = [
    "catalog_ruler",
    "compliance",
    "lemmatizer",
    "negation",
    "normalizer",
    "off_label",
    "safety",
    "sentencizer",
    "textcat_model",
]
