"""Regular expressions for patient identifiers in rep notes (shorthand, lowercase, typos).

One module per identifier kind registers its patterns by name as source text and flags
(``registry.DEFAULT_PATTERNS``): ``dates`` (DOB), ``records`` (MRN), ``contacts`` (phone,
e-mail, whose they are), ``addresses``, ``people`` (names and their cues) and ``mentions``
(initials, nicknames, later mentions). ``Patterns`` compiles a set of sources once. A saved
model stores its sources and compiles those, so editing these modules never changes what a
saved model does.
"""

import re
from collections.abc import Mapping

from nlp.pii.patterns import addresses, contacts, dates, mentions, people, records  # noqa: F401
from nlp.pii.patterns.registry import DEFAULT_PATTERNS

__all__ = ["ADDED_LATER", "DEFAULT_PATTERNS", "Patterns"]

# Patterns added after models were first saved with theirs (fieldsignal-themes-2.0.0). A
# model saved without one compiles it as a pattern that never matches, so the rule that
# reads it stays off and the model redacts as it did; any other missing pattern refuses.
ADDED_LATER = frozenset(
    {
        "CALL_THEM_AT",
        "CAPITALISED_BEFORE",
        "COLLEAGUE_BEFORE",
        "INITIAL_HINT",
        "INITIAL_SURNAME",
        "INITIALS_SLOT",
        "NICK_IN_BRACKETS",
        "NOTE_TRAILER",
        "LETTER_RUN",
        "LONE_WORD",
        "NOT_PERSON_AFTER",
        "PATIENT_CUE_BEFORE",
        "PLACE_BEFORE",
        "STAFF_AFTER",
        "STAFF_BEFORE",
    }
)
_NEVER = "(?!)"


class Patterns:
    """Compiled patterns, one attribute per name (``patterns.PHONE``)."""

    def __init__(self, sources: Mapping[str, list[object]] | None = None) -> None:
        chosen = DEFAULT_PATTERNS if sources is None else sources
        missing = set(DEFAULT_PATTERNS) - set(chosen)
        if missing - ADDED_LATER:
            raise ValueError(f"patterns missing: {sorted(missing - ADDED_LATER)}")
        self.sources = {name: [str(s), int(f)] for name, (s, f) in chosen.items()}  # type: ignore[call-overload]
        for name in missing:
            self.sources[name] = [_NEVER, 0]
        for name, (source, flags) in self.sources.items():
            setattr(self, name, re.compile(source, flags))

    def __getattr__(self, name: str) -> re.Pattern[str]:
        # Only reached for a name that was never compiled; declared for type checkers.
        raise AttributeError(name)
