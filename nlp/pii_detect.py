"""Find patient identifiers in a note's text: a single pass of compiled patterns.

Returns character spans ``(start, end, TYPE)``; the spaCy component in ``nlp.pii`` maps
them onto tokens. Practice, HCP and rep contacts are told apart by ``nlp.pii_context``.
"""

import re
from collections.abc import Iterable

from nlp import pii_patterns as P
from nlp.pii_context import PATIENT, Sentences, owner
from nlp.pii_lexicon import NOT_NAMES, TOP_WORDS
from nlp.pii_names import NameFinder, PiiSpan

__all__ = ["PII_TYPES", "PiiDetector", "PiiSpan"]

PII_TYPES = ("PATIENT_NAME", "DOB", "PHONE", "EMAIL", "MRN", "ADDRESS")
# Dates up to this year are birth dates, not visits or label updates.
OLD_YEAR = 2012
# Substrings without which the DOB / record-number patterns cannot match: checking them
# first spares most notes two regex scans.
_DOB_HINT = re.compile(r"dob|d\. ?o|birth|born|b-?day")
_MRN_HINT = re.compile(r"mr|rec|chart|acc|id|member")
# When two detections overlap, the more specific pattern wins.
_PRIORITY = {"EMAIL": 0, "DOB": 1, "MRN": 2, "PHONE": 3, "ADDRESS": 4, "PATIENT_NAME": 5}
# Words that end a city before it becomes part of the address ("418 Alder Ct, Reported").
_NOT_CITY_WORDS = NOT_NAMES | TOP_WORDS


class PiiDetector:
    """Stateless apart from its word lists; safe to share between threads."""

    def __init__(
        self,
        *,
        extra_names: Iterable[str] = (),
        ignore_words: Iterable[str] = (),
        default_owner: str = PATIENT,
    ) -> None:
        self.names = NameFinder(extra_names=extra_names, ignore_words=ignore_words)
        self.default_owner = default_owner

    def find(self, text: str) -> list[PiiSpan]:
        """All patient-identifier spans in ``text``, sorted, non-overlapping."""
        lower = text.lower()
        found: list[PiiSpan] = self._contacts(text, lower, Sentences(text))
        if _DOB_HINT.search(lower):
            found += self._cued(text, P.DOB, "DOB")
        if _MRN_HINT.search(lower):
            # "pt # 555-201-3344" is a phone number, not a record number.
            found += [s for s in self._cued(text, P.MRN, "MRN") if not _is_phone(text, s)]
        found += self._numbers(text)
        names = self.names.find(text, lower)
        found += names
        found += self.names.after_names(text, names)
        return _resolve(found)

    # -- contacts -----------------------------------------------------------------

    def _contacts(self, text: str, lower: str, sentences: Sentences) -> list[PiiSpan]:
        spans: list[PiiSpan] = []
        if "@" in text:
            for m in P.EMAIL.finditer(text):
                default = "practice" if P.PRACTICE_EMAIL.search(m.group()) else self.default_owner
                if owner(sentences, m.start(), m.end(), default) == PATIENT:
                    spans.append((m.start(), m.end(), "EMAIL"))
        for m in P.PHONE.finditer(text):
            if P.TOLL_FREE.match(m.group()):
                continue  # 1-800 lines are hubs and programs, never a patient's phone
            if owner(sentences, m.start(), m.end(), self.default_owner) == PATIENT:
                spans.append((m.start(), m.end(), "PHONE"))
        for candidate in P.ADDRESS_START.finditer(text):
            address = P.ADDRESS.match(text, candidate.start())
            end = _address_end(text, address) if address else None
            if (
                end
                and owner(sentences, candidate.start(), end, self.default_owner, address=True)
                == PATIENT
            ):
                spans.append((candidate.start(), end, "ADDRESS"))
        if "box" in lower:
            for m in P.PO_BOX.finditer(text):
                if (
                    owner(sentences, m.start(), m.end(), self.default_owner, address=True)
                    == PATIENT
                ):
                    spans.append((m.start(), m.end(), "ADDRESS"))
        return spans

    @staticmethod
    def _cued(text: str, pattern: re.Pattern[str], kind: str) -> list[PiiSpan]:
        return [(m.start("value"), m.end("value"), kind) for m in pattern.finditer(text)]

    @staticmethod
    def _numbers(text: str) -> list[PiiSpan]:
        """Cue-less numbers: a full date a decade or more back is a birth date (reps date
        visits, events and labels in the last few years, not the 1950s); a long bare
        number that is not a lot, claim or reference number is a record number."""
        spans: list[PiiSpan] = []
        for m in P.BARE_NUMBER.finditer(text):
            if m.group("id"):
                if len(m.group("id")) == 10 and m.group("id")[0] != "0":
                    continue  # ten digits is a phone number, whoever's: PHONE decides
                if not P.REFERENCE_CUE.search(text, max(0, m.start() - 25), m.start()):
                    spans.append((m.start(), m.end(), "MRN"))
                continue
            if not _plausible_date(m):
                continue
            year = int(m.group("year") or m.group("iso"))
            if year < 100:
                year += 1900 if year > OLD_YEAR % 100 else 2000
            if 1900 <= year <= OLD_YEAR:
                spans.append((m.start(), m.end(), "DOB"))
        return spans


def _is_phone(text: str, span: PiiSpan) -> bool:
    """Written like a phone number (555-201-3344); a bare run of digits after "MRN" is not."""
    value = text[span[0] : span[1]]
    return not value.isdigit() and P.PHONE.fullmatch(value) is not None


def _plausible_date(m: re.Match[str]) -> bool:
    """Month 1-12 and day 1-31 in either order (US or ISO); "wk 0/4/12" is a schedule."""
    parts = [int(x) for x in re.split(r"[/.\-]", m.group())]
    first, second = (parts[1], parts[2]) if m.group("iso") else (parts[0], parts[1])
    return 1 <= first <= 12 and 1 <= second <= 31 or 1 <= second <= 12 and 1 <= first <= 31


def _address_end(text: str, m: re.Match[str]) -> int | None:
    """End of the street address matched by ``m`` with its city/state/zip, or None."""
    if m.group("words") is not None:
        words = m.group("words").lower().split()
        if any(w in P.ADDRESS_NOT_STREET_WORDS for w in words):
            return None
    end = m.end()
    for tail in (P.ADDRESS_TAIL_STATE, P.ADDRESS_TAIL_ZIP):
        t = tail.match(text, end)
        if t:
            return t.end()
    t = P.ADDRESS_TAIL_CITY.match(text, end)
    if t and not any(w.lower() in _NOT_CITY_WORDS for w in t.group().strip(", ").split()):
        return t.end()
    return end


def _resolve(spans: list[PiiSpan]) -> list[PiiSpan]:
    """Drop duplicates and overlaps, keeping the higher-priority then longer span."""
    ranked = sorted(set(spans), key=lambda s: (_PRIORITY[s[2]], -(s[1] - s[0]), s[0]))
    kept: list[PiiSpan] = []
    for span in ranked:
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)
