"""Drop one-word "patient names" that the note shows to be the clinician.

Reps write prescribers by surname alone ("Brandt wondered if ...", "Osei's pt"). A lone word
is the clinician when the note gives it a title somewhere ("Dr Brandt") or when any mention
of it acts as one (``CLINICIAN_AFTER``/``CLINICIAN_BEFORE``): then every one-word mention of
it is left alone. Full names and initials are not touched.
"""

import re

from nlp.pii.names import PiiSpan
from nlp.pii.patterns import Patterns

_WORD = re.compile(r"[A-Za-zÀ-ÖØ-öø-ÿ'’\-]+")


class ClinicianFilter:
    """Removes one-word names that the note shows to be a clinician."""

    def __init__(self, patterns: Patterns) -> None:
        self.p = patterns

    def clinicians(self, text: str, words: set[str]) -> set[str]:
        """The lowercase ``words`` that the note titles or that act as a clinician in it."""
        found = {t.group(1).lower() for t in self.p.CLINICIAN_TITLED.finditer(text)} & words
        for m in _WORD.finditer(text):
            low = self.p.POSSESSIVE.sub("", m.group()).lower()
            if low not in words or low in found:
                continue
            end = m.start() + len(low)
            if self.p.CLINICIAN_AFTER.match(text, end) or self.p.CLINICIAN_BEFORE.search(
                text, max(0, m.start() - 8), m.start()
            ):
                found.add(low)
        return found

    def drop(self, text: str, names: list[PiiSpan]) -> list[PiiSpan]:
        """``names`` without the one-word spans that name a clinician of the note."""
        single = {text[s:e].lower(): (s, e) for s, e, _ in names if " " not in text[s:e]}
        single = {w: se for w, se in single.items() if w.isalpha() or "'" in w or "-" in w}
        if not single:
            return names
        hcp = self.clinicians(text, set(single))
        if not hcp:
            return names
        return [
            n for n in names if " " in text[n[0] : n[1]] or text[n[0] : n[1]].lower() not in hcp
        ]
