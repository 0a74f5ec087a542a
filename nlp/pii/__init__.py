"""Patient-identifier detection and redaction (spaCy component ``fieldsignal_pii``).

    import spacy
    import nlp.pii                      # registers the factory
    pipe = spacy.blank("en")
    pipe.add_pipe("fieldsignal_pii")
    doc = pipe("pt Rosa Delgado dob 4/11/58 cell 555-201-3344")
    redact(doc.text, pii_spans(doc))    # "pt [PATIENT_NAME] dob [DOB] cell [PHONE]"

Modules: ``component`` (the spaCy factory, serialization), ``detect`` (one pass over the
text), ``names``/``mentions``/``contacts`` (the rules by kind), ``context`` (patient or
practice), ``rules``/``lexicon``/``patterns`` (what a saved model stores), ``evaluate``
(scores by type), ``wordgen`` (regenerates ``data/common_words.txt``).
"""

from nlp.pii.component import SPANS_KEY, PatientIdentifierDetector, pii_spans, redact
from nlp.pii.detect import PII_TYPES, PiiDetector
from nlp.pii.errors import PiiUnavailableError
from nlp.pii.rules import PiiRules

__all__ = [
    "PII_TYPES",
    "SPANS_KEY",
    "PatientIdentifierDetector",
    "PiiDetector",
    "PiiRules",
    "PiiUnavailableError",
    "pii_spans",
    "redact",
]
