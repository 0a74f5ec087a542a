"""Whose identifier is it? Decide patient vs practice from cue words in the same sentence.

A phone number, e-mail or street address in a rep's note belongs either to a patient
(redact) or to the practice, an HCP or the rep's own contacts (keep). The nearest cue word
before the identifier in its sentence decides; failing that, the nearest one just after
it; failing that, the caller's default.
"""

import re
from bisect import bisect_right

PATIENT = "patient"
PRACTICE = "practice"

_PATIENT_CUES = r"""
    pt|pts|pt's|pt’s|patient|patients|patient's|patient’s|home|lives|living|
    mom|mom's|mother|mother's|dad|dad's|father|son|son's|daughter|daughter's|wife|wife's|
    husband|husband's|caregiver|caregiver's|guardian|parent|parents|spouse|family|
    grandson|granddaughter|residence|resides
"""
_PRACTICE_CUES = r"""
    office|offices|clinic|clinic's|practice|practice's|desk|front\s+desk|fax|faxes|scheduler|
    scheduling|schedule|call\s*back\s+(?:at|\#|number|no)|main\s+line|line|dr|dr\.|drs|doctor|
    doc|np|pa|nurse|nurses|rn|ma|staff|manager|mgr|om|pharmacy|pharmacist|hospital|dept|
    department|reception|receptionist|work|billing|referrals?|coordinator|my|our|rep|
    inbox|portal|hotline|ext|suite|ste|location|locations|specialty\s+pharmacy|
    hub(?=\s*(?:number|no|\#|line|phone|ph|tel|at|:|-|\())|
    located|headquarters|hq|md|lab|center|ctr|group|assoc|associates|team|admin|msl|
    speaker|her\s+nurse|his\s+nurse|business|cell\s+for\s+work|partners|medical|health|
    oncology|onc|cardiology|cardio|neurology|neuro|dermatology|derm|pulmonology|pulm|
    rheumatology|rheum|gastroenterology|gi|endocrinology|endo|urology|infusion|specialists
"""
# Whose street address: only place words make it the practice's; "the hub shipped to
# 44 Canal St" is still the patient's home.
_PRACTICE_PLACE_CUES = r"""
    office|offices|clinic|clinic's|practice|practice's|suite|ste|location|locations|located|
    hospital|center|ctr|pharmacy|building|bldg|campus|headquarters|hq|dr|dr\.|doctor|np|md|
    lab|infusion|institute|medical|health
"""
_CONTACT_CUE = re.compile(
    rf"(?<![\w'’])(?:(?P<patient>{_PATIENT_CUES})|(?P<practice>{_PRACTICE_CUES}))(?![\w'’])",
    re.IGNORECASE | re.VERBOSE,
)
_ADDRESS_CUE = re.compile(
    rf"(?<![\w'’])(?:(?P<patient>{_PATIENT_CUES})|(?P<practice>{_PRACTICE_PLACE_CUES}))(?![\w'’])",
    re.IGNORECASE | re.VERBOSE,
)
# Sentence ends: a line break, or . ! ? ; before a space where the period does not end an
# abbreviation reps use mid-sentence ("Dr.", "Mr.", "St.", "no.").
_BOUNDARY = re.compile(r"\n|[.!?;](?=\s)")
_ABBREVIATION = re.compile(
    r"(?:\b(?:dr|mr|ms|mrs|st|no|pt|apt|ste|ave|vs)|\b[a-z])$", re.IGNORECASE
)
_CALLED_FROM = re.compile(
    r"\b(?:call(?:s|ed|ing)?|text(?:s|ed)?|e-?mail(?:s|ed)?|messag(?:es|ed)|wrote|writes)\b"
    r"[^;\n]*\bfrom\s*:?\s*$",
    re.I,
)
_LOOK_AHEAD = 40


class Sentences:
    """Sentence boundaries of one text, found on first use and shared by every lookup."""

    def __init__(self, text: str) -> None:
        self.text = text
        self._ends: list[int] | None = None

    @property
    def ends(self) -> list[int]:
        if self._ends is None:
            text = self.text
            self._ends = [
                m.end()
                for m in _BOUNDARY.finditer(text)
                if m.group() == "\n"
                or not _ABBREVIATION.search(text, max(0, m.start() - 4), m.start())
            ]
        return self._ends

    def bounds(self, start: int, end: int) -> tuple[int, int]:
        """Start and end of the sentence holding text[start:end]."""
        ends = self.ends
        i = bisect_right(ends, start)
        begin = ends[i - 1] if i else 0
        j = bisect_right(ends, end)
        finish = ends[j] if j < len(ends) else len(self.text)
        return begin, finish


def owner(
    sentences: Sentences, start: int, end: int, default: str = PATIENT, *, address: bool = False
) -> str:
    """``PATIENT`` or ``PRACTICE`` for the phone/e-mail (or address) at text[start:end]."""
    cues = _ADDRESS_CUE if address else _CONTACT_CUE
    begin, finish = sentences.bounds(start, end)
    text = sentences.text
    before = None
    # "pt X called the office from 555-...": a number one calls *from* is the caller's,
    # the first person named in the sentence.
    called_from = _CALLED_FROM.search(text, begin, start) is not None
    for match in cues.finditer(text, begin, start):
        before = match
        if called_from:
            break
    if before is not None:
        return PATIENT if before.group("patient") else PRACTICE
    after = cues.search(text, end, min(finish, end + _LOOK_AHEAD))
    if after is not None:
        return PATIENT if after.group("patient") else PRACTICE
    return default
