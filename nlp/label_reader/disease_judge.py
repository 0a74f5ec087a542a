"""Diseases said of a use, against a label: another disease, a subtype or severity the
label does not list, and what the label excludes."""

import re
from typing import Any

from nlp.label_reader import note
from nlp.label_reader.constraints import LabelConstraints
from nlp.label_reader.sentence import GIVING, Sentence, inside, token_fact
from nlp.label_reader.terms import CONDITION, SEVERITY, Term, group_of, looks_like_disease
from nlp.label_reader.violation import CONDITION_KIND, EXCLUSION, Violation

_WORD = re.compile(r"[a-z][a-z0-9'\-]+")
_GENERIC_STEMS = frozenset(["syndro", "diseas", "disord", "defici", "condit", "infect", "use"])


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_GENERIC_NOUNS = _words(
    "disease cases case pts patients pt ones form forms sx symptoms kids adults version "
    "stuff presentation flares flare"
)

_USE_CUES = _words(
    "for treat treats treating treated treatment using use uses used try trying tried "
    "indication indicated approved start starting started give giving gave given "
    "prescribe prescribing prescribed rx put helps help work works working"
)

_EVENT_CUES = _words(
    "developed develop developing develops had got gets getting onset caused causing experienced "
    "experiencing admitted hospitalized worsening worsened new paradoxical induced reported "
    "after since risk risks worried worry concern concerned warning episode bout case "
    "outbreak"
)

_SHAPED_WORD = re.compile(r"\b[A-Za-z][A-Za-z-]{3,}\b")

# "she's only mild", "pt is pretty mild": a grade said of the patient or the disease
_APPOSITION = re.compile(r"\s*(?:,|\(|-|–|:)\s*(?:but\s+|only\s+|just\s+)?")
_CLAUSE_ENDS = re.compile(r"\s*(?:[.;,)!?]|$|\s-\s)")
_SEVERITY_PREDICATE = re.compile(
    r"(?:\b(?:is|'s|are|was|were|seems|looks|only|just|still|pretty|fairly|quite|very|too)\s+)$",
    re.I,
)


class DiseaseJudge:
    """The disease checks of ``Judge``: one catalog's constraints and the lexicon."""

    def __init__(self, constraints: dict[str, LabelConstraints], lexicon: dict[str, Any]) -> None:
        self.constraints = constraints
        self.lexicon = lexicon
        history = [re.escape(w.lower()) for w in self.lexicon.get("history_cues", [])]
        self._history_pattern = re.compile(rf"(?:^|\s)(?:{'|'.join(history) or '(?!)'})(?:\s|$)")

    def conditions(self, s: Sentence, terms: list[Term], doc: Any) -> list[Violation]:
        out: list[Violation] = []
        for i, term in enumerate(terms):
            if term.kind == SEVERITY:
                out += self._severity(s, terms, i)
            if term.kind != CONDITION or not self._is_use(doc, term.start, term.end, strict=False):
                continue
            product = s.nearest(term.start_char)
            label = self.constraints.get(product or "")
            if not label or not label.conditions:
                continue
            approved = any(c.name == term.value for c in label.conditions)
            if not approved and (
                not self._is_use(doc, term.start, term.end) or note.EVENT_WORDS.search(s.visible)
            ):
                continue  # another disease must be named as the use, not as an event
            quals = _qualifiers_before(terms, i) + ([term.extra] if term.extra else [])
            detail = self._condition_problem(term.value, quals, label)
            if detail:
                out.append(s.violation(term, product or "", CONDITION_KIND, detail))
        out += self._unknown_conditions(s, terms, doc)
        return out

    def _unknown_conditions(self, s: Sentence, terms: list[Term], doc: Any) -> list[Violation]:
        """Diseases no lexicon lists, known by their shape ("...itis", "... syndrome"), used
        for a product whose label does not name them."""
        out: list[Violation] = []
        shaped = [
            m for m in _SHAPED_WORD.finditer(s.visible) if looks_like_disease(m.group(0).lower())
        ]
        if not shaped or note.EVENT_WORDS.search(s.visible):
            return out
        covered = {i for t in terms for i in range(t.start, t.end)}
        first = doc.char_span(s.start, s.end, alignment_mode="expand")
        if first is None:
            return out
        for match in shaped:
            found = doc.char_span(s.start + match.start(), s.start + match.end())
            if found is None or len(found) != 1:
                continue
            token = found[0]
            if token.i in covered:
                continue
            if inside(token.idx, s.skipped) or not self._is_use(doc, token.i, token.i + 1):
                continue
            product = s.nearest(token.idx)
            label = self.constraints.get(product or "")
            if not label or not label.conditions:
                continue
            phrase = [t.lower_ for t in doc[max(first.start, token.i - 2) : token.i + 1]]
            approved = self._approved_stems(label)
            if any(w[:6] in approved for w in phrase):
                continue
            shown = _shown_name(doc, token)
            names = "; ".join(c.name for c in label.conditions)
            out.append(s.violation(token_fact(token), product or "", CONDITION_KIND,
                                   f"{shown} not in label ({names})"))  # fmt: skip
        return out

    def _approved_stems(self, label: LabelConstraints) -> set[str]:
        stems: set[str] = set()
        for condition in label.conditions:
            forms = [condition.name, *self.lexicon["conditions"].get(condition.name, [])]
            forms += [a for a, c in self.lexicon["conditions_cased"].items() if c == condition.name]
            for form in forms:
                stems |= {w[:6] for w in _WORD.findall(form.lower())}
        return stems

    def _is_use(self, doc: Any, start: int, end: int, strict: bool = True) -> bool:
        """A disease named as the use ("for HS", "in pts w/ CIDP"), not as an event the
        patient had, a history, a risk, or a doctor's name ("Dr. Nash"). ``strict`` also
        asks for a word of use before it ("for", "using", "treat")."""
        before = [t.lower_ for t in doc[max(0, start - 6) : start]]
        if not before:
            return False
        if before[-1] in {"dr", "dr.", "np", "pa", "mr", "ms", "mrs", "non", "non-", "no", "w/o"}:
            return False
        if doc[start].lower_.startswith("non-"):
            return False
        if set(before) & _EVENT_CUES or self._is_history(doc, start):
            return False
        after = [t.lower_ for t in doc[end : end + 2]]
        if set(after) & {"outbreak", "flare", "flares", "reaction", "risk", "like", "-like",
                         "history", "hx"}:  # fmt: skip
            return False
        return not strict or bool(set(before) & _USE_CUES)

    def _condition_problem(
        self, name: str, quals: list[str], label: LabelConstraints
    ) -> str | None:
        names = [c.name for c in label.conditions]
        same = [c for c in label.conditions if c.name == name]
        for approved in same:
            for q in quals:
                group = group_of(self.lexicon, q)
                if group == "frequency" and name not in self.lexicon.get("frequency_heads", []):
                    continue
                allowed = [a for a in approved.qualifiers if group_of(self.lexicon, a) == group]
                if allowed and q not in allowed:
                    return f"{q} {name} vs {' or '.join(allowed)} {name}"
        if same:
            return None
        head = name.split()[-1]
        for approved_name in names:
            if approved_name.endswith(" " + name) or name.endswith(" " + approved_name):
                return None  # "lymphoma" said of a follicular-lymphoma label
            if approved_name.split()[-1] == head and len(head) > 3:
                return f"{name} vs {approved_name}"
        if any(name in e.text.lower() for e in label.exclusions):
            return None  # reported as an exclusion
        return f"{name} not in label ({'; '.join(names)})"

    def _severity(self, s: Sentence, terms: list[Term], i: int) -> list[Violation]:
        term = terms[i]
        follower = next((t for t in terms[i + 1 :] if t.kind == CONDITION), None)
        near_condition = follower is not None and follower.start - term.end <= 3
        # "patchy AA, not severe", "psoriasis (mild)": the grade set after the disease
        previous = terms[i - 1] if i > 0 else None
        if (
            not near_condition
            and previous is not None
            and previous.kind == CONDITION
            and _APPOSITION.fullmatch(
                s.text[previous.end_char - s.start : term.start_char - s.start]
            )
            and _CLAUSE_ENDS.match(s.text[term.end_char - s.start :])
        ):
            follower, near_condition = previous, True
        next_words = _WORD.findall(
            s.text[term.end_char - s.start : term.end_char - s.start + 25].lower()
        )
        before = s.text[: term.start_char - s.start]
        predicate = bool(_SEVERITY_PREDICATE.search(before)) and not next_words[:1]
        if not near_condition and not (set(next_words[:2]) & _GENERIC_NOUNS) and not predicate:
            return []
        out = []
        grades = term.value.split("+")
        products = [s.nearest(term.start_char)] if near_condition else s.patients
        for product in products:
            label = self.constraints.get(product or "")
            if not label:
                continue
            conditions = label.conditions
            if near_condition and follower is not None:
                conditions = [c for c in conditions if c.name == follower.value] or []
                if not conditions:
                    continue
            allowed = sorted({g for c in conditions for g in c.severity})
            if allowed and set(grades) - set(allowed):
                detail = f"{'-to-'.join(grades)} vs {'-to-'.join(allowed)}"
                out.append(s.violation(term, product or "", CONDITION_KIND, detail))
        return out

    def exclusions(self, s: Sentence, terms: list[Term], doc: Any) -> list[Violation]:
        keys = {w[:6] for w in _WORD.findall(s.visible.lower())}
        out: list[Violation] = []
        for i, term in enumerate(terms):
            if term.kind != CONDITION or not self._is_use(doc, term.start, term.end, strict=False):
                continue
            product = s.nearest(term.start_char)
            label = self.constraints.get(product or "")
            quals = _qualifiers_before(terms, i) + ([term.extra] if term.extra else [])
            for exclusion in label.exclusions if label else []:
                if self._excludes(exclusion, term.value, quals, keys):
                    detail = f"not for {exclusion.text}"
                    out.append(s.violation(term, product or "", EXCLUSION, detail))
        combined = bool(note.COMBINED.search(s.visible))
        for product in dict.fromkeys(s.patients):
            for exclusion in self.constraints[product].exclusions:
                if exclusion.conditions or not exclusion.keys:
                    continue
                if exclusion.combination:
                    hit = combined and bool(set(exclusion.keys) & keys)
                else:
                    specific = set(exclusion.keys) - _GENERIC_STEMS
                    hit = (specific or set(exclusion.keys)) <= keys
                if hit and (exclusion.combination or GIVING.search(s.visible) or "for" in keys):
                    verb = "in" if exclusion.combination else "for"
                    span = note.Fact(s.start, s.end, 0.0, "")
                    out.append(
                        s.violation(span, product, EXCLUSION, f"not {verb} {exclusion.text}")
                    )
        return out

    def _excludes(self, exclusion: Any, name: str, quals: list[str], keys: set[str]) -> bool:
        for excluded in exclusion.conditions:
            if excluded.name != name:
                continue
            wanted = [
                q
                for q in excluded.qualifiers
                if group_of(self.lexicon, q) != "frequency"
                or name in self.lexicon.get("frequency_heads", [])
            ]
            if wanted and not set(quals) & set(wanted):
                continue
            surface = {w[:6] for f in self.lexicon["conditions"].get(name, []) + [name]
                       for w in _WORD.findall(f)}  # fmt: skip
            surface |= {w[:6] for q in excluded.qualifiers for w in _WORD.findall(q)}
            extra = set(exclusion.keys) - surface
            if extra <= keys:
                return True
        return False

    def _is_history(self, doc: Any, start: int) -> bool:
        before = " ".join(t.lower_ for t in doc[max(0, start - 3) : start])
        return bool(self._history_pattern.search(before))


def _shown_name(doc: Any, token: Any) -> str:
    """The disease word, with the word before it when that is a medical modifier (never a
    name: only lower-case words ending like "trigeminal", "chronic", "post-traumatic")."""
    previous = doc[token.i - 1] if token.i > 0 else None
    if previous is not None and re.fullmatch(r"[a-z-]+(?:ic|al|ous|ary|ive|oid)", previous.text):
        return f"{previous.text} {token.lower_}"
    return token.lower_


def _qualifiers_before(terms: list[Term], index: int) -> list[str]:
    quals = []
    for other in terms[:index][::-1]:
        if terms[index].start - other.end > 3 or other.kind == CONDITION:
            break
        if other.kind == "qualifier":
            quals.append(other.value)
    return quals
