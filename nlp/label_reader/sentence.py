"""A note seen sentence by sentence: skipped stretches blanked, product mentions, and
which product a fact at a position concerns."""

import re
from typing import Any

from nlp.label_reader import note
from nlp.label_reader.violation import Violation

Mention = tuple[int, int, str, str, int, int]  # start, end char; kind; ref; token start, end

GIVING = re.compile(
    r"\b(?:dos(?:e|es|ed|ing)|inject\w*|shots?|jabs?|pens?|gave|give|giving|given|use|using|used|"
    r"take|takes|taking|took|apply|applies|applying|applied|infus\w*|administ\w*|mg|ml|mcg|space\w*|"
    r"extend\w*|shorten\w*|stretch\w*|tighten\w*|bump\w*|instead of|interval|schedule|regimen|wear\w* off|"
    r"prescrib\w*|rx|put|start\w*|switch\w*|vaccinat\w*|immuniz\w*)\b",
    re.I,
)

_INSTEAD_AFTER = re.compile(r"\s*(?:instead|rather than|vs\.? (?:the )?label)\b", re.I)


class NoteView:
    """The note with skipped stretches (negated, the rep's words, asset titles) and brand
    names blanked, so no finder reads them; finders' results are kept per note."""

    def __init__(self, text: str, skip: list[tuple[int, int]], mentions: list[Mention]) -> None:
        self.text = text
        self.skip = skip
        chars = list(text)
        for a, b in [*skip, *((m[0], m[1]) for m in mentions)]:
            chars[a:b] = " " * (min(b, len(chars)) - a)
        self.visible = "".join(chars)
        self._found: dict[Any, list[Any]] = {}

    def found(self, finder: Any) -> list[Any]:
        if finder not in self._found:
            self._found[finder] = finder(self.visible)
        return self._found[finder]


class Sentence:
    """One sentence: its text with skipped stretches blanked, and its product mentions."""

    def __init__(
        self,
        view: "NoteView",
        start: int,
        end: int,
        mentions: list[Mention],
        patients: list[str],
    ) -> None:
        self.start, self.end = start, end
        self.view = view
        self.text = view.text[start:end]
        self.note_text = view.text
        self.visible = view.visible[start:end]
        self.mentions = mentions
        self.patients = patients
        self.skipped = view.skip

    def near_use(self, start: int, end: int, window: int = 15, verbs_before: int = 30) -> bool:
        """A product name right beside this stretch ("Quellora q8w"), or a word about giving
        a drug shortly before it ("giving it every 2 wks"); offsets are local."""
        for m in self.mentions:
            if 0 <= m[0] - self.start - end <= window or 0 <= start - (m[1] - self.start) <= window:
                return True
        if _INSTEAD_AFTER.match(self.visible[end:]):
            return True  # "what about every 2 wks instead"
        return bool(GIVING.search(self.visible[max(0, start - verbs_before) : start]))

    def nearest_own(self, pos: int) -> str | None:
        own = [m for m in self.mentions if m[2] == "own_product"]
        if not own:
            return self.patients[0] if self.patients else None
        return min(own, key=lambda m: min(abs(m[0] - pos), abs(m[1] - pos)))[3]

    def facts(self, finder: Any) -> list[Any]:
        """Facts found in the visible text of this sentence, with offsets in the note (each
        finder runs once over the whole note)."""
        return [f for f in self.view.found(finder) if self.start <= f.start < self.end]

    def matches(self, pattern: re.Pattern[str]) -> list[note.Fact]:
        return [
            note.Fact(self.start + m.start(), self.start + m.end(), 0.0, m.group(0))
            for m in pattern.finditer(self.visible)
        ]

    def competitor_nearest(self, pos: int) -> bool:
        """The mention nearest ``pos`` in this sentence is a competitor's."""
        if not self.mentions:
            return False
        best = min(self.mentions, key=lambda m: min(abs(m[0] - pos), abs(m[1] - pos)))
        return best[2] != "own_product"

    def nearest(self, pos: int) -> str | None:
        """The product named nearest ``pos`` in this sentence (own or competitor), or the
        sentence's carried product when it names none."""
        if not self.mentions:
            return self.patients[0] if len(self.patients) == 1 else None
        best = min(self.mentions, key=lambda m: min(abs(m[0] - pos), abs(m[1] - pos)))
        return best[3] if best[2] == "own_product" else None

    def violation(self, fact: Any, product: str, kind: str, detail: str) -> Violation:
        return Violation(fact.start_char if hasattr(fact, "start_char") else fact.start,
                         fact.end_char if hasattr(fact, "end_char") else fact.end,
                         product, kind, detail)  # fmt: skip


def scope_offsets(doc: Any, key: str = "negation") -> list[tuple[int, int]]:
    """Negated and resolved scopes (as ``nlp.components.negation.scope_offsets``; not imported
    from there, which would load every component with the label reader)."""
    return [(span.start_char, span.end_char) for span in doc.spans.get(key, [])]


def token_fact(token: Any) -> note.Fact:
    return note.Fact(token.idx, token.idx + len(token), 0.0, token.lower_)


def inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)
