"""Read a product's free-text ``indication`` into ``LabelConstraints``.

The text is split into the approved part and its exclusion clauses ("not indicated for
...", "contraindicated in ..."); diseases, subtypes, severity and routes are found with
PhraseMatchers (``terms.py``), numbers with units with the patterns of ``patterns.py``.
Everything is rule-based: ``LabelConstraints.describe()`` shows what was understood.
"""

import re
from typing import Any

import spacy
from spacy.language import Language

from nlp.label_reader.constraints import Condition, Exclusion, LabelConstraints
from nlp.label_reader.dose_schedule import read_doses, read_schedule
from nlp.label_reader.exclusions import (
    blank_out,
    exclusion_clauses,
    exclusion_items,
    schedule_item,
    without_brackets,
)
from nlp.label_reader.grades import grades_in
from nlp.label_reader.lexicon import default_lexicon
from nlp.label_reader.population import PEOPLE, population_item, read_population
from nlp.label_reader.routes import routes_in
from nlp.label_reader.terms import (
    CONDITION,
    GENERIC_HEADS,
    QUALIFIER,
    ROUTE,
    SEVERITY,
    STOP_WORDS,
    Term,
    Terms,
    content_keys,
    group_of,
    looks_like_disease,
)

_LATER_LINE = re.compile(
    r"\b(?:(?:prior|previous(?:ly)?)(?!\s+(?:dose|injection|infusion|vaccination|administration))|after (?:at least )?(?:one|two|three|\d)(?!\s*(?:weeks?|days?|"
    r"months?|years?|doses?|hours?))|inadequate(?:ly)? response|insufficient response|"
    r"intolerance to|not adequately controlled|refractory|relapsed|who (?:have )?failed|progressed|"
    r"second[- ]line|after failure|not responded|failed to respond|unresponsive)\b",
    re.I,
)
_ADJUNCT = re.compile(
    r"\b(?:adjunct(?:ive)?|add-on)\b[^;.]*?\b(?:therapy|statin|treatment|medication|drug|"
    r"maintenance|inhaled|antidepressant|to (?:an? )?\w+)\b",
    re.I,
)
_OR_FIRST = re.compile(
    r"\bor (?:for |in )?(?:whom|who(?: are)?|patients who are)\b[^;.]{0,60}?\b(?:not an option|"
    r"not appropriate|not (?:a )?candidates?|ineligible|not eligible|unable|cannot|contraindicated)\b",
    re.I,
)
_ADJUNCT_TO_LIFESTYLE = re.compile(r"\badjunct(?:ive)? to (?:a )?(?:diet|exercise|lifestyle)", re.I)
_MONOTHERAPY = re.compile(r"\bas monotherapy\b", re.I)
_OR_COMBINATION = re.compile(
    r"\b(?:or|and) (?:in )?combination\b|\balone or (?:with|in)\b|\bmonotherapy or\b|"
    r"\bor (?:as )?(?:an? )?(?:adjunct\w*|add-on)\b",
    re.I,
)
_COMBINATION_ITEM = re.compile(r"\bcombination\b|\bwith\b", re.I)
_PREVENTION = re.compile(
    r"\b(?:prevention|prevent|immuni[sz]ation|vaccin\w*|prophyla\w*|"
    r"reduc\w* (?:the )?(?:risk|recurrence|incidence|occurrence) of)\b",
    re.I,
)
# "not indicated for the treatment of CDI": the label prevents only
_TREATMENT_ITEM = re.compile(r"^(?:the\s+)?(?:treatment|treating|therapy)\b", re.I)
_TREATMENT = re.compile(r"\btreat(?:ment|ing|s)?\b", re.I)


_ROUTE_ITEM_WORDS = frozenset(
    [
        "use",
        "administration",
        "self-administration",
        "self",
        "-",
        "injection",
        "injections",
        "infusion",
        "dosing",
        "route",
        "delivery",
        "the",
        "by",
        "via",
        "through",
        "a",
        "an",
    ]
)
# "allergic rhinitis with or without conjunctivitis", "migraine with or without aura": what
# may come along is no condition of its own
_WITH_OR_WITHOUT = re.compile(
    r"\bwith or without\s+[\w-]+(?:\s+[\w-]+)?(?=\s*(?:[,;.()]|$|\b(?:in|for|who|and|or)\b))",
    re.I,
)
_CAUSED_BY = re.compile(r"\s+(?:caused by|due to|associated with)\b", re.I)

_BLANK: Language | None = None


def _blank() -> Language:
    global _BLANK
    if _BLANK is None:
        _BLANK = spacy.blank("en")
    return _BLANK


class IndicationReader:
    """Reads indications with one lexicon; build once, call ``read`` per product."""

    def __init__(self, lexicon: dict[str, Any] | None = None, nlp: Language | None = None) -> None:
        self.lexicon = lexicon or default_lexicon()
        self.nlp = nlp or _blank()
        self.terms = Terms(self.nlp, self.lexicon)

    def read(self, indication: str) -> LabelConstraints:
        text = indication or ""
        out = LabelConstraints()
        if not text.strip():
            return out
        clauses = exclusion_clauses(text)
        approved = blank_out(text, [(s, e) for s, _, e in clauses])
        out.grades = grades_in(approved)
        for _, body_start, end in clauses:
            for kind, values in grades_in(text[body_start:end]).items():
                merged = out.excluded_grades.setdefault(kind, [])
                merged += [v for v in values if v not in merged]
        read_population(approved, out)
        self._conditions(_WITH_OR_WITHOUT.sub(lambda m: " " * len(m.group(0)), approved), out)
        self._dosing(approved, out)
        for cue_start, body_start, end in clauses:
            body = text[body_start:end]
            combination = "combination" in text[cue_start:body_start].lower()
            lead = re.match(r"\s*(?:use\s+)?(?:in\s+)?combination\s+with\s+", body, re.I)
            if lead:
                combination, body = True, body[lead.end() :]
            self._exclusion(body, approved, out, combination)
        return out

    # -- conditions --------------------------------------------------------------------

    def _conditions(self, approved: str, out: LabelConstraints) -> None:
        doc = self.nlp.make_doc(approved)
        terms = self.terms.find(doc)
        seen: dict[str, Condition] = {}
        for i, term in enumerate(terms):
            if term.kind != CONDITION:
                continue
            condition = seen.setdefault(term.value, Condition(term.value))
            found = self._condition_at(doc, terms, i)
            quals, grades = found.qualifiers, found.severity
            for q in quals:
                if q not in condition.qualifiers:
                    condition.qualifiers.append(q)
            for g in grades:
                if g not in condition.severity:
                    condition.severity.append(g)
        # A severity with no known disease after it still limits the use ("severe X").
        for term in terms:
            if term.kind == SEVERITY and not _followed_by_condition(terms, term):
                name = _following_words(doc, term.end)
                if name and name not in seen:
                    seen[name] = Condition(name, [], term.value.split("+"))
        self._shaped_conditions(doc, terms, seen)
        for match in re.finditer(
            r"\b([a-z][\w'-]+)\s+(disease|syndrome|deficiency)\b", approved, re.I
        ):
            if _CAUSED_BY.match(approved[match.end() :]):
                continue  # "tract disease caused by RSV": the cause is the disease
            name = match.group(0).lower()
            if not any(name in c.name or c.name in name for c in seen.values()):
                first = match.group(1).lower()
                generic = (
                    STOP_WORDS | set(self.lexicon["qualifiers"]) | set(self.lexicon["severity"])
                )
                if first not in generic and first not in {
                    "kidney",
                    "liver",
                    "heart",
                    "isolated",
                    "tract",
                }:
                    seen[name] = Condition(name)
        out.conditions = list(seen.values())
        out.later_line = bool(_LATER_LINE.search(approved)) and not _OR_FIRST.search(approved)
        out.prevention_only = bool(_PREVENTION.search(approved)) and not _TREATMENT.search(approved)
        mono = bool(_MONOTHERAPY.search(approved)) and not _OR_COMBINATION.search(approved)
        out.monotherapy_only = mono
        adjunct = _ADJUNCT.search(approved)
        out.adjunct_only = (
            bool(adjunct)
            and not mono
            and not _OR_COMBINATION.search(approved)
            and not _ADJUNCT_TO_LIFESTYLE.search(adjunct.group(0) if adjunct else "")
        )

    def _shaped_conditions(self, doc: Any, terms: list[Term], seen: dict[str, Condition]) -> None:
        """Diseases no lexicon lists, known by their shape ("renal cell carcinoma",
        "seasonal allergic conjunctivitis", "hepatitis D"), with their subtype and severity."""
        covered = {i for t in terms for i in range(t.start, t.end)}
        for token in doc:
            word = token.lower_
            if token.i in covered or word in GENERIC_HEADS or not looks_like_disease(word):
                continue
            if any(word in c.name.split() for c in seen.values()):
                continue
            start, end = token.i, token.i + 1
            # up to two plain words before ("renal cell"); a qualifier or severity term stays
            # one ("metastatic"), not part of the name
            while (
                start > max(0, token.i - 2)
                and start - 1 not in covered
                and self._plain_modifier(doc[start - 1])
            ):
                start -= 1
            if end < len(doc) and re.fullmatch(r"[A-Z]", doc[end].text):
                end += 1  # "hepatitis D"
            name = doc[start:end].text.lower()
            term = Term(start, end, doc[start].idx, doc[end - 1].idx + len(doc[end - 1]),
                        CONDITION, name)  # fmt: skip
            ordered = sorted([*terms, term], key=lambda t: t.start)
            seen.setdefault(name, self._condition_at(doc, ordered, ordered.index(term)))

    def _condition_at(self, doc: Any, terms: list[Term], index: int) -> Condition:
        """The condition term ``terms[index]`` with the subtypes and grades around it."""
        term = terms[index]
        quals, grades = _modifiers(doc, terms, index, self.lexicon)
        if term.extra:
            quals.append(term.extra)
        named = term.value.split()
        quals = [q for q in quals if q not in named]  # "chronic kidney disease" names "chronic"
        return Condition(term.value, quals, grades)

    def _plain_modifier(self, token: Any) -> bool:
        word = token.lower_
        return (
            token.is_alpha
            and (token.is_lower or token.i == 0)
            and word not in STOP_WORDS
            and word not in self.lexicon["qualifiers"]
            and word not in self.lexicon["severity"]
            and word not in {"active", "acute", "chronic", "of", "uncomplicated", "induced"}
        )

    # -- dosing ------------------------------------------------------------------------

    def _dosing(self, approved: str, out: LabelConstraints) -> None:
        read_doses(approved, out)
        read_schedule(approved, out)
        doc = self.nlp.make_doc(approved)
        out.routes = routes_in(doc, self.terms.find(doc))

    # -- exclusions --------------------------------------------------------------------

    def _route_item(self, item: str, out: LabelConstraints) -> bool:
        """An excluded route: "not for intravenous use", "not for intrathecal administration"."""
        doc = self.nlp.make_doc(item)
        routes = [t for t in self.terms.find(doc) if t.kind == ROUTE]
        covered = {i for t in routes for i in range(t.start, t.end)}
        rest = {t.lower_ for t in doc if t.i not in covered and not t.is_punct}
        if not routes or not rest <= _ROUTE_ITEM_WORDS:
            return False
        for term in routes:
            if term.value not in out.excluded_routes and term.value not in out.routes:
                out.excluded_routes.append(term.value)
        return True

    def _exclusion(
        self, clause: str, approved: str, out: LabelConstraints, combination: bool = False
    ) -> None:
        approved_keys = set(content_keys(approved))
        for item in exclusion_items(clause, self.lexicon):
            if population_item(item, out) or schedule_item(item, out):
                continue
            if re.search(r"\bmonotherapy\b|\balone\b", item, re.I):
                out.adjunct_only = True
                continue
            if self._route_item(item, out):
                continue
            if _TREATMENT_ITEM.match(item) and _PREVENTION.search(approved):
                # "not indicated for the treatment of CDI": the disease is the approved one,
                # treating it is what is excluded (judged as treatment vs prevention only)
                out.prevention_only = True
                continue
            if combination:
                keys = sorted(set(content_keys(item)))
                if keys:
                    out.exclusions.append(Exclusion(f"combination with {item}", keys, [], True))
                continue
            if _COMBINATION_ITEM.search(item) and re.search(r"combination", clause, re.I):
                out.monotherapy_only = True
                continue
            named = without_brackets(item)
            doc = self.nlp.make_doc(named)
            terms = self.terms.find(doc)
            conditions = [
                self._condition_at(doc, terms, i)
                for i, term in enumerate(terms)
                if term.kind == CONDITION
            ]
            stems = set(content_keys(named)) - approved_keys
            if len(stems) > 1:
                stems -= PEOPLE  # "premenopausal women": the subtype is the point
            grade_stems = {k[:6] for k in self.lexicon["severity"]}
            if stems <= grade_stems:
                stems = set()  # "not for mild disease": the severity check says so already
            approved_names = {c.name for c in out.conditions}
            conditions = [
                c for c in conditions if c.name not in approved_names or c.qualifiers or stems
            ]
            if stems or conditions:
                out.exclusions.append(Exclusion(item, sorted(stems), conditions))


def _modifiers(
    doc: Any, terms: list[Term], index: int, lexicon: dict[str, Any]
) -> tuple[list[str], list[str]]:
    """Qualifiers and severity grades within four tokens before the condition (and the
    ejection-fraction / phenotype qualifiers just after it)."""
    term = terms[index]
    quals: list[str] = []
    grades: list[str] = []
    for other in terms[:index][::-1]:
        if term.start - other.end > 6 or _boundary(doc, other.end, term.start):
            break
        if other.kind == QUALIFIER:
            quals.append(other.value)
        elif other.kind == SEVERITY:
            grades += [g for g in other.value.split("+") if g not in grades]
        elif other.kind == CONDITION:
            break
    bracket = term.end < len(doc) and doc[term.end].text == "("
    for other in terms[index + 1 :]:
        if bracket:
            if any(t.text == ")" for t in doc[term.end : other.start]):
                break
            if other.kind == QUALIFIER:
                quals.append(other.value)
            continue
        if other.start - term.end > 5 or _boundary(doc, term.end, other.start):
            break
        if other.kind == QUALIFIER and group_of(lexicon, other.value) in {"ef", "phenotype"}:
            quals.append(other.value)
    return quals[::-1], sorted(grades, key=["mild", "moderate", "severe"].index)


def _boundary(doc: Any, start: int, end: int) -> bool:
    return any(t.text in {";", ".", ",", "(", ")"} for t in doc[start:end])


def _followed_by_condition(terms: list[Term], term: Term) -> bool:
    return any(t.kind == CONDITION and 0 <= t.start - term.end <= 4 for t in terms)


def _following_words(doc: Any, start: int) -> str:
    words: list[str] = []
    for token in doc[start : start + 4]:
        if token.is_punct or token.lower_ in STOP_WORDS or token.like_num:
            if words:
                break
            if token.text == "-" or token.lower_ in {"to", "active"}:
                continue
            break
        words.append(token.lower_)
    return " ".join(words)


def read_indication(indication: str) -> LabelConstraints:
    """Constraints of one indication text with the default lexicon."""
    return _default_reader().read(indication)


_READER: IndicationReader | None = None


def _default_reader() -> IndicationReader:
    global _READER
    if _READER is None:
        _READER = IndicationReader()
    return _READER
