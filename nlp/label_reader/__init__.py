"""The label reader: a product's indication -> constraints; a note's use -> violations.

    from nlp.label_reader import read_indication
    print(read_indication("Moderate-to-severe plaque psoriasis in adults; 150 mg SC every 12 weeks"))

``IndicationReader`` reads labels, ``Judge`` compares a tagged note with them; the
``fieldsignal_off_label`` component (nlp/components/off_label.py) runs both in the tagger.
"""

from nlp.label_reader.constraints import Condition, Dose, Exclusion, LabelConstraints
from nlp.label_reader.indication import IndicationReader, read_indication
from nlp.label_reader.judge import Judge, Violation
from nlp.label_reader.lexicon import default_lexicon

__all__ = [
    "Condition",
    "Dose",
    "Exclusion",
    "IndicationReader",
    "Judge",
    "LabelConstraints",
    "Violation",
    "default_lexicon",
    "read_indication",
]
