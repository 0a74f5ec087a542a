"""Compare what a note says about a use with what the label allows.

Each fact is tied to a product: patient facts (age, pregnancy, sex, weight, line of
therapy) to every own product named in the sentence, or, in a sentence naming none, to
those of the last sentence that named one; use facts (condition, dose, interval, route,
repeat dose) to the product mention nearest to them, so "switched from Rivalbrand q2w to
Ownbrand" judges the interval against the competitor (which is not judged at all).
Facts inside negated clauses or inside the rep's own words about the label are skipped.
"""

import re
from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from nlp.label_reader import note
from nlp.label_reader.constraints import LabelConstraints, age_range, interval_name
from nlp.label_reader.patterns import bsa_in, doses_in, intervals_in
from nlp.label_reader.terms import CONDITION, ROUTE, SEVERITY, Term, group_of, looks_like_disease
from nlp.textutil import doc_text

POPULATION = "population"
CONDITION_KIND = "condition"
DOSE = "dose"
INTERVAL = "interval"
ROUTE_KIND = "route"
EXCLUSION = "exclusion"
LINE = "line"
COMBINATION = "combination"
REQUEST = "request"  # the rep declined: which constraint is not stated

_WORD = re.compile(r"[a-z][a-z0-9'\-]+")
_GENERIC_STEMS = frozenset(["syndro", "diseas", "disord", "defici", "condit", "infect", "use"])


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_GENERIC_NOUNS = _words(
    "disease cases case pts patients pt ones form forms sx symptoms kids adults version "
    "stuff presentation flares flare"
)
_NOT_A_ROUTE_AFTER = _words(
    "therapy therapies treatment treatments steroids steroid corticosteroids agents agent "
    "medications meds fluids fluid hydration antibiotics abx iron access line team surgeon "
    "surgery health presentation contraceptive contraceptives chair center centre suite nurse "
    "nurses"
)
_NOT_A_ROUTE_BEFORE = frozenset(
    ["class", "stage", "grade", "type", "phase", "level", "nyha", "-", "ii", "iii"]
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
_GIVING = re.compile(
    r"\b(?:dos(?:e|es|ed|ing)|inject\w*|shots?|jabs?|pens?|gave|give|giving|given|use|using|used|"
    r"take|taking|took|apply|applying|applied|infus\w*|administ\w*|mg|ml|mcg|space\w*|"
    r"extend\w*|shorten\w*|stretch\w*|instead of|interval|schedule|regimen|wear\w* off|"
    r"prescrib\w*|rx|put|start\w*|switch\w*|vaccinat\w*|immuniz\w*)\b",
    re.I,
)
_REPEAT_BEFORE = re.compile(r"\b(?:2nd|second|3rd|third|another|repeat)\s+(?:dose of\s+)?$", re.I)
_GIVEN_ROUTE = re.compile(
    r"\b(?:gave|give|giving|given|administer\w*|inject\w*|infus\w*|dos\w*|using|use)\s+"
    r"(?:it|them|the (?:dose|shot|injection|vaccine|drug)|this|that)?\s*(?:as an?\s+)?$",
    re.I,
)
# Every interval pattern needs a digit or one of these words: a sentence without any skips
# the eleven interval patterns.
_MAY_HAVE_INTERVAL = re.compile(
    r"\d|every|daily|weekly|monthly|yearly|annual|nightly|quarterly|fortnightly|twice|thrice|"
    r"once|season|apart|\bb\.?i\.?d|\bt\.?i\.?d|\bq\.?i\.?d|\bq\.?d\b|\bq(?:od|hs|am|pm|w|wk|mo)\b|"
    r"\bq\s?(?:one|two|three|four|six|eight|twelve|other)",
    re.I,
)
_INSTEAD_AFTER = re.compile(r"\s*(?:instead|rather than|vs\.? (?:the )?label)\b", re.I)
_STRENGTH_BEFORE = re.compile(r"\b(?:samples?|boxes|box|packs?|strengths?) of (?:the )?$", re.I)
_STRENGTH_AFTER = re.compile(
    r"\s*(?:devices?|tabs?|tablets?|pens?|vials?|strengths?|capsules?|caps|syringes?|sprays? each|"
    r"packs?|boxes|bottles?)\b",
    re.I,
)
# "she's only mild", "pt is pretty mild": a grade said of the patient or the disease
_SEVERITY_PREDICATE = re.compile(
    r"(?:\b(?:is|'s|are|was|were|seems|looks|only|just|still|pretty|fairly|quite|very|too)\s+)$",
    re.I,
)
# An interval within 25% and within 10% (or a day) of a labelled one is the same: 4 weeks ~
# monthly, 12 weeks ~ every 3 months; 5 months is not every 6 months, nor 5 days weekly. A
# window between doses of a series ("2 to 6 months after") has 25% to spare at each end.
_RATIO = 1.25
_SAME_INTERVAL = 0.1
_SAME_INTERVAL_DAYS = 1.0

Mention = tuple[int, int, str, str, int, int]  # start, end char; kind; ref; token start, end


@dataclass(frozen=True)
class Violation:
    start: int
    end: int
    product: str
    kind: str  # population | condition | dose | interval | route | exclusion | line | combination
    detail: str

    @property
    def reason(self) -> str:
        return f"{self.kind}: {self.detail}"


class Judge:
    """Holds one catalog's constraints and the lexicon's terms; ``violations(doc)``."""

    def __init__(self, constraints: dict[str, LabelConstraints], terms: Any) -> None:
        self.constraints = constraints
        self.terms = terms
        self.lexicon: dict[str, Any] = terms.lexicon
        self._route_words = set(self.lexicon.get("note_route_words", []))
        history = [re.escape(w.lower()) for w in self.lexicon.get("history_cues", [])]
        self._history_pattern = re.compile(rf"(?:^|\s)(?:{'|'.join(history) or '(?!)'})(?:\s|$)")

    def violations(self, doc: Any, sentences: list[tuple[int, int]]) -> list[Violation]:
        mentions: list[Mention] = [
            (s.start_char, s.end_char, s.label_, s.kb_id_, s.start, s.end)
            for s in doc.spans.get("catalog", [])
            if s.label_ in ("own_product", "competitor")
        ]
        if not any(m[2] == "own_product" and m[3] in self.constraints for m in mentions):
            return []
        text = doc_text(doc)
        special = bool(note.SPECIAL_SITUATION.search(text))
        assets = [(s.start_char, s.end_char) for s in doc.spans.get("catalog", [])
                  if s.label_ == "content_asset"]  # fmt: skip
        negated = scope_offsets(doc)
        skip = assets + negated + note.quoted_scopes(text)
        terms = [t for t in self.terms.find(doc) if not _inside(t.start_char, skip)]
        view = _NoteView(text, skip, mentions)
        found: list[Violation] = []
        carried: list[str] = []
        for start, end in sentences:
            in_sentence = [m for m in mentions if start <= m[0] < end]
            own = [m[3] for m in in_sentence if m[2] == "own_product" and m[3] in self.constraints]
            if in_sentence:
                carried = list(dict.fromkeys(own))
            patients = list(dict.fromkeys(own)) if in_sentence else carried
            sentence = _Sentence(view, start, end, in_sentence, patients)
            sent_terms = [t for t in terms if start <= t.start_char < end]
            found += self._population(sentence)
            found += self._use(sentence, sent_terms, doc)
        if special:
            # An error or an exposure is reported, not chosen; but a wrong route or a dose
            # beyond a one-dose product is still a use outside the label.
            found = [v for v in found if _administered_against_label(v)]
        if not found:
            found = self._declined(doc, mentions, sentences)
        unique: dict[tuple[str, str], Violation] = {}
        for violation in found:
            unique.setdefault((violation.product, violation.reason), violation)
        return list(unique.values())

    def _declined(
        self, doc: Any, mentions: list[Mention], sentences: list[tuple[int, int]]
    ) -> list[Violation]:
        """No fact broke a constraint, but the rep names the label's limit: the HCP asked."""
        negated = scope_offsets(doc)
        own = [m for m in mentions if m[2] == "own_product" and m[3] in self.constraints]
        out = []
        for fact in note.label_limits_in(doc_text(doc)):
            if _inside(fact.start, negated):
                continue
            before = [m for m in mentions if m[0] <= fact.start]
            if before and before[-1][2] != "own_product":
                continue  # "Lyrelta isn't approved <18": a competitor's label
            product = ([m for m in own if m[0] <= fact.start] or own)[-1][3]
            detail = f"request outside the label (rep: {fact.text})"
            out.append(Violation(fact.start, fact.end, product, REQUEST, detail))
        return out[:1]

    # -- patient facts -----------------------------------------------------------------

    def _population(self, s: "_Sentence") -> list[Violation]:
        out: list[Violation] = []
        for product in s.patients:
            label = self.constraints[product]
            for age in s.facts(note.ages_in):
                if s.nearest_own(age.start) != product or s.competitor_nearest(age.start):
                    continue  # "Baracor for kids, Hepavira for adults"
                if label.min_age is not None and age.high < label.min_age:
                    detail = f"age {age.text} < {age_range(label.min_age, None)[3:]}"
                    out.append(s.violation(age, product, POPULATION, detail))
                elif label.max_age is not None and age.low > label.max_age:
                    detail = f"age {age.text} > {label.max_age:g}"
                    out.append(s.violation(age, product, POPULATION, detail))
            if label.min_weight_kg is not None:
                for weight in s.facts(note.weights_in):
                    if weight.value < label.min_weight_kg:
                        detail = f"weight {weight.value:g} kg < {label.min_weight_kg:g}"
                        out.append(s.violation(weight, product, POPULATION, detail))
            out += self._pregnancy(s, product, label)
            if label.sex:
                for fact in s.facts(note.sexes_in):
                    if fact.text != label.sex and not s.competitor_nearest(fact.start):
                        detail = f"{fact.text} vs {label.sex} only"
                        out.append(s.violation(fact, product, POPULATION, detail))
            for flag, pattern, kind, detail in (
                (label.later_line, note.FIRST_LINE, LINE, "first-line vs after a prior therapy"),
                (
                    label.monotherapy_only,
                    note.COMBINATION,
                    COMBINATION,
                    "combined vs monotherapy only",
                ),
                (label.adjunct_only, note.MONOTHERAPY, COMBINATION, "alone vs add-on only"),
            ):
                for m in s.matches(pattern) if flag else []:
                    if s.nearest(m.start) == product:
                        out.append(s.violation(m, product, kind, detail))
        return out

    def _pregnancy(self, s: "_Sentence", product: str, label: LabelConstraints) -> list[Violation]:
        out: list[Violation] = []
        if note.EXPOSURE.search(s.note_text) or note.REPORTING.search(s.note_text):
            return out  # a pregnancy reported on the drug: an exposure to report, not a use
        for fact in s.facts(note.pregnancy_in):
            if label.pregnancy == "excluded":
                out.append(s.violation(fact, product, POPULATION, "pregnant vs not in pregnancy"))
            elif label.pregnancy == "required" and label.gestation_weeks and fact.value:
                low, high = label.gestation_weeks
                if not low <= fact.value <= high:
                    detail = f"{fact.value:g} weeks pregnant vs {low:g}-{high:g} weeks"
                    out.append(s.violation(fact, product, POPULATION, detail))
        return out

    # -- use facts ---------------------------------------------------------------------

    def _use(self, s: "_Sentence", terms: list[Term], doc: Any) -> list[Violation]:
        out = self._against(s, s.facts(note.dose_gaps_in), _gap_problem)
        out += self._against(s, s.facts(bsa_in), _bsa_problem, own=True)
        out += self._against(s, s.facts(note.repeat_doses_in), _repeat_problem)
        if not note.ACCIDENTAL.search(s.visible):  # a leak or a mix-up is no chosen dose
            intervals = s.facts(intervals_in) + s.facts(note.gaps_instead_in)
            scheduled = [f for f in intervals if _scheduled(s, f)]
            out += self._against(s, scheduled, _interval_problem)
            sub_daily = [f for f in intervals if f.value < 1]
            doses = [d for d in s.facts(doses_in) if not _strength(s, d)]
            out += self._against(
                s, doses, lambda found, label: _dose_problem(found, label, sub_daily)
            )
            out += self._against(s, s.facts(note.durations_in), _duration_problem, own=True)
            out += self._against(s, s.facts(note.multiples_in), _multiple_problem)
        for m in s.mentions:
            before = s.text[max(0, m[0] - s.start - 14) : m[0] - s.start]
            label = self.constraints.get(m[3]) if m[2] == "own_product" else None
            if label and _single_course(label) and _REPEAT_BEFORE.search(before):
                fact = note.Fact(m[0], m[1], 2.0, "")
                out.append(s.violation(fact, m[3], DOSE, "repeat dose vs a single dose"))
        if any(self.constraints[p].prevention_only for p in s.patients):
            for said in s.matches(note.TREATING):
                product = s.nearest_own(said.start)
                if product and self.constraints[product].prevention_only:
                    detail = "treatment vs prevention only"
                    out.append(s.violation(said, product, CONDITION_KIND, detail))
        out += self._routes(s, terms, doc)
        out += self._conditions(s, terms, doc)
        out += self._exclusions(s, terms, doc)
        return out

    def _against(
        self, s: "_Sentence", facts: list[Any], check: "Check", own: bool = False
    ) -> list[Violation]:
        """Each fact judged by ``check`` against the label of the product it concerns: the
        one named nearest it (``own``: the nearest of ours, or the sentence's patient's)."""
        out = []
        for fact in facts:
            product = s.nearest_own(fact.start) if own else s.nearest(fact.start)
            label = self.constraints.get(product or "")
            problem = check(fact, label) if label else None
            if problem:
                out.append(s.violation(fact, product or "", *problem))
        return out

    def _routes(self, s: "_Sentence", terms: list[Term], doc: Any) -> list[Violation]:
        out: list[Violation] = []
        for term in terms:
            if term.kind != ROUTE:
                continue
            surface = doc[term.start : term.end].text
            if surface.lower() not in self._route_words and surface not in ("IV", "IM", "SC", "SQ"):
                continue
            before = doc[term.start - 1].lower_ if term.start > 0 else ""
            after = doc[term.end].lower_ if term.end < len(doc) else ""
            if before in _NOT_A_ROUTE_BEFORE or after in _NOT_A_ROUTE_AFTER:
                continue
            local = (term.start_char - s.start, term.end_char - s.start)
            given = _GIVEN_ROUTE.search(s.visible[max(0, local[0] - 30) : local[0]])
            if not (s.near_use(*local, window=15, verbs_before=0) or given):
                continue
            product = s.nearest(term.start_char)
            label = self.constraints.get(product or "")
            if label and label.routes and term.value not in label.routes:
                detail = f"{term.value} vs {' or '.join(label.routes)}"
                out.append(s.violation(term, product or "", ROUTE_KIND, detail))
        return out

    def _conditions(self, s: "_Sentence", terms: list[Term], doc: Any) -> list[Violation]:
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

    def _unknown_conditions(self, s: "_Sentence", terms: list[Term], doc: Any) -> list[Violation]:
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
            if _inside(token.idx, s.skipped) or not self._is_use(doc, token.i, token.i + 1):
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

    def _severity(self, s: "_Sentence", terms: list[Term], i: int) -> list[Violation]:
        term = terms[i]
        follower = next((t for t in terms[i + 1 :] if t.kind == CONDITION), None)
        near_condition = follower is not None and follower.start - term.end <= 3
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

    def _exclusions(self, s: "_Sentence", terms: list[Term], doc: Any) -> list[Violation]:
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
                if hit and (exclusion.combination or _GIVING.search(s.visible) or "for" in keys):
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


class _NoteView:
    """The note with skipped stretches (negated, the rep's words, asset titles) and brand
    names blanked, so no finder reads them; finders' results are kept per note."""

    def __init__(self, text: str, skip: list[tuple[int, int]], mentions: list[Mention]) -> None:
        self.text = text
        self.skip = skip
        chars = list(text)
        for a, b in [*skip, *((m[0], m[1]) for m in mentions)]:
            chars[a:b] = " " * (min(b, len(chars)) - a)
        self.visible = "".join(chars)
        self._found: dict[Any, list[Any]] = {}

    def found(self, finder: Any) -> list[Any]:
        if finder not in self._found:
            self._found[finder] = finder(self.visible)
        return self._found[finder]


class _Sentence:
    """One sentence: its text with skipped stretches blanked, and its product mentions."""

    def __init__(
        self,
        view: "_NoteView",
        start: int,
        end: int,
        mentions: list[Mention],
        patients: list[str],
    ) -> None:
        self.start, self.end = start, end
        self.view = view
        self.text = view.text[start:end]
        self.note_text = view.text
        self.visible = view.visible[start:end]
        self.mentions = mentions
        self.patients = patients
        self.skipped = view.skip

    def near_use(self, start: int, end: int, window: int = 15, verbs_before: int = 30) -> bool:
        """A product name right beside this stretch ("Quellora q8w"), or a word about giving
        a drug shortly before it ("giving it every 2 wks"); offsets are local."""
        for m in self.mentions:
            if 0 <= m[0] - self.start - end <= window or 0 <= start - (m[1] - self.start) <= window:
                return True
        if _INSTEAD_AFTER.match(self.visible[end:]):
            return True  # "what about every 2 wks instead"
        return bool(_GIVING.search(self.visible[max(0, start - verbs_before) : start]))

    def nearest_own(self, pos: int) -> str | None:
        own = [m for m in self.mentions if m[2] == "own_product"]
        if not own:
            return self.patients[0] if self.patients else None
        return min(own, key=lambda m: min(abs(m[0] - pos), abs(m[1] - pos)))[3]

    def facts(self, finder: Any) -> list[Any]:
        """Facts found in the visible text of this sentence, with offsets in the note (each
        finder runs once over the whole note)."""
        return [f for f in self.view.found(finder) if self.start <= f.start < self.end]

    def matches(self, pattern: re.Pattern[str]) -> list[note.Fact]:
        return [
            note.Fact(self.start + m.start(), self.start + m.end(), 0.0, m.group(0))
            for m in pattern.finditer(self.visible)
        ]

    def competitor_nearest(self, pos: int) -> bool:
        """The mention nearest ``pos`` in this sentence is a competitor's."""
        if not self.mentions:
            return False
        best = min(self.mentions, key=lambda m: min(abs(m[0] - pos), abs(m[1] - pos)))
        return best[2] != "own_product"

    def nearest(self, pos: int) -> str | None:
        """The product named nearest ``pos`` in this sentence (own or competitor), or the
        sentence's carried product when it names none."""
        if not self.mentions:
            return self.patients[0] if len(self.patients) == 1 else None
        best = min(self.mentions, key=lambda m: min(abs(m[0] - pos), abs(m[1] - pos)))
        return best[3] if best[2] == "own_product" else None

    def violation(self, fact: Any, product: str, kind: str, detail: str) -> Violation:
        return Violation(fact.start_char if hasattr(fact, "start_char") else fact.start,
                         fact.end_char if hasattr(fact, "end_char") else fact.end,
                         product, kind, detail)  # fmt: skip


Problem = tuple[str, str]  # (kind, detail)
Check = Callable[[Any, LabelConstraints], Problem | None]


def _scheduled(s: "_Sentence", fact: Any) -> bool:
    """An interval said of giving a drug ("giving it q2w"), not of visits or lunches."""
    local = (fact.start - s.start, fact.end - s.start)
    return note.is_dosing_context(s.visible, *local) and s.near_use(*local)


def _strength(s: "_Sentence", found: Any) -> bool:
    """ "28 mg devices", "samples of the 20mg": what a pack holds, not a dose given."""
    after = s.text[found.end - s.start :]
    return bool(
        _STRENGTH_AFTER.match(after) or _STRENGTH_BEFORE.search(s.text[: found.start - s.start])
    )


def _interval_problem(fact: Any, label: LabelConstraints) -> Problem | None:
    if not (label.intervals or label.interval_ranges) or _allowed(fact.value, label):
        return None
    return INTERVAL, f"{interval_name(fact.value)} vs {_allowed_text(label)}"


def _gap_problem(fact: Any, label: LabelConstraints) -> Problem | None:
    """The time between two doses of a series, or before a repeat of a one-dose course."""
    series = (label.series_doses or 0) > 1 or bool(label.interval_ranges)
    if not series or _allowed(fact.value, label):
        return None
    gap = f"{interval_name(fact.value).replace('every ', '')} between doses"
    return INTERVAL, f"{gap} vs {_allowed_text(label)}"


def _duration_problem(fact: Any, label: LabelConstraints) -> Problem | None:
    limit = label.max_duration_days
    if not limit or fact.value <= limit * 1.1:
        return None
    return DOSE, f"course of {fact.text.split(' ', 1)[-1]} > {_course(limit)}"


def _bsa_problem(fact: Any, label: LabelConstraints) -> Problem | None:
    if label.max_bsa_percent is None or fact.value <= label.max_bsa_percent:
        return None
    return DOSE, f"{fact.value:g}% body surface area > {label.max_bsa_percent:g}%"


def _multiple_problem(fact: Any, label: LabelConstraints) -> Problem | None:
    if fact.value < 1:
        return DOSE, "half dose vs a full dose"
    return DOSE, f"{fact.value:g} doses at once vs one dose at a time"


def _repeat_problem(fact: Any, label: LabelConstraints) -> Problem | None:
    """ "2nd dose", "booster", "another this year" beyond the labelled number of doses."""
    if label.series_doses is None or _yearly(label):
        return None
    if (int(fact.value) or label.series_doses + 1) <= label.series_doses:
        return None
    noun = "a single dose" if label.series_doses == 1 else f"{label.series_doses} doses"
    return DOSE, f"{fact.text} vs {noun}"


def _administered_against_label(violation: Violation) -> bool:
    """A wrong route, or a dose beyond the labelled series ("2nd dose vs a single dose")."""
    series = violation.kind == DOSE and violation.detail.endswith(("a single dose", " doses"))
    return violation.kind == ROUTE_KIND or series


def scope_offsets(doc: Any, key: str = "negation") -> list[tuple[int, int]]:
    """Negated and resolved scopes (as ``nlp.components.negation.scope_offsets``; not imported
    from there, which would load every component with the label reader)."""
    return [(span.start_char, span.end_char) for span in doc.spans.get(key, [])]


def _shown_name(doc: Any, token: Any) -> str:
    """The disease word, with the word before it when that is a medical modifier (never a
    name: only lower-case words ending like "trigeminal", "chronic", "post-traumatic")."""
    previous = doc[token.i - 1] if token.i > 0 else None
    if previous is not None and re.fullmatch(r"[a-z-]+(?:ic|al|ous|ary|ive|oid)", previous.text):
        return f"{previous.text} {token.lower_}"
    return token.lower_


def token_fact(token: Any) -> note.Fact:
    return note.Fact(token.idx, token.idx + len(token), 0.0, token.lower_)


def _inside(pos: int, spans: list[tuple[int, int]]) -> bool:
    return any(a <= pos < b for a, b in spans)


def _course(days: float) -> str:
    for unit, size in (("years", 365), ("months", 30), ("weeks", 7)):
        if days >= size and days % size == 0:
            return f"{days / size:g} {unit}"
    return f"{days:g} days"


def _yearly(label: LabelConstraints) -> bool:
    """A dose each season or year: a second one next year is no repeat of the series."""
    return any(d >= 300 for d in label.intervals)


def _single_course(label: LabelConstraints) -> bool:
    return label.series_doses == 1 and not _yearly(label)


def _allowed_text(label: LabelConstraints) -> str:
    return " or ".join(
        [interval_name(d) for d in label.intervals]
        + [f"{interval_name(a)} to {interval_name(b)} apart" for a, b in label.interval_ranges]
    )


def _allowed(days: float, label: LabelConstraints) -> bool:
    if any(_same_interval(days, a) for a in label.intervals if a > 0):
        return True
    return any(low / _RATIO <= days <= high * _RATIO for low, high in label.interval_ranges)


def _same_interval(days: float, labelled: float) -> bool:
    close = abs(days - labelled) <= max(labelled * _SAME_INTERVAL, _SAME_INTERVAL_DAYS)
    return close and 1 / _RATIO <= days / labelled <= _RATIO


def _qualifiers_before(terms: list[Term], index: int) -> list[str]:
    quals = []
    for other in terms[:index][::-1]:
        if terms[index].start - other.end > 3 or other.kind == CONDITION:
            break
        if other.kind == "qualifier":
            quals.append(other.value)
    return quals


def _dose_problem(found: Any, label: LabelConstraints, sub_daily: list[Any]) -> Problem | None:
    """Above the labelled maximum (per dose, or per day when the note gives "BID" right
    after it), above every labelled dose, or a strength the label does not list when it
    lists a fixed few."""
    every = next((f.value for f in sub_daily if 0 <= f.start - found.end <= 12), None)
    detail = _dose_detail(found, label, every)
    return (DOSE, detail) if detail else None


def _dose_detail(found: Any, label: LabelConstraints, every_days: float | None) -> str | None:
    same = [d for d in label.max_doses if d.unit == found.unit and d.per_kg == found.per_kg]
    if same:
        limit = max(same, key=lambda d: d.amount)
        if found.amount > limit.amount * 1.001:
            return f"{found.amount:g} {found.unit} > maximum {limit.label()}"
        if limit.per == "day" and every_days and found.amount / every_days > limit.amount * 1.001:
            total = found.amount / every_days
            return f"{found.amount:g} {found.unit} x {1 / every_days:g}/day = {total:g} > maximum {limit.label()}"
        return None
    listed = [d for d in label.doses if d.unit == found.unit and d.per_kg == found.per_kg]
    if not listed:
        return None
    amounts = sorted({d.amount for d in listed})
    if found.amount > amounts[-1] * 1.001:
        return f"{found.amount:g} {found.unit} > labelled {amounts[-1]:g} {found.unit}"
    if found.amount < amounts[0] * 0.999 and found.unit != "%":
        return f"{found.amount:g} {found.unit} < labelled {amounts[0]:g} {found.unit}"
    fixed = len(amounts) <= 3 and not label.max_doses
    if fixed and not any(abs(found.amount - a) <= a * 0.001 for a in amounts):
        shown = " or ".join(f"{a:g}" for a in amounts)
        return f"{found.amount:g} {found.unit} vs labelled {shown} {found.unit}"
    return None
