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

from nlp.pii.patterns import (  # noqa: F401
    addresses,
    clinicians,
    contacts,
    dates,
    mentions,
    people,
    records,
    roles,
)
from nlp.pii.patterns.registry import DEFAULT_PATTERNS

__all__ = ["DEFAULT_PATTERNS", "Patterns"]


class Patterns:
    """Compiled patterns, one attribute per name (``patterns.PHONE``)."""

    def __init__(self, sources: Mapping[str, list[object]] | None = None) -> None:
        chosen = DEFAULT_PATTERNS if sources is None else sources
        missing = set(DEFAULT_PATTERNS) - set(chosen)
        if missing:
            # A saved model lacking a pattern this code reads cannot redact as it was meant
            # to; it refuses to load rather than run with the rule silently off.
            raise ValueError(f"patterns missing: {sorted(missing)}")
        self.sources = {name: [str(s), int(f)] for name, (s, f) in chosen.items()}  # type: ignore[call-overload]
        for name, (source, flags) in self.sources.items():
            setattr(self, name, re.compile(source, flags))

    def __getattr__(self, name: str) -> re.Pattern[str]:
        # Only reached for a name that was never compiled; declared for type checkers.
        raise AttributeError(name)
