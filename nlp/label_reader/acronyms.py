"""Initialisms of the diseases a catalog's labels name: a note writes "mild AA" for alopecia
areata and "ocular MG" for myasthenia gravis, initialisms no lexicon can list for every
therapy area. They are built from the labels themselves, so they follow the catalog."""

import re
from typing import Any

from nlp.label_reader.constraints import LabelConstraints
from nlp.label_reader.terms import CONDITION, Term


class Acronyms:
    """Finds "AA", "MG", "gMG" for the multi-word diseases (approved or excluded) of a catalog."""

    def __init__(self, constraints: dict[str, LabelConstraints]) -> None:
        names: dict[str, str] = {}
        for label in constraints.values():
            conditions = [*label.conditions, *(c for e in label.exclusions for c in e.conditions)]
            for condition in conditions:
                for name in (condition.name, " ".join([*condition.qualifiers, condition.name])):
                    initials = _initials(name)
                    if initials:
                        names.setdefault(initials, condition.name)
        self.names = names
        # Upper case as written ("MG"), or with a lower-case qualifier letter first ("gMG").
        forms = sorted({f for a in names for f in (a, a[0].lower() + a[1:])}, key=len, reverse=True)
        self.pattern = re.compile(rf"\b(?:{'|'.join(forms)})\b") if forms else None

    def find(self, doc: Any, text: str, taken: list[Term]) -> list[Term]:
        """Condition terms for the initialisms in ``doc`` (whose text is ``text``, cached by
        the caller: ``doc.text`` is rebuilt on each access) no lexicon term covers."""
        if self.pattern is None:
            return []
        found = []
        covered: set[int] | None = None
        for match in self.pattern.finditer(text):
            span = doc.char_span(match.start(), match.end())
            if covered is None:
                covered = {i for t in taken for i in range(t.start, t.end)}
            if span is None or len(span) != 1 or span.start in covered:
                continue
            name = self.names[match.group(0).upper()]
            found.append(
                Term(span.start, span.end, span.start_char, span.end_char, CONDITION, name)
            )
        return found


def _initials(name: str) -> str:
    """ "alopecia areata" -> "AA"; one-word names and names with digits have none."""
    words = re.findall(r"[a-z]+", name.lower())
    if len(words) < 2 or len(words) > 4 or re.search(r"\d", name):
        return ""
    return "".join(w[0] for w in words).upper()
