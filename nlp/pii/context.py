"""Whose identifier is it? Decide patient vs practice from cue words in the same sentence.

A phone number, e-mail or street address in a rep's note belongs either to a patient
(redact) or to the practice, an HCP or the rep's own contacts (keep). The nearest cue word
before the identifier in its sentence decides; failing that, the nearest one just after
it; failing that, the caller's default.
"""

from bisect import bisect_right
from collections.abc import Sequence

from nlp.pii.patterns import Patterns

PATIENT = "patient"
PRACTICE = "practice"
_LOOK_AHEAD = 40
# A person named in the note, as a cue: (start, end, PATIENT or PRACTICE). A patient's name
# ("call Jane at ...") or a staff member's ("Tasha's cell ...") says whose number follows.
Person = tuple[int, int, str]


class Sentences:
    """Sentence boundaries of one text, found on first use and shared by every lookup."""

    def __init__(self, text: str, patterns: Patterns) -> None:
        self.text = text
        self.patterns = patterns
        self._ends: list[int] | None = None

    @property
    def ends(self) -> list[int]:
        if self._ends is None:
            text = self.text
            abbreviation = self.patterns.ABBREVIATION
            self._ends = [
                m.end()
                for m in self.patterns.BOUNDARY.finditer(text)
                if m.group() == "\n"
                or not abbreviation.search(text, max(0, m.start() - 4), m.start())
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
    sentences: Sentences,
    start: int,
    end: int,
    default: str = PATIENT,
    *,
    address: bool = False,
    people: Sequence[Person] = (),
) -> str:
    """``PATIENT`` or ``PRACTICE`` for the phone/e-mail (or address) at text[start:end]."""
    patterns = sentences.patterns
    cues = patterns.ADDRESS_CUE if address else patterns.CONTACT_CUE
    begin, finish = sentences.bounds(start, end)
    text = sentences.text
    # Every cue before the identifier in its sentence: (position, owner).
    before = [
        (m.start(), PATIENT if m.group("patient") else PRACTICE)
        for m in cues.finditer(text, begin, start)
    ]
    before += [(s, who) for s, e, who in people if begin <= s and e <= start]
    if before:
        before.sort()
        # "pt X called the office from 555-...": a number one calls *from* is the caller's,
        # the first person named in the sentence; otherwise the nearest cue decides.
        called_from = patterns.CALLED_FROM.search(text, begin, start) is not None
        # "husband calls the office a lot, his number ...": "his" is the sentence's subject.
        pronoun = patterns.PRONOUN_CONTACT.search(text, max(begin, start - 40), start)
        if pronoun is not None:
            # Cues between the pronoun and the number ("her cell for the hub:") are not
            # whose it is; with none before it, "her" points back past this sentence.
            # "his"/"her" is a person: the nearest person or person's role before it decides,
            # not a place ("husband calls the office a lot, his number ...").
            earlier = [
                who
                for position, who in before
                if position < pronoun.start() and patterns.PLACE_CUE.match(text, position) is None
            ]
            return earlier[-1] if earlier else default
        if called_from:
            return before[0][1]
        # "mom asked Dr T's nurse to call her at ...": "her" is the patient side named earlier.
        if any(who == PATIENT for _, who in before) and patterns.CALL_THEM_AT.search(
            text, max(begin, start - 30), start
        ):
            return PATIENT
        return before[-1][1]
    limit = min(finish, end + _LOOK_AHEAD)
    after = [(s, who) for s, e, who in people if end <= s < limit]
    cue = cues.search(text, end, limit)
    if cue is not None:
        after.append((cue.start(), PATIENT if cue.group("patient") else PRACTICE))
    if after:
        return min(after)[1]
    return default
