"""Patient names in rep notes: after cues ("pt", "Mrs.", "her son"), before "(pt)", and
full names without a cue unless a role, an institution or an HCP title claims them.

Also the date or record number written right after a patient's name.
"""

import re
from collections.abc import Iterable

from nlp.pii.rules import PiiRules

PiiSpan = tuple[int, int, str]
_CONTRACTION_TAILS = frozenset({"t", "ll", "d", "re", "ve", "m"})
_LETTERS = "abcdefghijklmnopqrstuvwxyz"


class NameFinder:
    """Name rules plus two word lists: names always accepted, words never names."""

    def __init__(
        self, rules: PiiRules, *, extra_names: Iterable[str] = (), ignore_words: Iterable[str] = ()
    ) -> None:
        self.lex = rules.lexicon
        self.p = rules.patterns
        self.extra_names = frozenset(w.lower() for w in extra_names)
        self.ignore_words = frozenset(w.lower() for w in ignore_words)

    def find(self, text: str, lower: str) -> list[PiiSpan]:
        """Patient names in ``text`` (``lower`` is ``text.lower()``, shared with the caller)."""
        cased = text != lower
        spans: list[PiiSpan] = []
        for start in self.p.CUE_START.finditer(text):
            cue = self.p.NAME_CUE.match(text, start.start())
            if cue is None:
                continue
            # A kin word names a patient's relative after a determiner ("her son"); bare
            # ("daughter Lupe translates") only before a capitalised name.
            bare_kin = cue.group("kin") is not None and not self.p.KIN_DETERMINER.search(
                text, max(0, cue.start() - 12), cue.start()
            )
            if bare_kin and not (cased and self.p.CAPITALISED.match(text, cue.end())):
                continue
            strong = cue.group("title") is not None or cue.group("named") is not None
            plural = cue.group("pts") is not None
            span = self._name_at(text, cue.end(), cased=cased, strong=strong, lone_ok=not plural)
            if span and (cue.group("pt") or plural or not self.role_follows(text, span[1])):
                spans.append(span)
        # Lowercase full names ("saw maria lopez's mom") in any note, cased or not.
        spans += self._lowercase_full_names(text)
        if self.p.NAMED_HINT.search(text):
            for m in self.p.PERSON_NAMED.finditer(text):
                span = self._name_at(text, m.end(), cased=cased, strong=True)
                if span and not self.role_before(text, m.start()):
                    spans.append(span)
        if cased:
            spans += self._uncued_names(text)
            if "(p" in lower:
                spans += self._names_before_pt(text)
        if self.p.DOCTORS_PT_HINT.search(lower):
            spans += self._names_before_pt(text, self.p.DOCTORS_PT_AFTER_NAME)
        return spans

    def with_initial(self, text: str, spans: list[PiiSpan]) -> list[PiiSpan]:
        """ "hannah w", "Marcus T", "lucas m.": a surname initial after a name is part of it."""
        out: list[PiiSpan] = []
        for start, end, kind in spans:
            initial = self.p.INITIAL_AFTER_NAME.match(text, end)
            if initial and (text[start:end].islower() == initial.group("letter").islower()):
                end = initial.end("initial")
            out.append((start, end, kind))
        return out

    def _name_at(
        self, text: str, pos: int, *, cased: bool, strong: bool, lone_ok: bool = True
    ) -> PiiSpan | None:
        """The name starting at ``pos`` (right after a cue), if the words look like one."""
        inverted = self.p.SURNAME_FIRST.match(text, pos)
        if inverted and self._inverted_name(inverted):
            return (pos, inverted.end(), "PATIENT_NAME")
        initials = self.p.INITIALS_TOKEN.match(text, pos)
        if initials and self.is_initials(initials.group(), cued=True):
            if initials.group().lower() in self.lex.staff_titles and self.p.CAPITALISED.match(
                text, initials.end() + 1
            ):
                return None  # "pts, SW Brenda said": a role before a colleague's name
            return self._initials_name(text, initials.start(), initials.end(), cased=cased)
        m = self.p.NAME_WORDS.match(text, pos)
        if not m:
            return None
        end = None
        known_first = lower_first = False
        accepted = 0
        previous = ""
        for i, word in enumerate(self.p.ONE_NAME_WORD.finditer(text, m.start(), m.end())):
            token = word.group()
            bare = self.p.POSSESSIVE.sub("", token)
            if len(token) == 2 and token.endswith("."):
                # An initial counts once a name word follows ("J. Alvarez"), or closes
                # a name already started ("Rosa D.").
                if accepted and cased and token[0].isupper():
                    end = word.end()
                continue
            if i and token in self.lex.name_particles:
                continue  # "de la Cruz": kept only if a name word follows
            if accepted and cased and bare.isupper() and not previous.isupper():
                break  # "pt Beatriz Cárdenas ANC 800": shorthand after a cased name
            if accepted and cased and bare.islower() and previous[:1].isupper():
                break  # "pt Yvette Laurent raynaud's worse": a word after a cased name
            previous = bare
            if accepted == 0:
                # "for the new pts, SW Brenda said": a role, then a colleague's name.
                ok = self._is_name(bare, cased=cased, strong=strong) and not (
                    bare.isupper() and bare.lower() in self.lex.staff_titles
                )
                known_first = self._is_known(bare)
                lower_first = known_first and bare.islower()
            else:
                # "pt maria kowalczyk" in a cased note: after a known lowercase first name,
                # an unknown lowercase word that is no ordinary word is the surname.
                ok = self._is_name(
                    bare, cased=cased and not lower_first, strong=strong, surname=True
                )
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

    def is_initials(self, token: str, *, cued: bool) -> bool:
        """Two or three letters that read as a person's initials, not shorthand.

        Dotted ("J.D.", "k.m.") in any case; bare letters ("JD", "jd") only in one case
        and never an ordinary word ("pt ok", "pt had") or clinical shorthand ("pt ER").
        Without a cue, bare letters must be capitals ("KLM 64F", not "was 72 yo").
        """
        letters = token.replace(".", "").replace(" ", "")
        low = letters.lower()
        if not (2 <= len(letters) <= 3 and letters.isalpha()) or low in self.ignore_words:
            return False
        if "." in token:
            # Dots make initials ("O.K.", "M.S." are people); only a few dotted
            # abbreviations ("a.m.", "e.g.", "b.i.d.") are not.
            return low not in self.lex.dotted_not_initials and (
                letters.isupper() or letters.islower()
            )
        if low in self.lex.initials_not_names or low in self.lex.top_words:
            return False  # "PT HAD HIVES", "pt ok", "pt ER visit"
        if low in self.lex.not_names:
            return False
        # Lowercase bare letters after a cue: two only ("pt jd"); three are shorthand ("obv").
        return letters.isupper() or (cued and letters.islower() and len(letters) == 2)

    def _initials_name(self, text: str, start: int, end: int, *, cased: bool) -> PiiSpan:
        """Initials, plus a capitalised surname written right after them ("J.D. Smith")."""
        word = self.p.ONE_NAME_WORD.match(text, end + 1) if text[end : end + 1] == " " else None
        if not (cased and word and word.group()[0].isupper() and word.group()[1:].islower()):
            return (start, end, "PATIENT_NAME")
        bare = self.p.POSSESSIVE.sub("", word.group())
        low = bare.lower()
        if (
            (low in self.lex.surnames or low not in self.lex.common_words)
            and low not in self.lex.not_names
            and low not in self.ignore_words
        ):
            return (start, word.start() + len(bare), "PATIENT_NAME")
        return (start, end, "PATIENT_NAME")

    def _lone_surname(self, text: str, start: int, end: int, cased: bool) -> bool:
        word = text[start:end]
        if not cased:
            # "pt kowalczyk had rash": _is_name already ruled out ordinary words and typos.
            return len(word) >= 4 and self.p.PRODUCT_FOLLOWS.match(text, end) is None
        return (
            word[0].isupper()
            and word.lower() not in self.lex.common_words
            and (word[1:].islower() or word[:2] in ("Mc", "O'", "O’"))
            and not (len(word) >= 7 and word.lower().endswith(self.lex.drug_suffixes))
            and self.p.PRODUCT_FOLLOWS.match(text, end) is None
        )

    def _inverted_name(self, m: re.Match[str]) -> bool:
        """ "Delgado, Rosa" / "DELGADO, ROSA": a surname, a comma, a known first name."""
        surname, first = m.group("surname").lower(), m.group("first").lower()
        return (
            (first in self.lex.first_names or first in self.extra_names)
            and first not in self.lex.top_words
            and surname not in self.lex.not_names
            and surname not in self.ignore_words
            and (surname not in self.lex.common_words or surname in self.lex.surnames)
        )

    def _is_known(self, word: str) -> bool:
        low = word.lower()
        if "-" in low:  # "Ruth-Ann", "Mei-Ling": known when every part is
            return all(self._is_known(part) for part in low.split("-") if part)
        return low in self.lex.first_names or low in self.lex.surnames or low in self.extra_names

    def _is_name(self, word: str, *, cased: bool, strong: bool, surname: bool = False) -> bool:
        low = word.lower()
        if (
            low in self.lex.not_names
            or low in self.ignore_words
            or len(low) < 2
            or self._contraction(low)
        ):
            return False
        known = self._is_known(word)
        if word.isupper():
            # ALL CAPS carries no case signal; an unknown shouting word can still be a
            # surname after a known first name ("PT HAROLD BEAUMONT"), never a first name.
            if known:
                return low not in self.lex.top_words
            # After a title ("MRS. DELACROIX") the shouted word is a surname too.
            return (
                (surname or strong)
                and len(low) > 2
                and low not in self.lex.common_words
                and low.isalpha()
            )
        if not word[0].isupper() or not cased:
            # Lowercase: in a cased note only a name that is no ordinary word ("pt max
            # dose" is not a name); in an all-lowercase note, anything but ordinary words.
            if known:
                return low not in (self.lex.common_words if cased else self.lex.top_words)
            # After a title ("mrs abernethy", "mr liang") a lowercase word that is no ordinary
            # word is the surname even in a cased note.
            if (
                (cased and not strong)
                or low in self.lex.common_words
                or low.endswith(self.lex.clinical_suffixes)
            ):
                return False
            if len(low) >= 7 and low.endswith(self.lex.drug_suffixes):
                return False
            if not low.replace("'", "").replace("’", "").replace("-", "").isalpha():
                return False
            # A surname after an accepted first name is rarely a typo; a lone word may be.
            return surname or not self.typo_of_common_word(low)
        if known or strong or surname:
            return True
        return low not in self.lex.top_words

    def _uncued_names(self, text: str) -> list[PiiSpan]:
        """Capitalised full names with no cue: a known first name ("Sheryl Dunn") or a
        known surname after another capitalised word ("Shawna Miller"), minus colleagues
        marked by a role ("NP Sam Diaz", "Jenny Moss, PA")."""
        spans: list[PiiSpan] = []
        # "Dr. Ng ... Allison Ng": a surname the note gives a title elsewhere is an HCP's.
        titled: set[str] | None = None
        for first in self.p.TITLE_WORD.finditer(text):
            low = first.group().lower()
            if low in self.lex.not_names or low in self.ignore_words:
                continue
            if low in self.lex.top_words and not self._word_name_before_surname(text, first, low):
                continue
            if self.p.NOT_PERSON_AFTER.match(text, first.end()):
                continue  # "Hurley III", "Ryan White clinic"
            second = self.p.ONE_NAME_WORD.match(text, first.end() + 1)
            while second is not None and second.group() in self.lex.name_particles:
                second = self.p.ONE_NAME_WORD.match(text, second.end() + 1)  # "Piet van der Berg"
            if second is None or not second.group()[0].isupper():
                continue
            last = self.p.POSSESSIVE.sub("", second.group()).lower()
            if low not in self.lex.first_names and last in self.lex.place_surnames:
                continue  # "Highland Park", "Cedar Hill"
            # "Carolina Blue", "Grace period" are a place or a phrase. Two rare capitalised
            # words may still be a name we have no list entry for ("Zenobia Quist"), unless
            # the second starts a name itself ("Ventrova Alfred Kim") or either is an
            # ordinary word or a catalog product.
            listed = last in self.lex.surnames or (
                low in self.lex.first_names
                and not (low in self.lex.place_like_first_names and last in self.lex.top_words)
            )
            if not listed and not self._unlisted_full_name(low, last, second.group()):
                continue
            if self.p.HOUSE_NUMBER_BEFORE.search(text, max(0, first.start() - 12), first.start()):
                continue  # "19 Spruce Hill Rd" is a street
            span = self._name_at(text, first.start(), cased=True, strong=False)
            if span is None or span[1] == first.end():
                continue
            if self.role_before(text, first.start()) or self.role_follows(text, span[1]):
                continue
            if self.p.ROLE_APPOSITIVE_BEFORE.search(
                text, max(0, first.start() - 48), first.start()
            ):
                continue  # "Met new practice manager at Bayview Onc, Keisha Lamont"
            if " ".join(text[span[0] : span[1]].lower().split()[:2]) in self.lex.institutions:
                continue
            if titled is None:
                titled = {m.group(1).lower() for m in self.p.TITLED_SURNAME.finditer(text)}
            if text[span[0] : span[1]].split()[-1].lower() in titled and not (
                self.p.NO_RELATION_AFTER.match(text, span[1])
            ):
                continue  # "Dr. Ng ... Allison Ng", unless "Gladys Ng (no relation to Dr Ng)"
            spans.append(span)
        return spans

    def _word_name_before_surname(self, text: str, first: re.Match[str], low: str) -> bool:
        """ "pt on Nasentra Bill Okafor drove": a given name that is also a word ("Bill",
        "Will", "Grace") mid-sentence, before a listed surname that is no word, is a name."""
        if low not in self.lex.first_names:
            return False
        before = text[: first.start()].rstrip()
        if not before or before[-1] in '.!?:;-–(\n"“':
            return False  # sentence-initial capitals say nothing
        second = self.p.ONE_NAME_WORD.match(text, first.end() + 1)
        if second is None or not second.group()[:1].isupper():
            return False
        last = self.p.POSSESSIVE.sub("", second.group()).lower()
        return (
            last in self.lex.surnames
            and last not in self.lex.top_words
            and last not in self.lex.place_surnames
        )

    def _unlisted_full_name(self, first: str, last: str, last_word: str) -> bool:
        return (
            first not in self.lex.common_words
            and last not in self.lex.common_words
            and last not in self.lex.first_names
            and last not in self.lex.not_names
            and last not in self.ignore_words
            and last_word[1:].islower()
        )

    def _lowercase_full_names(self, text: str) -> list[PiiSpan]:
        """A lowercase known first name then a known surname, neither an ordinary word
        ("ae - rosa delgado - hives")."""
        lex = self.lex
        spans: list[PiiSpan] = []
        # One pass over lowercase words; a pair is checked only after a listed first name.
        for m in self.p.LOWER_WORD.finditer(text):
            first = m.group()
            if first not in lex.first_names or first in lex.common_words:
                continue
            pair = self.p.LOWER_WORD_PAIR.match(text, m.start())
            if pair is None:
                continue
            last = pair.group(2)
            if (
                (last in lex.surnames or self._unknown_lower_surname(last))
                and last not in lex.common_words
                and first not in self.ignore_words
                and not self.role_before(text, m.start())
            ):
                spans.append((pair.start(1), pair.end(2), "PATIENT_NAME"))
        return spans

    def _unknown_lower_surname(self, word: str) -> bool:
        """An unlisted lowercase word after a listed first name that can be a surname:
        no ordinary word, clinical or drug ending, or typo ("rosa kowalczyk")."""
        lex = self.lex
        return (
            len(word) >= 3
            and word not in lex.not_names
            and word not in self.ignore_words
            and not word.endswith(lex.clinical_suffixes)
            and not (len(word) >= 7 and word.endswith(lex.drug_suffixes))
            and not self.typo_of_common_word(word)
        )

    def _names_before_pt(self, text: str, after: re.Pattern[str] | None = None) -> list[PiiSpan]:
        """Names written before "(pt)": "Rosa Delgado (pt) called"; with ``after``, before
        a doctor's "pt" ("Winnie - Dr Carr's pt", "B.J. Okoye, pt of Dr Lamb")."""
        spans: list[PiiSpan] = []
        for m in (after or self.p.PT_AFTER_NAME).finditer(text):
            words = list(self.p.ONE_NAME_WORD.finditer(text, max(0, m.start() - 40), m.start()))
            start = None
            for word in reversed(words[-3:]):
                if text[word.end() : (start if start is not None else m.start())].strip():
                    break
                if start is None and self.is_initials(word.group(), cued=True):
                    start = word.start()  # "DB (pt of NP Harlan)"
                    break
                # Before a doctor's "pt" a lowercase word must be a known name ("colvexa -
                # dr mendoza's pt" names a drug); before "(pt)" any name-like word.
                if not self._is_name(word.group(), cased=True, strong=after is None):
                    break
                start = word.start()
            if start is not None and not self.role_before(text, start):
                spans.append((start, m.start(), "PATIENT_NAME"))
        return spans

    def after_names(self, text: str, names: list[PiiSpan]) -> list[PiiSpan]:
        """A date or record number written right after a patient's name."""
        spans: list[PiiSpan] = []
        for _, end, _ in names:
            date = self.p.DATE_AFTER_NAME.match(text, end)
            if date:
                spans.append((date.start("value"), date.end("value"), "DOB"))
                continue
            record = self.p.ID_AFTER_NAME.match(text, end)
            if record and not self.p.PHONE.fullmatch(record.group("value")):
                spans.append((record.start("value"), record.end("value"), "MRN"))
        return spans

    def typo_of_common_word(self, word: str) -> bool:
        """One edit away from an ordinary word ("reportd", "complaned"): a typo, not a name.

        Only asked about unknown lowercase words after a patient cue, so the few hundred
        set lookups stay off the common path."""
        if len(word) < 5:
            return False
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        for head, tail in splits:
            if tail and head + tail[1:] in self.lex.common_words:
                return True
            if len(tail) > 1 and head + tail[1] + tail[0] + tail[2:] in self.lex.common_words:
                return True
            for letter in _LETTERS:
                if head + letter + tail in self.lex.common_words:
                    return True
                if tail and head + letter + tail[1:] in self.lex.common_words:
                    return True
        return False

    def role_before(self, text: str, start: int) -> bool:
        """A role right before a name: "NP Gomez", "PA (physician asst) Tom Ruiz"."""
        m = self.p.WORD_BEFORE.search(text, max(0, start - 30), start)
        return m is not None and m.group(1).lower().rstrip(".") in self.lex.staff_titles

    def _contraction(self, low: str) -> bool:
        """don't, I'll, they're: an apostrophe word that is not a name like O'Hara."""
        head, _, tail = low.replace("’", "'").partition("'")
        return bool(tail) and (tail in _CONTRACTION_TAILS or head + tail in self.lex.common_words)

    def role_follows(self, text: str, end: int) -> bool:
        return self.p.ROLE_AFTER_NAME.match(text, end) is not None
