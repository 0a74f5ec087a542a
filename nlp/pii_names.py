"""Patient names in rep notes: after cues ("pt", "Mrs.", "her son"), before "(pt)", and
full names without a cue unless a role, an institution or an HCP title claims them.

Also the date or record number written right after a patient's name.
"""

import re
from collections.abc import Iterable

from nlp import pii_patterns as P
from nlp.pii_lexicon import (
    CLINICAL_SUFFIXES,
    COMMON_WORDS,
    DRUG_SUFFIXES,
    FIRST_NAMES,
    INSTITUTIONS,
    NOT_NAMES,
    PLACE_LIKE_FIRST_NAMES,
    PLACE_SURNAMES,
    STAFF_TITLES,
    SURNAMES,
    TOP_WORDS,
)

PiiSpan = tuple[int, int, str]
_POSSESSIVE = re.compile(r"['’]s$", re.IGNORECASE)
_WORD_BEFORE = re.compile(r"([A-Za-z][A-Za-z.\-]*)[\s(),]*$")
_HOUSE_NUMBER_BEFORE = re.compile(r"(?<![\w\-])\d{1,6}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?$")
_CONTRACTION_TAILS = frozenset({"t", "ll", "d", "re", "ve", "m"})


class NameFinder:
    """Name rules plus two word lists: names always accepted, words never names."""

    def __init__(
        self, *, extra_names: Iterable[str] = (), ignore_words: Iterable[str] = ()
    ) -> None:
        self.extra_names = frozenset(w.lower() for w in extra_names)
        self.ignore_words = frozenset(w.lower() for w in ignore_words)

    def find(self, text: str, lower: str) -> list[PiiSpan]:
        """Patient names in ``text`` (``lower`` is ``text.lower()``, shared with the caller)."""
        cased = text != lower
        spans: list[PiiSpan] = []
        for start in P.CUE_START.finditer(text):
            cue = P.NAME_CUE.match(text, start.start())
            if cue is None:
                continue
            # A kin word names a patient's relative after a determiner ("her son"); bare
            # ("daughter Lupe translates") only before a capitalised name.
            bare_kin = cue.group("kin") is not None and not P.KIN_DETERMINER.search(
                text, max(0, cue.start() - 12), cue.start()
            )
            if bare_kin and not (cased and P.CAPITALISED.match(text, cue.end())):
                continue
            strong = cue.group("title") is not None or cue.group("named") is not None
            plural = cue.group("pts") is not None
            span = self._name_at(text, cue.end(), cased=cased, strong=strong, lone_ok=not plural)
            if span and (cue.group("pt") or plural or not _role_follows(text, span[1])):
                spans.append(span)
        if not cased:
            spans += self._lowercase_full_names(text)
        if cased:
            spans += self._uncued_names(text)
            if "(p" in lower:
                spans += self._names_before_pt(text)
        return spans

    def _name_at(
        self, text: str, pos: int, *, cased: bool, strong: bool, lone_ok: bool = True
    ) -> PiiSpan | None:
        """The name starting at ``pos`` (right after a cue), if the words look like one."""
        inverted = P.SURNAME_FIRST.match(text, pos)
        if inverted and self._inverted_name(inverted):
            return (pos, inverted.end(), "PATIENT_NAME")
        m = P.NAME_WORDS.match(text, pos)
        if not m:
            return None
        end = None
        known_first = False
        accepted = 0
        for i, word in enumerate(P.ONE_NAME_WORD.finditer(text, m.start(), m.end())):
            token = word.group()
            bare = _POSSESSIVE.sub("", token)
            if len(token) == 2 and token.endswith("."):
                # An initial counts once a name word follows ("J. Alvarez"), or closes
                # a name already started ("Rosa D.").
                if accepted and cased and token[0].isupper():
                    end = word.end()
                continue
            if i and token in P.NAME_PARTICLES:
                continue  # "de la Cruz": kept only if a name word follows
            if accepted == 0:
                ok = self._is_name(bare, cased=cased, strong=strong)
                known_first = self._is_known(bare)
            else:
                ok = self._is_name(bare, cased=cased, strong=strong, surname=True)
            if not ok:
                break
            accepted += 1
            end = word.start() + len(bare)
            # Without case to go by, a third word is more likely a symptom than a name.
            if bare != token or (not cased and accepted == 2):
                break
        if end is None or accepted == 0:
            return None
        if accepted == 1 and end - m.start() == len(text[m.start() : end].split()[0]):
            # One word after "pt" is a name when we know it as one ("pt Rosa") or when it
            # is capitalised and not a product label ("pt Glyvanta: $600", "pt Corvix 10mg").
            lone = lone_ok and self._lone_surname(text, m.start(), end, cased)
            if not (strong or known_first or lone):
                return None
        return (m.start(), end, "PATIENT_NAME")

    @staticmethod
    def _lone_surname(text: str, start: int, end: int, cased: bool) -> bool:
        word = text[start:end]
        if not cased:
            # "pt kowalczyk had rash": _is_name already ruled out ordinary words and typos.
            return len(word) >= 4 and P.PRODUCT_FOLLOWS.match(text, end) is None
        return (
            word[0].isupper()
            and word.lower() not in COMMON_WORDS
            and (word[1:].islower() or word[:2] in ("Mc", "O'", "O’"))
            and not (len(word) >= 7 and word.lower().endswith(DRUG_SUFFIXES))
            and P.PRODUCT_FOLLOWS.match(text, end) is None
        )

    def _inverted_name(self, m: re.Match[str]) -> bool:
        """ "Delgado, Rosa" / "DELGADO, ROSA": a surname, a comma, a known first name."""
        surname, first = m.group("surname").lower(), m.group("first").lower()
        return (
            (first in FIRST_NAMES or first in self.extra_names)
            and first not in TOP_WORDS
            and surname not in NOT_NAMES
            and surname not in self.ignore_words
            and (surname not in COMMON_WORDS or surname in SURNAMES)
        )

    def _is_known(self, word: str) -> bool:
        low = word.lower()
        return low in FIRST_NAMES or low in SURNAMES or low in self.extra_names

    def _is_name(self, word: str, *, cased: bool, strong: bool, surname: bool = False) -> bool:
        low = word.lower()
        if low in NOT_NAMES or low in self.ignore_words or len(low) < 2 or _contraction(low):
            return False
        known = self._is_known(word)
        if word.isupper():
            # ALL CAPS carries no case signal; an unknown shouting word can still be a
            # surname after a known first name ("PT HAROLD BEAUMONT"), never a first name.
            if known:
                return low not in TOP_WORDS
            return surname and len(low) > 2 and low not in COMMON_WORDS and low.isalpha()
        if not word[0].isupper() or not cased:
            # Lowercase: in a cased note only a name that is no ordinary word ("pt max
            # dose" is not a name); in an all-lowercase note, anything but ordinary words.
            if known:
                return low not in (COMMON_WORDS if cased else TOP_WORDS)
            if cased or low in COMMON_WORDS or low.endswith(CLINICAL_SUFFIXES):
                return False
            if len(low) >= 7 and low.endswith(DRUG_SUFFIXES):
                return False
            if not low.replace("'", "").replace("’", "").replace("-", "").isalpha():
                return False
            return not _typo_of_common_word(low)
        if known or strong or surname:
            return True
        return low not in TOP_WORDS

    def _uncued_names(self, text: str) -> list[PiiSpan]:
        """Capitalised full names with no cue: a known first name ("Sheryl Dunn") or a
        known surname after another capitalised word ("Shawna Miller"), minus colleagues
        marked by a role ("NP Sam Diaz", "Jenny Moss, PA")."""
        spans: list[PiiSpan] = []
        # "Dr. Ng ... Allison Ng": a surname the note gives a title elsewhere is an HCP's.
        titled: set[str] | None = None
        for first in P.TITLE_WORD.finditer(text):
            low = first.group().lower()
            if low in NOT_NAMES or low in TOP_WORDS or low in self.ignore_words:
                continue
            second = P.ONE_NAME_WORD.match(text, first.end() + 1)
            if second is None or not second.group()[0].isupper():
                continue
            last = _POSSESSIVE.sub("", second.group()).lower()
            if low not in FIRST_NAMES and last in PLACE_SURNAMES:
                continue  # "Highland Park", "Cedar Hill"
            # "Carolina Blue", "Grace period" are a place or a phrase. Two rare capitalised
            # words may still be a name we have no list entry for ("Zenobia Quist"), unless
            # the second starts a name itself ("Ventrova Alfred Kim") or either is an
            # ordinary word or a catalog product.
            listed = last in SURNAMES or (
                low in FIRST_NAMES and not (low in PLACE_LIKE_FIRST_NAMES and last in TOP_WORDS)
            )
            if not listed and not self._unlisted_full_name(low, last, second.group()):
                continue
            if _HOUSE_NUMBER_BEFORE.search(text, max(0, first.start() - 12), first.start()):
                continue  # "19 Spruce Hill Rd" is a street
            span = self._name_at(text, first.start(), cased=True, strong=False)
            if span is None or span[1] == first.end():
                continue
            if _role_before(text, first.start()) or _role_follows(text, span[1]):
                continue
            if " ".join(text[span[0] : span[1]].lower().split()[:2]) in INSTITUTIONS:
                continue
            if titled is None:
                titled = {m.group(1).lower() for m in P.TITLED_SURNAME.finditer(text)}
            if text[span[0] : span[1]].split()[-1].lower() in titled:
                continue
            spans.append(span)
        return spans

    def _unlisted_full_name(self, first: str, last: str, last_word: str) -> bool:
        return (
            first not in COMMON_WORDS
            and last not in COMMON_WORDS
            and last not in FIRST_NAMES
            and last not in NOT_NAMES
            and last not in self.ignore_words
            and last_word[1:].islower()
        )

    def _lowercase_full_names(self, text: str) -> list[PiiSpan]:
        """In an all-lowercase note, a known first name then a known surname, neither an
        ordinary word ("ae - rosa delgado - hives")."""
        spans: list[PiiSpan] = []
        for m in P.LOWER_WORD_PAIR.finditer(text):
            first, last = m.group(1), m.group(2)
            if (
                first in FIRST_NAMES
                and last in SURNAMES
                and first not in COMMON_WORDS
                and last not in COMMON_WORDS
                and first not in self.ignore_words
                and not _role_before(text, m.start())
            ):
                spans.append((m.start(1), m.end(2), "PATIENT_NAME"))
        return spans

    def _names_before_pt(self, text: str) -> list[PiiSpan]:
        """Names written before "(pt)": "Rosa Delgado (pt) called"."""
        spans: list[PiiSpan] = []
        for m in P.PT_AFTER_NAME.finditer(text):
            words = list(P.ONE_NAME_WORD.finditer(text, max(0, m.start() - 40), m.start()))
            start = None
            for word in reversed(words[-3:]):
                if text[word.end() : (start if start is not None else m.start())].strip():
                    break
                if not self._is_name(word.group(), cased=True, strong=True):
                    break
                start = word.start()
            if start is not None:
                spans.append((start, m.start(), "PATIENT_NAME"))
        return spans

    @staticmethod
    def after_names(text: str, names: list[PiiSpan]) -> list[PiiSpan]:
        """A date or record number written right after a patient's name."""
        spans: list[PiiSpan] = []
        for _, end, _ in names:
            date = P.DATE_AFTER_NAME.match(text, end)
            if date:
                spans.append((date.start("value"), date.end("value"), "DOB"))
                continue
            record = P.ID_AFTER_NAME.match(text, end)
            if record and not P.PHONE.fullmatch(record.group("value")):
                spans.append((record.start("value"), record.end("value"), "MRN"))
        return spans


_LETTERS = "abcdefghijklmnopqrstuvwxyz"


def _typo_of_common_word(word: str) -> bool:
    """One edit away from an ordinary word ("reportd", "complaned"): a typo, not a name.

    Only asked about unknown lowercase words after a patient cue, so the few hundred
    set lookups stay off the common path."""
    if len(word) < 5:
        return False
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    for head, tail in splits:
        if tail and head + tail[1:] in COMMON_WORDS:
            return True
        if len(tail) > 1 and head + tail[1] + tail[0] + tail[2:] in COMMON_WORDS:
            return True
        for letter in _LETTERS:
            if head + letter + tail in COMMON_WORDS:
                return True
            if tail and head + letter + tail[1:] in COMMON_WORDS:
                return True
    return False


def _role_before(text: str, start: int) -> bool:
    """A role right before a name: "NP Gomez", "PA (physician asst) Tom Ruiz"."""
    m = _WORD_BEFORE.search(text, max(0, start - 30), start)
    return m is not None and m.group(1).lower().rstrip(".") in STAFF_TITLES


def _contraction(low: str) -> bool:
    """don't, I'll, they're: an apostrophe word that is not a name like O'Hara."""
    head, _, tail = low.replace("’", "'").partition("'")
    return bool(tail) and (tail in _CONTRACTION_TAILS or head + tail in COMMON_WORDS)


def _role_follows(text: str, end: int) -> bool:
    return P.ROLE_AFTER_NAME.match(text, end) is not None
