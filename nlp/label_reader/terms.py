"""Vocabulary matching with spaCy PhraseMatchers: diseases, subtypes, severity, routes.

One ``Terms`` is built from a lexicon (see ``lexicon.py``) and finds, in any Doc, each
term with its kind and canonical value; overlapping matches keep the longest.
"""

import re
from dataclasses import dataclass
from typing import Any

from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.tokens import Doc
from spacy.util import filter_spans

CONDITION = "condition"
QUALIFIER = "qualifier"
SEVERITY = "severity"
ROUTE = "route"


# A word shaped like a disease name ("...itis", "...opathy", "...oma"), for diseases no
# lexicon lists: in an indication it names an approved use, in a note a use to compare.
_DISEASE_SHAPE = re.compile(
    r"^[a-z][a-z-]{3,}(?:itis|osis|oses|emia|aemia|pathy|opathies|oma|omas|algia|ectasis|plasia|"
    r"trophy|iasis|penia|megaly|rrhea|plegia|paresis|lepsy|syndrome|disease|disorder|cancer|"
    r"tumor|tumour|thrombus|headache|headaches|neuralgia|infection|insufficiency|deficiency|"
    r"arrhythmia|apnea|prophylaxis|eczema|pustulosis|edema|oedema)$"
)
_NOT_DISEASE = frozenset(
    [
        "diagnosis",
        "prognosis",
        "hypnosis",
        "osmosis",
        "emphasis",
        "stoma",
        "aroma",
        "diploma",
        "trauma",
        "hematoma",
    ]
)
# Shaped words too general to name a use without a word before them.
GENERIC_HEADS = frozenset(
    [
        "disease",
        "disorder",
        "syndrome",
        "cancer",
        "tumor",
        "tumour",
        "infection",
        "insufficiency",
        "deficiency",
        "prophylaxis",
        "headache",
        "headaches",
    ]
)


def looks_like_disease(word: str) -> bool:
    """True for a lower-case word shaped like a disease name: "myocarditis", "angioedema"."""
    return word not in _NOT_DISEASE and bool(_DISEASE_SHAPE.match(word))


@dataclass(frozen=True)
class Term:
    start: int  # token index
    end: int
    start_char: int
    end_char: int
    kind: str
    value: str  # canonical condition / qualifier / route, or severity grades joined by "+"
    extra: str = ""  # a qualifier carried by an abbreviation ("PPMS")


class Terms:
    """PhraseMatchers over LOWER (and ORTH for abbreviations) built from one lexicon."""

    def __init__(self, nlp: Language, lexicon: dict[str, Any]) -> None:
        self.lexicon = lexicon
        self.lower = PhraseMatcher(nlp.vocab, attr="LOWER")
        self.cased = PhraseMatcher(nlp.vocab, attr="ORTH")
        self._values: dict[str, tuple[str, str, str]] = {}
        make = nlp.make_doc
        abbr_quals: dict[str, str] = lexicon.get("abbreviation_qualifiers", {})
        canon: dict[str, str] = lexicon.get("qualifier_canon", {})
        for canonical, forms in lexicon["conditions"].items():
            for form in forms:
                extra = abbr_quals.get(form, "") or _inner_qualifier(form, lexicon, canon)
                self._add(self.lower, make, form, CONDITION, canonical, extra)
        for abbr, canonical in lexicon["conditions_cased"].items():
            self._add(self.cased, make, abbr, CONDITION, canonical, abbr_quals.get(abbr, ""))
        for form in lexicon["qualifiers"]:
            self._add(self.lower, make, form, QUALIFIER, canon.get(form, form))
        for form, grades in lexicon["severity"].items():
            self._add(self.lower, make, form, SEVERITY, "+".join(grades))
        for form, route in lexicon["routes"].items():
            self._add(self.lower, make, form, ROUTE, route)
        for form, route in lexicon["routes_cased"].items():
            self._add(self.cased, make, form, ROUTE, route)

    def _add(
        self, matcher: PhraseMatcher, make: Any, text: str, kind: str, value: str, extra: str = ""
    ) -> None:
        key = f"{kind}::{value}::{extra}::{text}"
        self._values[key] = (kind, value, extra)
        matcher.add(key, [make(text)])

    def find(self, doc: Doc) -> list[Term]:
        """Every term in ``doc``, longest first where two overlap, in text order."""
        spans = []
        strings = doc.vocab.strings
        for matcher in (self.lower, self.cased):
            for key, start, end in matcher(doc):
                span = doc[start:end]
                span.label_ = strings[key]
                spans.append(span)
        terms = []
        for span in sorted(filter_spans(spans), key=lambda s: s.start):
            kind, value, extra = self._values[span.label_]
            terms.append(
                Term(span.start, span.end, span.start_char, span.end_char, kind, value, extra)
            )
        return terms


def _inner_qualifier(form: str, lexicon: dict[str, Any], canon: dict[str, str]) -> str:
    """A qualifier written inside a disease name: "major depressive disorder" -> "major"."""
    words = form.split()
    for qualifier in lexicon["qualifiers"]:
        if len(words) > 1 and qualifier in words and qualifier != words[-1]:
            return canon.get(qualifier, qualifier)
    return ""


def group_of(lexicon: dict[str, Any], qualifier: str) -> str:
    """The contrast group of a canonical qualifier ("type 2" -> "diabetes_type")."""
    groups: dict[str, str] = lexicon["qualifiers"]
    if qualifier in groups:
        return groups[qualifier]
    for form, canonical in lexicon.get("qualifier_canon", {}).items():
        if canonical == qualifier and form in groups:
            return groups[form]
    return ""


_CONTENT_WORD = re.compile(r"[a-z][a-z0-9'\-]+")

# Words that name no part of a use: an exclusion's words without them are what a note must say.
STOP_WORDS = frozenset(
    [
        "a",
        "an",
        "the",
        "of",
        "in",
        "for",
        "with",
        "as",
        "or",
        "and",
        "to",
        "by",
        "on",
        "at",
        "be",
        "is",
        "are",
        "patients",
        "patient",
        "people",
        "persons",
        "individuals",
        "use",
        "used",
        "treatment",
        "therapy",
        "therapies",
        "who",
        "which",
        "that",
        "other",
        "any",
        "those",
        "whose",
        "forms",
        "form",
        "conditions",
        "condition",
        "disease",
        "diseases",
        "disorder",
        "than",
        "more",
        "its",
        "their",
        "below",
        "not",
        "indicated",
        "approved",
    ]
)


def content_keys(text: str) -> list[str]:
    """Content words as 6-letter stems: "acute treatment of migraine" -> acute, migrai."""
    return [
        w[:6]
        for w in _CONTENT_WORD.findall(text.lower())
        if w not in STOP_WORDS and not any(c.isdigit() for c in w)
    ]
