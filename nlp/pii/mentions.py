"""Names that only make sense next to other evidence: initials, nicknames, later mentions.

- Initials are a patient's when a cue says so ("pt JD", "her pt k.m.", "initials K.L.M.")
  or an age and sex follow ("J.D. (72M)").
- A nickname the note introduces for a patient: "Robert 'Bobby' Chen", "goes by Bobby".
- Every part of a patient name registers; a later standalone mention of that part is the
  same patient ("Jane Doe had a rash ... call Jane at ..."), unless a role claims it
  ("Dr. Doe"). An HCP's first name is never registered, so "Dr. Jane Smith ... Jane said"
  stays.
"""

import re

from nlp.pii.context import Sentences
from nlp.pii.lone_names import is_colleague
from nlp.pii.names import NameFinder, PiiSpan
from nlp.pii.rules import PiiRules

NAME = "PATIENT_NAME"
# How a registered name part was written; later mentions must be written alike.
INITIALS, LOWER, CASED = "initials", "lower", "cased"


class MentionFinder:
    """Initials, nicknames and repeated name parts; shares the name rules of ``NameFinder``."""

    def __init__(self, rules: PiiRules, names: NameFinder) -> None:
        self.p = rules.patterns
        self.lex = rules.lexicon
        self.names = names

    # -- initials -----------------------------------------------------------------------

    def initials(self, text: str) -> list[PiiSpan]:
        """Initials before an age and sex, dotted initials, or initials after "initials"."""
        p = self.p
        spans: list[PiiSpan] = []
        if p.AGE_HINT.search(text):
            for age in p.AGE_SEX.finditer(text):
                m = p.INITIALS_BEFORE_AGE.search(text, max(0, age.start() - 16), age.start())
                if m and self.names.is_initials(m.group("initials"), cued=False):
                    spans.append((m.start("initials"), m.end("initials"), NAME))
                    continue
                named = self.name_before(text, age.start())
                if named:
                    spans.append(named)
        if p.DOTTED_HINT.search(text):
            # "B.O., had a seizure", "J.D. (different pt)": dotted initials need no cue,
            # unless a role claims them ("Dr. J.D. Ames").
            for m in p.DOTTED_INITIALS.finditer(text):
                if self.names.is_initials(m.group(), cued=False) and not self.names.role_before(
                    text, m.start()
                ):
                    spans.append((m.start(), m.end(), NAME))
        for m in p.INITIALS_SLOT.finditer(text):
            if self.names.is_initials(m.group("initials"), cued=True):
                spans.append((m.start("initials"), m.end("initials"), NAME))
        trailer = p.NOTE_TRAILER.search(text, max(0, len(text) - 24))
        if trailer and self._signed_off(trailer.group("name")):
            spans.append((trailer.start("name"), trailer.end("name"), NAME))
        if p.INITIALS_HINT.search(text):
            for cue in p.INITIALS_CUE.finditer(text):
                token = p.INITIALS_TOKEN.match(text, cue.end())
                if token and self.names.is_initials(token.group(), cued=True):
                    spans.append((token.start(), token.end(), NAME))
        return spans

    def _signed_off(self, value: str) -> bool:
        """A note's last words are a patient's: initials, or an initial and a surname."""
        if "." in value[:2]:
            surname = value[2:].strip().lower()
            return (
                value[0].isupper() == value[2:].strip()[:1].isupper()
                and surname not in self.lex.common_words
                and surname not in self.lex.not_names
                and surname not in self.names.ignore_words
            )
        # Two bare letters only: three at the end are shorthand ("MIR", "TBD").
        return len(value) == 2 and self.names.is_initials(value, cued=True)

    def name_before(self, text: str, pos: int) -> PiiSpan | None:
        """A person written right before an age or a birth date ("Edith (72F)", "Tobias DOB
        ..."): a listed first name or surname, no role before it."""
        m = self.p.NAME_BEFORE_AGE.search(text, max(0, pos - 40), pos)
        if m and self._person_name(text, m.start("name"), m.group("name")):
            return (m.start("name"), m.end("name"), NAME)
        return None

    def _person_name(self, text: str, start: int, name: str) -> bool:
        words = [w.lower() for w in name.split()]
        lex = self.lex
        if any(
            w in lex.not_names or w in lex.top_words or w in self.names.ignore_words for w in words
        ):
            return False
        if not (words[0] in lex.first_names or words[-1] in lex.surnames):
            return False
        return not self.names.role_before(text, start)

    # -- nicknames ----------------------------------------------------------------------

    def nicknames(self, text: str, sentences: Sentences, names: list[PiiSpan]) -> list[PiiSpan]:
        spans: list[PiiSpan] = []
        if self.p.NICK_QUOTE_HINT.search(text):
            for m in self.p.NICK_IN_NAME.finditer(text):
                first, nick, last = m.group("first"), m.group("nick"), m.group("last")
                if self._nick_full_name(text, m.start(), first, nick, last):
                    spans.append((m.start(), m.end(), NAME))
        for start, end, _ in names:
            bracket = self.p.NICK_IN_BRACKETS.match(text, end)
            if bracket and self._plausible_nick(bracket.group("nick")):
                spans.append((bracket.start("nick"), bracket.end("nick"), NAME))
            before = self.p.NICK_BEFORE_BRACKET.search(text, max(0, start - 20), start)
            if before and not self.names.role_before(text, before.start()):
                nick = before.group("nick")
                if self.names.is_initials(nick, cued=True) or self._plausible_nick(nick):
                    spans.append((before.start("nick"), before.end("nick"), NAME))
        if self.p.NICK_CUE_HINT.search(text):
            for m in self.p.NICK_CUE.finditer(text):
                nick = m.group("nick")
                # "goes by Bud": after these cues a capitalised word is a name even when it
                # is also a common word; "known as", "called" need the word to look like one.
                strong = m.group().lower().startswith(("go", "went", "nick")) and nick[:1].isupper()
                plausible = self._plausible_nick(nick) or (
                    strong and nick.lower() not in self.lex.not_names and len(nick) > 1
                )
                if plausible and self._patient_context(text, sentences, m.start(), names):
                    spans.append((m.start("nick"), m.end("nick"), NAME))
        return spans

    def _nick_full_name(self, text: str, start: int, first: str, nick: str, last: str) -> bool:
        lex = self.lex
        if self.names.role_before(text, start):
            return False  # "Dr. William 'Bill' Ames" is the HCP
        known = first.lower() in lex.first_names or nick.lower() in lex.first_names
        # Three capitalised words with the middle one quoted are a name even when none is
        # listed ("Alberta 'Bertie' Sloane"), unless one is an ordinary word.
        shaped = all(
            w[0].isupper() and w.lower() not in lex.common_words for w in (first, nick, last)
        )
        return (
            (known or shaped)
            and last.lower() not in lex.not_names
            and last.lower() not in lex.top_words
            and first.lower() not in lex.not_names
        )

    def _plausible_nick(self, nick: str) -> bool:
        low = nick.lower().rstrip("'’")
        if low in self.lex.not_names or low in self.names.ignore_words or len(low) < 2:
            return False
        if low in self.lex.first_names:
            return True
        # Capitalised mid-sentence after "goes by": a name even if it is also a word ("Tuck").
        return nick[0].isupper() and low not in self.lex.top_words

    def _patient_context(
        self, text: str, sentences: Sentences, start: int, names: list[PiiSpan]
    ) -> bool:
        """The person the nickname belongs to is a patient: the nearest person before it
        in its sentence is a patient name or cue, not a role ("Dr. Ames goes by Bill")."""
        begin, _ = sentences.bounds(start, start)
        before = text[begin:start]
        patient_at = max((end for s, end, _ in names if begin <= s < start), default=-1)
        cues = [m.end() for m in self.p.CUE_START.finditer(before)]
        if cues:
            patient_at = max(patient_at, begin + cues[-1])
        role_at = -1
        for word in self.p.MENTION_WORD.finditer(before):
            if word.group().lower().rstrip(".") in self.lex.staff_titles:
                if before[: word.start()].rstrip().lower().endswith((" of", "'s", "’s")):
                    continue  # "pt of Dr Amari's": the patient is still the subject
                role_at = begin + word.end()
        if patient_at < 0 and role_at < 0:
            # No one named in the sentence: "goes by Bobby" after a patient sentence.
            return bool(names) and any(s < start for s, _, _ in names)
        return patient_at > role_at

    # -- staff ----------------------------------------------------------------------------

    def staff(self, text: str) -> tuple[set[str], list[PiiSpan]]:
        """Staff named after a role ("RN Tasha", "Dr. Jane Smith", "her NP is Jo Anne Pike"):
        their lowercase name words, and every capitalised mention of those words."""
        words: set[str] = set()
        capitalised = list(self.p.CAP_WORD.finditer(text))
        follows = False
        for i, m in enumerate(capitalised):
            # A name runs on over adjacent capitalised words: "Dr. Jane Smith".
            adjacent = i and capitalised[i - 1].end() + 1 == m.start() and follows
            if adjacent or self.names.role_before(text, m.start()):
                low = m.group().lower()
                follows = low not in self.lex.not_names and low not in self.lex.top_words
                if follows:
                    words.add(low)
            elif self._known_name(m.group()) and (
                self.names.role_follows(text, m.end())
                or is_colleague(self.p, text, m.start(), m.end())
            ):
                # "Linda Park (office mgr)": the role claims the whole name before it,
                # unless a patient cue names it ("pt Lee (Dr. Chen's)").
                run = self._name_run_before(capitalised, i)
                if not self.p.PATIENT_CUE_BEFORE.search(text, max(0, m.start() - 40), m.start()):
                    words |= run
                follows = False
            else:
                follows = False
        mentions = [
            (m.start(), m.end(), "STAFF") for m in capitalised if m.group().lower() in words
        ]
        return words, mentions

    def _known_name(self, word: str) -> bool:
        low = word.lower()
        return low in self.lex.first_names or low in self.lex.surnames

    def _name_run_before(self, capitalised: list[re.Match[str]], i: int) -> set[str]:
        """Lowercase words of the capitalised run ending at ``capitalised[i]``."""
        run = {capitalised[i].group().lower()}
        while i and capitalised[i - 1].end() + 1 == capitalised[i].start():
            i -= 1
            run.add(capitalised[i].group().lower())
        lex = self.lex
        # Only words the name data knows: "Meanwhile hub sent", "Birchwood Dr" are no one.
        return {
            w
            for w in run
            if (w in lex.first_names or w in lex.surnames)
            and w not in lex.not_names
            and w not in lex.top_words
        }

    # -- later mentions -----------------------------------------------------------------

    def repeats(self, text: str, names: list[PiiSpan]) -> list[PiiSpan]:
        """Standalone mentions of the parts of patient names found elsewhere in the note."""
        registry = self._register(text, names)
        if not registry:
            return []
        cased = text != text.lower()
        taken = sorted((s, e) for s, e, _ in names)
        spans: list[PiiSpan] = []
        prefixes = self._short_forms(registry)
        for m in self.p.MENTION_WORD.finditer(text):
            word = self.p.POSSESSIVE.sub("", m.group())
            key = word.replace(".", "").lower()
            if key not in registry:
                # "Clifford ... Cliff says": a listed short form that starts a registered
                # first name is the same person, written with a capital like a name.
                if key in prefixes and word[0].isupper() and not word.isupper():
                    key = prefixes[key]
                else:
                    continue
            start, end = m.start(), m.start() + len(word)
            if any(s < end and start < e for s, e in taken):
                continue
            if not self._mention_ok(text, word, key, registry[key], start, end, cased):
                continue
            spans.append((start, end, NAME))
        return spans

    def _short_forms(self, registry: dict[str, str]) -> dict[str, str]:
        """Listed given names that are the start of a registered one: "cliff" -> "clifford"."""
        forms: dict[str, str] = {}
        for part, written in registry.items():
            if written == INITIALS or part not in self.lex.first_names:
                continue
            for size in range(3, len(part) - 1):
                short = part[:size]
                if short in self.lex.first_names and short not in self.lex.top_words:
                    forms.setdefault(short, part)
        return forms

    def _register(self, text: str, names: list[PiiSpan]) -> dict[str, str]:
        """Name part (lowercase, no dots) -> how it was written: ``initials``, ``lower``
        (the note wrote the name in lowercase) or ``cased``."""
        registry: dict[str, str] = {}
        for start, end, kind in names:
            if kind != NAME:
                continue
            value = text[start:end]
            letters = value.replace(".", "").replace(" ", "")
            if (
                letters.isalpha()
                and len(letters) <= 3
                and ("." in value or value.isupper() or value.islower())
                and letters.lower() not in self.lex.first_names
            ):
                registry[letters.lower()] = INITIALS  # "J.D.", "JD", "jd" -> "jd"
                continue
            # Quotes and brackets around a nickname are not part of it: "Robert 'Bobby' Chen".
            for m in self.p.MENTION_WORD.finditer(self.p.NAME_QUOTES.sub(" ", value)):
                word = self.p.POSSESSIVE.sub("", m.group())
                low = word.lower()
                if len(low) < 2 or "." in low or low in self.lex.name_particles:
                    continue
                if low in self.lex.not_names or low in self.names.ignore_words:
                    continue
                registry.setdefault(low, LOWER if word.islower() else CASED)
        return registry

    def _mention_ok(
        self, text: str, word: str, key: str, written: str, start: int, end: int, cased: bool
    ) -> bool:
        if written == INITIALS:
            # Initials come back as initials: "JD", "J.D.", "jd" - not as part of a word.
            return self.names.is_initials(word, cued=True)
        if cased and written == CASED and not word[0].isupper():
            return False  # "Rose White ... white count rose": the name was capitalised
        if key in self.lex.top_words and not (cased and word[0].isupper()):
            return False  # "pt will ... will call": an ordinary word, not a capitalised name
        # "Dr. Chen" when the patient is Robert Chen is the HCP.
        return not (self.names.role_before(text, start) or self.names.role_follows(text, end))
