"""Patients' phone numbers, e-mail addresses and street addresses in a note.

Whose contact it is (patient or practice) is decided by ``nlp.pii.context.owner``; this
module finds the candidates: domestic and international phone numbers, e-mails, street
addresses with or without a house number, and PO boxes.
"""

import re
from collections.abc import Sequence

from nlp.pii.context import PATIENT, PRACTICE, Person, Sentences, owner
from nlp.pii.rules import PiiRules

PiiSpan = tuple[int, int, str]
# An international number has 8 to 15 digits after its prefix (ITU E.164).
_INTL_DIGITS = range(8, 16)


class ContactFinder:
    """Phones, e-mails and addresses that belong to a patient."""

    def __init__(self, rules: PiiRules, default_owner: str = PATIENT) -> None:
        self.p = rules.patterns
        self.lex = rules.lexicon
        self.default_owner = default_owner

    def find(
        self, text: str, lower: str, sentences: Sentences, people: Sequence[Person] = ()
    ) -> list[PiiSpan]:
        """Patient contacts; ``people`` are the patients and staff named in the note."""
        spans: list[PiiSpan] = []
        if "@" in text:
            spans += self._emails(text, sentences, people)
        spans += self._phones(text, sentences, people)
        spans += self._addresses(text, lower, sentences, people)
        if "box" in lower:
            for m in self.p.PO_BOX.finditer(text):
                if self._owner(sentences, m.start(), m.end(), people, address=True) == PATIENT:
                    spans.append((m.start(), self._tail_end(text, m.end()), "ADDRESS"))
        return spans

    def _owner(
        self,
        sentences: Sentences,
        start: int,
        end: int,
        people: Sequence[Person],
        *,
        address: bool = False,
    ) -> str:
        return owner(sentences, start, end, self.default_owner, address=address, people=people)

    def _emails(self, text: str, sentences: Sentences, people: Sequence[Person]) -> list[PiiSpan]:
        spans: list[PiiSpan] = []
        named = _named_words(text, people)
        for m in self.p.EMAIL.finditer(text):
            local, _, domain = m.group().lower().rpartition("@")
            # An address made of a person's name is that person's: "rosa.delgado@..." after
            # "Dr. Rosa Delgado", "priya.raman88@..." after "pt Priya Raman".
            parts = {w for w in self.p.MAIL_WORD.findall(local) if len(w) > 2}
            if parts & named[PATIENT]:
                spans.append((m.start(), m.end(), "EMAIL"))
                continue
            if parts & named[PRACTICE]:
                continue
            mailbox = self.p.PRACTICE_MAILBOX.search(local)
            if mailbox is not None and mailbox.start() == 0:
                # An address that starts with a role ("billing@", "frontdesk.maple@gmail.com",
                # "support@") is an office's or a program's whatever the sentence says.
                continue
            if (
                domain in self.lex.personal_mail_domains
                and mailbox is None
                and self.p.WROTE_TO_OFFICE_FROM.search(text, max(0, m.start() - 40), m.start())
            ):
                spans.append((m.start(), m.end(), "EMAIL"))
                continue
            if domain in self.lex.personal_mail_domains:
                # A free-mail address is a person's: only an inbox name says practice, not a
                # word hidden in a surname ("carey"); "tfoster.nurse@" still needs a cue.
                practice = mailbox is not None
            else:
                practice = self.p.PRACTICE_EMAIL.search(m.group()) is not None
            default = PRACTICE if practice else self.default_owner
            if owner(sentences, m.start(), m.end(), default, people=people) == PATIENT:
                spans.append((m.start(), m.end(), "EMAIL"))
        return spans

    def _phones(self, text: str, sentences: Sentences, people: Sequence[Person]) -> list[PiiSpan]:
        spans: list[PiiSpan] = []
        if not self.p.DIGITS.search(text) and "+" not in text:
            return spans  # a phone number has three digits in a row, or a "+" prefix
        for m in self.p.PHONE.finditer(text):
            if self.p.TOLL_FREE.match(m.group()):
                continue  # 1-800 lines are hubs and programs, never a patient's phone
            if self._reached_at(text, m.start()) or (
                self._owner(sentences, m.start(), m.end(), people) == PATIENT
            ):
                spans.append((m.start(), m.end(), "PHONE"))
        for m in self.p.LOCAL_PHONE.finditer(text):
            # "pt home phone 201-3344": seven digits are a phone only after a phone word, and
            # a patient's only when a patient cue says so (short lines are mostly offices').
            if (
                self.p.PHONE_WORD_BEFORE.search(text, max(0, m.start() - 24), m.start())
                and owner(sentences, m.start(), m.end(), PRACTICE, people=people) == PATIENT
            ):
                spans.append((m.start(), m.end(), "PHONE"))
        for m in self.p.NATIONAL_PHONE.finditer(text):
            # "wife's mobile 07700 900123": a trunk-zero number after a phone word.
            if (
                sum(c.isdigit() for c in m.group()) in (10, 11)
                and self.p.PHONE_WORD_BEFORE.search(text, max(0, m.start() - 24), m.start())
                and self._owner(sentences, m.start(), m.end(), people) == PATIENT
            ):
                spans.append((m.start(), m.end(), "PHONE"))
        if "+" in text or "00" in text:
            for m in self.p.INTL_PHONE.finditer(text):
                digits = sum(c.isdigit() for c in m.group("number"))
                if digits in _INTL_DIGITS and (
                    self._reached_at(text, m.start())
                    or self._owner(sentences, m.start(), m.end(), people) == PATIENT
                ):
                    spans.append((m.start(), m.end(), "PHONE"))
        return spans

    def _reached_at(self, text: str, start: int) -> bool:
        """The office reaches a person at this number, or a person called in from it."""
        return self.p.REACHED_AT_BEFORE.search(text, max(0, start - 40), start) is not None

    def _addresses(
        self, text: str, lower: str, sentences: Sentences, people: Sequence[Person]
    ) -> list[PiiSpan]:
        spans: list[PiiSpan] = []
        for candidate in self.p.ADDRESS_START.finditer(text):
            address = self.p.ADDRESS.match(text, candidate.start())
            end = self._address_end(text, address) if address else None
            if (
                end
                and self._owner(sentences, candidate.start(), end, people, address=True) == PATIENT
            ):
                start = candidate.start()
                unit = self.p.UNIT_BEFORE.search(text, max(0, start - 24), start)
                spans.append((unit.start() if unit else start, end, "ADDRESS"))
        spans += self._streets_without_number(text, sentences, people)
        spans += self._bare_streets(text, lower, sentences, people)
        places = (
            self.p.RESIDENCE_PLACE.finditer(text) if self.p.RESIDENCE_HINT.search(lower) else ()
        )
        for m in places:
            # Someone lives there: the patient's, unless a practice word is nearer.
            start, end = m.start("place"), m.end("place")
            if owner(sentences, start, end, PATIENT, address=True, people=people) == PATIENT:
                spans.append((start, end, "ADDRESS"))
        for m in self.p.CITY_STATE_ZIP.finditer(text) if self.p.ZIP_HINT.search(text) else ():
            if (
                owner(sentences, m.start(), m.end(), PRACTICE, address=True, people=people)
                == PATIENT
            ):
                spans.append((m.start(), m.end(), "ADDRESS"))
        return spans

    def _bare_streets(
        self, text: str, lower: str, sentences: Sentences, people: Sequence[Person]
    ) -> list[PiiSpan]:
        """A street with no place word before it, right after an address word ("their
        address Maple Ridge Court") or a patient's name ("pt Curtis Bellamy Old Mill Rd")."""
        spans: list[PiiSpan] = []
        patients = [(s, e) for s, e, who in people if who == PATIENT]
        # Where a bare street may start: after an address word, after a patient's name, or
        # inside one the name rules read on into the street ("Curtis Bellamy Old Mill Road";
        # the detector trims the name back to where the street starts).
        starts = {
            m.end()
            for m in self.p.ADDRESS_LEAD.finditer(lower)
            if (m.start() == 0 or not text[m.start() - 1].isalnum())
            and text[m.end() : m.end() + 1].isupper()
        }
        for s, e in patients:
            starts.add(e + len(text[e : e + 2]) - len(text[e : e + 2].lstrip(" ,")))
            starts.update(s + i + 1 for i, char in enumerate(text[s:e]) if char == " ")
        seen: set[int] = set()
        for position in sorted(starts):
            m = self.p.STREET_BARE.match(text, position)
            if m is None or m.end() in seen:
                continue
            seen.add(m.end())
            start = m.start("street")
            if any(w.lower() in self.lex.not_street_words for w in m.group("words").split()):
                continue
            for s, e in patients:
                if s <= start < e:
                    # The name read on into the street: a name keeps its first two words.
                    words = list(re.finditer(r"\S+", text[s:e]))
                    if len(words) > 2:
                        start = max(start, s + words[2].start())
            if owner(sentences, start, m.end(), PATIENT, address=True, people=people) == PATIENT:
                spans.append((start, self._tail_end(text, m.end()), "ADDRESS"))
        return spans

    def _streets_without_number(
        self, text: str, sentences: Sentences, people: Sequence[Person]
    ) -> list[PiiSpan]:
        """ "lives on Maple Ave", "off Elm Street": a street named after a place word, kept
        only when a patient word (not the default) claims it, since "the Walgreens on Main
        St" or "office on Elm St" is nobody's home."""
        spans: list[PiiSpan] = []
        cased = text != text.lower()
        for m in self.p.STREET_NAMED.finditer(text):
            words = (m.group("words") or "").split()
            # In a cased note a street is capitalised, unless the note says someone lives
            # there ("dorothea lives on elm st").
            if (
                cased
                and not all(w[0].isupper() for w in words)
                and not self.p.RESIDENCE_BEFORE.search(text, max(0, m.start() - 25), m.start())
            ):
                continue
            if any(w.lower() in self.lex.not_street_words for w in words):
                continue
            start, end = m.start("street"), m.end("street")
            if self.p.RESIDENCE_AFTER.match(text, end) or (
                owner(sentences, start, end, PRACTICE, address=True, people=people) == PATIENT
            ):
                spans.append((start, self._tail_end(text, end), "ADDRESS"))
        return spans

    def _address_end(self, text: str, m: re.Match[str]) -> int | None:
        """End of the street address matched by ``m`` with its city/state/zip, or None."""
        if m.group("words") is not None:
            words = m.group("words").lower().split()
            if any(w in self.lex.not_street_words for w in words):
                return None
        return self._tail_end(text, m.end())

    def _tail_end(self, text: str, end: int) -> int:
        """Where a street's city, state and zip after ``end`` stop (``end`` if none)."""
        for tail in (
            self.p.ADDRESS_TAIL_STATE,
            self.p.ADDRESS_TAIL_ZIP,
            self.p.ADDRESS_TAIL_POSTCODE,
        ):
            t = tail.match(text, end)
            if t:
                return t.end()
        t = self.p.ADDRESS_TAIL_CITY.match(text, end)
        if t and not any(
            w.lower() in self.lex.not_city_words for w in t.group().strip(", ").split()
        ):
            return t.end()
        return end


def _named_words(text: str, people: Sequence[Person]) -> dict[str, set[str]]:
    """Lowercase name words of the patients and of the staff named in the note."""
    words: dict[str, set[str]] = {PATIENT: set(), PRACTICE: set()}
    for start, end, who in people:
        words[who].update(w.lower() for w in text[start:end].split() if len(w) > 2)
    words[PRACTICE] -= words[PATIENT]
    return words
