"""Find patient identifiers in a note's text: a single pass of compiled patterns.

Returns character spans ``(start, end, TYPE)``; the spaCy component in
``nlp.pii.component`` maps them onto tokens. Practice, HCP and rep contacts are told apart
by ``nlp.pii.context``.
"""

import re
from collections.abc import Iterable

from nlp.labels import PII_TYPES
from nlp.pii.clinicians import ClinicianFilter
from nlp.pii.contacts import ContactFinder
from nlp.pii.context import PATIENT, PRACTICE, Sentences
from nlp.pii.lone_names import LoneNameFinder
from nlp.pii.mentions import MentionFinder
from nlp.pii.names import NameFinder, PiiSpan
from nlp.pii.rules import PiiRules

__all__ = ["PII_TYPES", "PiiDetector", "PiiSpan"]

# When two detections overlap, the more specific pattern wins.
_PRIORITY = {"EMAIL": 0, "DOB": 1, "MRN": 2, "PHONE": 3, "ADDRESS": 4, "PATIENT_NAME": 5}


class PiiDetector:
    """Stateless apart from its rules and word lists; safe to share between threads."""

    def __init__(
        self,
        rules: PiiRules | None = None,
        *,
        extra_names: Iterable[str] = (),
        ignore_words: Iterable[str] = (),
        default_owner: str = PATIENT,
    ) -> None:
        self.rules = rules if rules is not None else PiiRules.from_package()
        self.p = self.rules.patterns
        self.names = NameFinder(self.rules, extra_names=extra_names, ignore_words=ignore_words)
        self.mentions = MentionFinder(self.rules, self.names)
        self.lone_names = LoneNameFinder(self.rules, self.names)
        self.contacts = ContactFinder(self.rules, default_owner)
        self.clinicians = ClinicianFilter(self.p)
        self.default_owner = default_owner

    def find(self, text: str) -> list[PiiSpan]:
        """All patient-identifier spans in ``text``, sorted, non-overlapping."""
        lower = text.lower()
        sentences = Sentences(text, self.p)
        names = self.names.find(text, lower)
        names += self.mentions.initials(text)
        # "Mrs. B.": a courtesy title makes one initial a person's.
        names += [
            (m.start("initial"), m.end("initial"), "PATIENT_NAME")
            for m in self.p.TITLE_INITIAL.finditer(text)
        ]
        names += self.lone_names.find(text)
        names += self.mentions.nicknames(text, sentences, names)
        names = _merge_adjacent(
            text, _resolve(self.names.with_initial(text, names)), self.rules.lexicon.first_names
        )
        # Staff named in the note ("RN Tasha") tell colleagues from patients and say whose
        # contact a number is; looked for only where there is a name or a contact.
        staff_words: set[str] = set()
        staff: list[PiiSpan] = []
        if names or "@" in text or self.p.DIGITS.search(text):
            staff_words, staff = self.mentions.staff(text)
        if names:
            # A name made only of words a role claims elsewhere ("PA Amir Sultani ...
            # Amir S. does the starts") is that colleague, not a patient.
            if staff_words:
                names = [n for n in names if not _all_staff(text[n[0] : n[1]], staff_words)]
            names = _resolve(names + self.mentions.repeats(text, names))
            # "Brandt's pt", "Osei held it": a surname alone acting as the prescriber.
            names = self.clinicians.drop(text, names)
        people = [(s, e, PATIENT) for s, e, _ in names] + [(s, e, PRACTICE) for s, e, _ in staff]
        found = self.contacts.find(text, lower, sentences, people)
        names = _trim_before_addresses(text, names, found)
        if self.p.DOB_HINT.search(lower):
            for m in self.p.DOB.finditer(text):
                found.append((m.start("value"), m.end("value"), "DOB"))
                # "Tobias DOB 2014-06-09": the person right before a birth date is a patient.
                named = self.mentions.name_before(text, m.start())
                if named:
                    found.append(named)
        if self.p.MRN_HINT.search(lower):
            # "pt # 555-201-3344" is a phone number, not a record number.
            # ... unless the cue names a record or a national id ("NHS no 485 777 3456").
            for m in self.p.MRN.finditer(text):
                span = (m.start("value"), m.end("value"), "MRN")
                if self.p.ID_NOT_PHONE_CUE.search(m.group("cue")) or not self._is_phone(text, span):
                    found.append(span)
        if names and self.p.ALNUM_HINT.search(text):
            # "Precious Nkemelu SCD#10442": in a note naming a patient, an id in a record
            # system's shape is theirs unless a lot, claim or reference word precedes it.
            for m in self.p.ALNUM_ID.finditer(text):
                if not self.p.REFERENCE_CUE.search(text, max(0, m.start() - 25), m.start()):
                    found.append((m.start("value"), m.end("value"), "MRN"))
        found += self._numbers(text)
        found += self._word_dates(text)
        found += names
        found += self.names.after_names(text, names)
        return _resolve([span for span in found if not self._content_code(text, span)])

    def _content_code(self, text: str, span: PiiSpan) -> bool:
        """A catalog content code or product word read as a record ("KLX-510-v3")."""
        if span[2] != "MRN":
            return False
        value = text[span[0] : span[1]]
        return value.lower() in self.names.ignore_words or bool(
            self.p.CONTENT_CODE.fullmatch(value)
        )

    def _word_dates(self, text: str) -> list[PiiSpan]:
        """ "correct is April 4th 1984": a full date in words, old enough to be a birth."""
        spans: list[PiiSpan] = []
        if self.p.OLD_YEAR_HINT.search(text):
            for m in self.p.WORD_DATE.finditer(text):
                if 1900 <= int(m.group("year")) <= self.rules.old_year:
                    spans.append((m.start(), m.end(), "DOB"))
        return spans

    def _numbers(self, text: str) -> list[PiiSpan]:
        """Cue-less numbers: a full date a decade or more back is a birth date (reps date
        visits, events and labels in the last few years, not the 1950s); a long bare
        number that is not a lot, claim or reference number is a record number."""
        spans: list[PiiSpan] = []
        old_year = self.rules.old_year
        for m in self.p.BARE_NUMBER.finditer(text):
            if m.group("id"):
                if len(m.group("id")) == 10 and m.group("id")[0] != "0":
                    continue  # ten digits is a phone number, whoever's: PHONE decides
                if not self.p.REFERENCE_CUE.search(text, max(0, m.start() - 25), m.start()):
                    spans.append((m.start(), m.end(), "MRN"))
                continue
            if not _plausible_date(m):
                continue
            year = int(m.group("year") or m.group("iso"))
            if year < 100:
                year += 1900 if year > old_year % 100 else 2000
            if 1900 <= year <= old_year:
                spans.append((m.start(), m.end(), "DOB"))
        return spans

    def _is_phone(self, text: str, span: PiiSpan) -> bool:
        """Written like a phone number (555-201-3344); a bare run of digits after "MRN" is not."""
        value = text[span[0] : span[1]]
        return not value.isdigit() and self.p.PHONE.fullmatch(value) is not None


def _plausible_date(m: re.Match[str]) -> bool:
    """Month 1-12 and day 1-31 in either order (US or ISO); "wk 0/4/12" is a schedule."""
    parts = [int(x) for x in re.split(r"[/.\-]", m.group())]
    first, second = (parts[1], parts[2]) if m.group("iso") else (parts[0], parts[1])
    return 1 <= first <= 12 and 1 <= second <= 31 or 1 <= second <= 12 and 1 <= first <= 31


def _all_staff(name: str, staff: set[str]) -> bool:
    words = [w.lower() for w in name.replace(".", ". ").split() if len(w.rstrip(".")) > 1]
    return bool(words) and all(w.strip("'’") in staff for w in words)


def _merge_adjacent(
    text: str, names: list[PiiSpan], given_names: frozenset[str] | set[str]
) -> list[PiiSpan]:
    """Name pieces one space apart are one name ("rosa" + "elena quintero", "B.J." + "Okoye"),
    also across a given name that is an ordinary word too ("peggy sue harlan")."""
    merged: list[PiiSpan] = []
    for span in names:
        if merged:
            gap = text[merged[-1][1] : span[0]]
            if gap.startswith(" ") and gap.endswith(" ") and gap.strip().lower() in given_names:
                gap = " "
        else:
            gap = ""
        # A piece running on into an e-mail ("t.ocampo@...") is no part of the name.
        into_mail = (
            text[span[1] : span[1] + 1] in ("@", ".") and text[span[1] + 1 : span[1] + 2].isalnum()
        )
        if merged and gap == " " and not into_mail:
            merged[-1] = (merged[-1][0], span[1], span[2])
        else:
            merged.append(span)
    return merged


def _trim_before_addresses(
    text: str, names: list[PiiSpan], contacts: list[PiiSpan]
) -> list[PiiSpan]:
    """A name read on into a street ("Curtis Bellamy Old Mill Road") ends where it starts."""
    starts = [s for s, _, kind in contacts if kind == "ADDRESS"]
    if not starts:
        return names
    trimmed: list[PiiSpan] = []
    for start, end, kind in names:
        cut = min((s for s in starts if start < s < end), default=end)
        end = start + len(text[start:cut].rstrip(" ,"))
        trimmed.append((start, end, kind))
    return trimmed


def _resolve(spans: list[PiiSpan]) -> list[PiiSpan]:
    """Drop duplicates and overlaps, keeping the higher-priority then longer span."""
    ranked = sorted(set(spans), key=lambda s: (_PRIORITY[s[2]], -(s[1] - s[0]), s[0]))
    kept: list[PiiSpan] = []
    for span in ranked:
        if all(span[1] <= k[0] or span[0] >= k[1] for k in kept):
            kept.append(span)
    return sorted(kept)
