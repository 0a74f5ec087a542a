"""What the safety rules read about one doc: lexicon hits, context cues, sentences, products."""

from dataclasses import dataclass

from spacy.strings import get_string_id
from spacy.tokens import Doc

# Punctuation that ends a cue's reach (a hyphen or slash inside a phrase does not).
_BREAK_PUNCT = frozenset(get_string_id(p) for p in (",", ";", ":", ".", "!", "?", "(", ")"))

# Words that end a cue's reach ("no rash but hives").
CLAUSE_BREAKS = frozenset(
    get_string_id(w)
    for w in (
        "but", "however", "though", "although", "except", "then", "until", "and", "so",
        "because", "bc", "which", "who", "while", "now", "later", "yet", "+", "&",
    )
)  # fmt: skip

Mention = tuple[int, int, str, str]  # token start, end, kind (own_product | competitor), ref


@dataclass(frozen=True)
class Hit:
    start: int  # token offsets
    end: int
    section: str
    group: str


@dataclass
class DocContext:
    """Everything about one doc the decisions read, computed once."""

    doc: Doc
    sent: list[int]  # sentence index per token
    lowers: list[int]
    punct: list[bool]
    cues: dict[str, list[tuple[int, int]]]  # context group -> token spans
    hits: list[Hit]
    seriousness: list[Hit]
    mentions: list[Mention]  # token start, end, kind, ref
    negated: set[int]
    has_pii_patient: bool
    quantifiers: frozenset[int] = frozenset()
    indication_words: frozenset[int] = (
        frozenset()
    )  # words of our products' indications  # "one of", "two of": a counted patient
    patients: set[int] | None = None  # sentences naming a patient, computed on first use

    def sentences_with(self, group: str) -> set[int]:
        return {self.sent[s] for s, _ in self.cues.get(group, [])}


def breaks(ctx: DocContext, start: int, end: int) -> bool:
    """True when punctuation that ends a clause lies between tokens ``start`` and ``end``."""
    return any(ctx.lowers[i] in _BREAK_PUNCT for i in range(start, end))
