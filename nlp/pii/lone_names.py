"""A given name standing alone, with no cue: "Jaylen is 15", "kenji used his inhaler".

A word the name data knows as a given name is a candidate unless it means something else
here: an ordinary word ("Grace period"), a place or a group ("at Mercy", "Fabry pts"), a
title's surname elsewhere in the note, a product of the catalog. Whether a candidate is the
patient's or a colleague's is decided once per name from the whole note by
``nlp.pii.roles`` (clinical facts vs office actions, roles, being addressed); "when in
doubt, redact". A capitalised word no list knows is a name only when a fact only a person
has follows it ("Ilya is fine now").
"""

from nlp.pii.names import NameFinder, PiiSpan
from nlp.pii.patterns import Patterns
from nlp.pii.roles import PATIENT, Mention, RoleReader
from nlp.pii.rules import PiiRules

NAME = "PATIENT_NAME"


class LoneNameFinder:
    """Single given names in a note, capitalised or (four letters or more) lowercase."""

    def __init__(self, rules: PiiRules, names: NameFinder) -> None:
        self.p = rules.patterns
        self.lex = rules.lexicon
        self.names = names
        lex = rules.lexicon
        # Words that are a given name somewhere but mean something else in a note.
        self.never = (
            lex.common_words
            | lex.not_names
            | lex.staff_titles
            | lex.institutions
            | lex.place_like_first_names
            | lex.initials_not_names
            | lex.not_lone_names
        )
        # Given names that may stand alone: one set intersection per note finds whether a
        # note has any (most have none) before the word-by-word checks run.
        self.candidates = lex.first_names - self.never
        # A word outside the name lists is read as a name only when no list knows it as
        # something else; "Teddy" (a listed given name that is also a word) may still be one.
        self.not_unlisted = (
            lex.common_words | lex.not_names | lex.staff_titles | lex.institutions
        ) - self.candidates | frozenset(lex.lists["not_lone_names"])
        self.roles = RoleReader(rules.patterns)

    def find(self, text: str) -> list[PiiSpan]:
        spans: list[PiiSpan] = []
        if self.p.INITIAL_HINT.search(text):
            spans += self.initial_surnames(text)
        spans += self.unlisted(text)
        lower = text.lower()
        if self.candidates.isdisjoint(self.p.LETTER_RUN.findall(lower)):
            return spans
        # Every place the note writes each candidate name; the name's role is decided once.
        mentions: dict[str, list[Mention]] = {}
        titled: set[str] | None = None
        for m in self.p.LONE_WORD.finditer(text):
            word = self.p.POSSESSIVE.sub("", m.group())
            low = word.lower()
            if low not in self.candidates or low in self.names.ignore_words or self._drug_like(low):
                continue
            start, end = m.start(), m.start() + len(word)
            if word[0].isupper() and self._in_capitalised_run(text, start, end):
                continue  # "Dana Farber", "Will Smith": the full-name rules judge the run
            if self._not_a_person(text, start, end):
                continue
            if titled is None:
                titled = {t.group(1).lower() for t in self.p.TITLED_SURNAME.finditer(text)}
            if low in titled or self._titled_next(text, end, titled):
                continue  # "Dr. Ng ... Allison Ng": the HCP
            mentions.setdefault(low, []).append((start, end, self._claimed(text, start, end)))
        for written in mentions.values():
            if self.roles.role(text, written) == PATIENT:
                spans += [(start, end, NAME) for start, end, claimed in written if not claimed]
        return spans

    def unlisted(self, text: str) -> list[PiiSpan]:
        """A capitalised word no list knows as a given name, followed by a fact only a
        person has: "Ilya is fine now", "Teddy has had zero growth"."""
        spans: list[PiiSpan] = []
        lex = self.lex
        for m in self.p.UNLISTED_PERSON.finditer(text):
            start, end = m.span("name")
            low = m.group("name").lower()
            if low in self.not_unlisted or low in self.names.ignore_words or self._drug_like(low):
                continue
            if self._in_capitalised_run(text, start, end) or self._not_a_person(text, start, end):
                continue
            if self.p.DRUG_BEFORE.search(text, max(0, start - 16), start) or self._product_typo(
                low
            ):
                continue  # "on Sorvnta vomited": a product, however spelled
            if self._claimed(text, start, end) or low in lex.surnames and self._titled(text, low):
                continue
            spans.append((start, end, NAME))
        return spans

    def initial_surnames(self, text: str) -> list[PiiSpan]:
        """An initial and a surname, in one case: "W. Achterberg", "r. vance"."""
        spans: list[PiiSpan] = []
        for m in self.p.INITIAL_SURNAME.finditer(text):
            initial, surname = m.group("initial"), m.group("surname")
            low = surname.lower()
            if initial.isupper() != surname[0].isupper():
                continue
            if low in self.never and not (initial.isupper() and self._listed_surname(low)):
                continue  # "M. Dias": a listed surname, even if also a word somewhere
            if low in self.names.ignore_words or self._drug_like(low):
                continue
            # Lowercase, only a listed surname ("r. vance", not "w. fever"); capitalised,
            # any word that is no ordinary one.
            if initial.islower() and not self._lowercase_surname(low):
                continue
            end = m.end("surname")
            if self.names.role_before(text, m.start()) or self.names.role_follows(text, end):
                continue
            spans.append((m.start(), end, NAME))
        return spans

    def _listed_surname(self, low: str) -> bool:
        return low in self.lex.surnames and low not in self.lex.top_words

    def _lowercase_surname(self, low: str) -> bool:
        """ "r. vance", "d. kowalczyk": a listed surname, or a longer word that is no ordinary
        word nor a typo of one ("w. fever", "q. daily" are not)."""
        if low in self.lex.surnames:
            return True
        return (
            len(low) >= 5
            and low not in self.lex.common_words
            and not low.endswith(self.lex.clinical_suffixes)
            and not self.names.typo_of_common_word(low)
        )

    def _titled_next(self, text: str, end: int, titled: set[str]) -> bool:
        following = self.p.ONE_NAME_WORD.match(text, end + 1)
        return following is not None and following.group().lower() in titled

    def _in_capitalised_run(self, text: str, start: int, end: int) -> bool:
        """Right after or before another capitalised word ("Dana Farber", "Will Smith")."""
        if text[end : end + 1] == " " and self.p.CAPITALISED.match(text, end + 1):
            return True
        return self.p.CAPITALISED_BEFORE.search(text, max(0, start - 30), start) is not None

    def _drug_like(self, low: str) -> bool:
        return len(low) >= 7 and low.endswith(self.lex.drug_suffixes)

    def _product_typo(self, low: str) -> bool:
        """One letter away from a product of the catalog ("sorvnta" for "sorvanta")."""
        return any(
            abs(len(low) - len(word)) <= 1 and _one_edit(low, word)
            for word in self.names.ignore_words
            if len(word) >= 5
        )

    def _titled(self, text: str, low: str) -> bool:
        return low in {t.group(1).lower() for t in self.p.TITLED_SURNAME.finditer(text)}

    def _not_a_person(self, text: str, start: int, end: int) -> bool:
        """A place or a group: "at Mercy", "Turner syndrome", "Fabry pts"."""
        if self.p.PLACE_BEFORE.search(text, max(0, start - 7), start):
            return True
        return self.p.NOT_PERSON_AFTER.match(text, end) is not None

    def _claimed(self, text: str, start: int, end: int) -> bool:
        """A role or a colleague's "my" claims the name: "NP Katie", "my manager Erin"."""
        names = self.names
        if names.role_before(text, start) or names.role_follows(text, end):
            return True
        if self.p.COLLEAGUE_BEFORE.search(text, max(0, start - 30), start):
            return True
        return is_colleague(self.p, text, start, end)


def is_colleague(p: Patterns, text: str, start: int, end: int) -> bool:
    """Someone the rep deals with directly ("confirmed w/ Jenna", "Lena (PA coordinator)")."""
    if p.STAFF_BEFORE.search(text, max(0, start - 30), start):
        # "told Jaylen's mom": a patient's relative, not a colleague.
        return not p.POSSESSIVE.search(text, start, min(len(text), end + 2))
    return p.STAFF_AFTER.match(text, end) is not None


def _one_edit(a: str, b: str) -> bool:
    """``a`` and ``b`` differ by one inserted, deleted or replaced letter (or not at all)."""
    if len(a) > len(b):
        a, b = b, a
    i = 0
    while i < len(a) and a[i] == b[i]:
        i += 1
    if len(a) == len(b):
        return a[i + 1 :] == b[i + 1 :]
    return a[i:] == b[i + 1 :]
