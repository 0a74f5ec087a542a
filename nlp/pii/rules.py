"""Everything that decides redaction, in one object that a saved model stores.

``PiiRules`` bundles the word lists (``Lexicon``), the regular expressions (``Patterns``)
and the numeric settings. ``PiiRules.from_package()`` reads what ships in ``nlp/pii``;
``to_dict``/``from_dict`` are what ``fieldsignal_pii`` writes to and reads from disk.
"""

from collections.abc import Mapping
from typing import Any

from nlp.pii.lexicon import Lexicon
from nlp.pii.patterns import Patterns

# Bumped when the saved layout changes; a model with another format refuses to load.
RULES_FORMAT = 1
# Dates up to this year are birth dates, not visits or label updates.
DEFAULT_OLD_YEAR = 2012


class PiiRules:
    """Word lists, patterns and settings of the identifier detector; immutable once built."""

    def __init__(self, lexicon: Lexicon, patterns: Patterns, *, old_year: int = DEFAULT_OLD_YEAR):
        self.lexicon = lexicon
        self.patterns = patterns
        self.old_year = old_year

    @classmethod
    def from_package(cls) -> "PiiRules":
        """The rules as shipped in this package (data files and pattern sources)."""
        return cls(Lexicon.from_package(), Patterns())

    def to_dict(self) -> dict[str, Any]:
        return {
            "format": RULES_FORMAT,
            "old_year": self.old_year,
            "lexicon": self.lexicon.to_dict(),
            "patterns": self.patterns.sources,
        }

    @classmethod
    def from_dict(cls, state: Mapping[str, Any]) -> "PiiRules":
        if state.get("format") != RULES_FORMAT:
            raise ValueError(f"identifier rules format {state.get('format')!r} is not supported")
        return cls(
            Lexicon.from_dict(state["lexicon"]),
            Patterns(state["patterns"]),
            old_year=int(state["old_year"]),
        )
