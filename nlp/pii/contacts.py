"""Patients' phone numbers, e-mail addresses and street addresses in a note.

Whose contact it is (patient or practice) is decided by ``nlp.pii.context.owner``; this
module finds the candidates: domestic and international phone numbers, e-mails, street
addresses with or without a house number, and PO boxes.
"""

import re

from nlp.pii.context import PATIENT, PRACTICE, Sentences, owner
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

    def find(self, text: str, lower: str, sentences: Sentences) -> list[PiiSpan]:
        spans: list[PiiSpan] = []
        if "@" in text:
            spans += self._emails(text, sentences)
        spans += self._phones(text, sentences)
        spans += self._addresses(text, sentences)
        if "box" in lower:
            for m in self.p.PO_BOX.finditer(text):
                if self._owner(sentences, m.start(), m.end(), address=True) == PATIENT:
                    spans.append((m.start(), m.end(), "ADDRESS"))
        return spans

    def _owner(self, sentences: Sentences, start: int, end: int, *, address: bool = False) -> str:
        return owner(sentences, start, end, self.default_owner, address=address)

    def _emails(self, text: str, sentences: Sentences) -> list[PiiSpan]:
        spans: list[PiiSpan] = []
        for m in self.p.EMAIL.finditer(text):
            local, _, domain = m.group().lower().rpartition("@")
            if domain in self.lex.personal_mail_domains:
                # A free-mail address is a person's: only an inbox name says practice
                # ("frontdesk.maple@gmail.com"), not a word hidden in a surname ("carey").
                practice = self.p.PRACTICE_MAILBOX.search(local) is not None
            else:
                practice = self.p.PRACTICE_EMAIL.search(m.group()) is not None
            default = PRACTICE if practice else self.default_owner
            if owner(sentences, m.start(), m.end(), default) == PATIENT:
                spans.append((m.start(), m.end(), "EMAIL"))
        return spans

    def _phones(self, text: str, sentences: Sentences) -> list[PiiSpan]:
        spans: list[PiiSpan] = []
        for m in self.p.PHONE.finditer(text):
            if self.p.TOLL_FREE.match(m.group()):
                continue  # 1-800 lines are hubs and programs, never a patient's phone
            if self._owner(sentences, m.start(), m.end()) == PATIENT:
                spans.append((m.start(), m.end(), "PHONE"))
        if "+" in text or "00" in text:
            for m in self.p.INTL_PHONE.finditer(text):
                digits = sum(c.isdigit() for c in m.group("number"))
                if digits in _INTL_DIGITS and self._owner(sentences, m.start(), m.end()) == PATIENT:
                    spans.append((m.start(), m.end(), "PHONE"))
        return spans

    def _addresses(self, text: str, sentences: Sentences) -> list[PiiSpan]:
        spans: list[PiiSpan] = []
        for candidate in self.p.ADDRESS_START.finditer(text):
            address = self.p.ADDRESS.match(text, candidate.start())
            end = self._address_end(text, address) if address else None
            if end and self._owner(sentences, candidate.start(), end, address=True) == PATIENT:
                spans.append((candidate.start(), end, "ADDRESS"))
        spans += self._streets_without_number(text, sentences)
        return spans

    def _streets_without_number(self, text: str, sentences: Sentences) -> list[PiiSpan]:
        """ "lives on Maple Ave", "off Elm Street": a street named after a place word, kept
        only when a patient word (not the default) claims it, since "the Walgreens on Main
        St" or "office on Elm St" is nobody's home."""
        spans: list[PiiSpan] = []
        cased = text != text.lower()
        for m in self.p.STREET_NAMED.finditer(text):
            words = m.group("words").split()
            if cased and not all(w[0].isupper() or w[0].isdigit() for w in words):
                continue
            if any(w.lower() in self.lex.not_street_words for w in words):
                continue
            start, end = m.start("street"), m.end("street")
            if owner(sentences, start, end, PRACTICE, address=True) == PATIENT:
                spans.append((start, end, "ADDRESS"))
        return spans

    def _address_end(self, text: str, m: re.Match[str]) -> int | None:
        """End of the street address matched by ``m`` with its city/state/zip, or None."""
        if m.group("words") is not None:
            words = m.group("words").lower().split()
            if any(w in self.lex.not_street_words for w in words):
                return None
        end = m.end()
        for tail in (self.p.ADDRESS_TAIL_STATE, self.p.ADDRESS_TAIL_ZIP):
            t = tail.match(text, end)
            if t:
                return t.end()
        t = self.p.ADDRESS_TAIL_CITY.match(text, end)
        if t and not any(
            w.lower() in self.lex.not_city_words for w in t.group().strip(", ").split()
        ):
            return t.end()
        return end
