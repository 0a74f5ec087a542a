"""What a note says about a use: ages, pregnancy, sex, weight, doses, intervals, repeats.

Finders work on plain text and return character spans, so the judge can tie each fact to
the product mention nearest to it. ``quoted_scopes`` finds the stretches where the rep
repeats the label or declines ("told her it's only approved in adults"): facts there
describe the label, not the use, and are skipped.
"""

from nlp.label_reader.note.ages import Age, ages_in
from nlp.label_reader.note.dosing import (
    ACCIDENTAL,
    LOADING_AFTER,
    dose_gaps_in,
    durations_in,
    gaps_instead_in,
    is_dosing_context,
    multiples_in,
    repeat_doses_in,
)
from nlp.label_reader.note.fact import Fact
from nlp.label_reader.note.patient import (
    EXPOSURE,
    breastfeeding_in,
    pregnancy_in,
    sexes_in,
    weights_in,
)
from nlp.label_reader.note.speech import (
    EVENT_WORDS,
    LABEL_LIMIT,
    REPORTING,
    SPECIAL_SITUATION,
    label_limits_in,
    quoted_scopes,
    special_situation,
)
from nlp.label_reader.note.therapy import COMBINATION, COMBINED, FIRST_LINE, MONOTHERAPY, TREATING

__all__ = [
    "ACCIDENTAL",
    "COMBINATION",
    "COMBINED",
    "EVENT_WORDS",
    "EXPOSURE",
    "FIRST_LINE",
    "LABEL_LIMIT",
    "LOADING_AFTER",
    "MONOTHERAPY",
    "REPORTING",
    "SPECIAL_SITUATION",
    "TREATING",
    "Age",
    "Fact",
    "ages_in",
    "breastfeeding_in",
    "dose_gaps_in",
    "durations_in",
    "gaps_instead_in",
    "is_dosing_context",
    "label_limits_in",
    "multiples_in",
    "pregnancy_in",
    "quoted_scopes",
    "repeat_doses_in",
    "sexes_in",
    "special_situation",
    "weights_in",
]
