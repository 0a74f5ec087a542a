"""Is a given name standing alone the patient's or a colleague's? Read from the note itself.

A patient is the subject of clinical facts ("Jaylen is 15", "Ava's mom", "Vi felt
tingling"). Office staff are the subject of office actions ("Joanne sent the photo",
"Helen asks for samples", "Tom says thanks"), are addressed ("thanks Jen"), are set beside
a role ("pharmacist at the onc center, Gary"), or are the only people in a note that
mentions no patient and no clinical fact about anyone. When nothing decides, the name is a
patient's: a missed patient name is a privacy breach, a redacted colleague's name is not.
"""

from collections.abc import Sequence

from nlp.pii.patterns import Patterns

PATIENT = "patient"
STAFF = "staff"
# One written occurrence of a name: start, end (possessive excluded), claimed by a role.
Mention = tuple[int, int, bool]


class RoleReader:
    """Decides the role of one given name from every place a note writes it."""

    def __init__(self, patterns: Patterns) -> None:
        self.p = patterns

    def role(self, text: str, mentions: Sequence[Mention]) -> str:
        """``PATIENT`` or ``STAFF`` for the name written at ``mentions`` in ``text``."""
        if any(self.patient_fact(text, start, end) for start, end, _ in mentions):
            return PATIENT
        if any(claimed or self.staff_cue(text, start, end) for start, end, claimed in mentions):
            return STAFF
        if self.p.NOTE_PATIENT.search(text) is None:
            return STAFF  # nobody in the note is a patient or has a clinical fact
        return PATIENT

    def patient_fact(self, text: str, start: int, end: int) -> bool:
        """A clinical fact about the person named at text[start:end]."""
        if self.p.PATIENT_FACT_AFTER.match(text, end) is not None:
            return True
        return self.p.PATIENT_FACT_BEFORE.search(text, max(0, start - 40), start) is not None

    def staff_cue(self, text: str, start: int, end: int) -> bool:
        """An office action, an address to a colleague, or a role set beside the name."""
        p = self.p
        action = p.STAFF_ACTION_AFTER.match(text, end)
        if action is not None and p.SELF_REPORT.match(text, action.end()) is None:
            return True
        if p.STAFF_BESIDE_PATIENT.match(text, end) is not None:
            return True
        if p.ADDRESSED_BEFORE.search(text, max(0, start - 16), start) is not None:
            return True
        if p.ADDRESSED_AFTER.match(text, end) is not None:
            return True
        return p.ROLE_APPOSITIVE_BEFORE.search(text, max(0, start - 48), start) is not None
