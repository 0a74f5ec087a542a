"""Compare what a note says about a use with what the label allows.

Each fact is tied to a product: patient facts (age, pregnancy, sex, weight, line of
therapy) to every own product named in the sentence, or, in a sentence naming none, to
those of the last sentence that named one; use facts (condition, dose, interval, route,
repeat dose) to the product mention nearest to them, so "switched from Rivalbrand q2w to
Ownbrand" judges the interval against the competitor (which is not judged at all).
Facts inside negated clauses or inside the rep's own words about the label are skipped.
"""

import re
from typing import Any

from nlp.label_reader import note
from nlp.label_reader.acronyms import Acronyms
from nlp.label_reader.constraints import LabelConstraints, age_range
from nlp.label_reader.disease_judge import DiseaseJudge
from nlp.label_reader.dosing_checks import (
    above,
    above_problem,
    administered_against_label,
    bsa_problem,
    dose_problem,
    duration_problem,
    gap_problem,
    interval_problem,
    multiple_problem,
    repeat_problem,
    scheduled,
    single_course,
    strength,
)
from nlp.label_reader.grades import grade_problem, note_grades
from nlp.label_reader.patterns import bsa_in, doses_in, intervals_in
from nlp.label_reader.routes import roman_range_end
from nlp.label_reader.sentence import Mention, NoteView, Sentence, inside, scope_offsets
from nlp.label_reader.terms import ROUTE, Term
from nlp.label_reader.violation import (
    COMBINATION,
    CONDITION_KIND,
    DOSE,
    LINE,
    POPULATION,
    REQUEST,
    ROUTE_KIND,
    Check,
    Violation,
)
from nlp.textutil import doc_text


def _words(text: str) -> frozenset[str]:
    return frozenset(text.split())


_NOT_A_ROUTE_AFTER = _words(
    "therapy therapies treatment treatments steroids steroid corticosteroids agents agent "
    "medications meds fluids fluid hydration antibiotics abx iron access line team surgeon "
    "surgery health presentation contraceptive contraceptives chair center centre suite nurse "
    "nurses"
)

_NOT_A_ROUTE_BEFORE = frozenset(
    ["class", "stage", "grade", "type", "phase", "level", "nyha", "-", "ii", "iii"]
)

_CASED_NOTE_ROUTES = ("IV", "IM", "SC", "SQ", "PEG", "NG")

_REPEAT_BEFORE = re.compile(r"\b(?:2nd|second|3rd|third|another|repeat)\s+(?:dose of\s+)?$", re.I)

_GIVEN_ROUTE = re.compile(
    r"\b(?:gave|give|giving|given|administer\w*|inject\w*|infus\w*|dos\w*|using|use|run|ran|"
    r"running|push|pushed|pushing|deliver\w*|put|crush\w*)\s+"
    r"(?:it|them|the (?:dose|shot|injection|vaccine|drug)|this|that)?\s*(?:as an?\s+)?$",
    re.I,
)


def _slack(min_age: float) -> float:
    """A week's grace under an age given in months ("8 wk old" is 2 months of age)."""
    return 0.02 if min_age < 2 else 0.0


class Judge:
    """Holds one catalog's constraints and the lexicon's terms; ``violations(doc)``."""

    def __init__(self, constraints: dict[str, LabelConstraints], terms: Any) -> None:
        self.constraints = constraints
        self.terms = terms
        self.lexicon: dict[str, Any] = terms.lexicon
        self.diseases = DiseaseJudge(constraints, self.lexicon)
        self.acronyms = Acronyms(constraints)
        self._route_words = set(self.lexicon.get("note_route_words", []))

    def violations(self, doc: Any, sentences: list[tuple[int, int]]) -> list[Violation]:
        mentions: list[Mention] = [
            (s.start_char, s.end_char, s.label_, s.kb_id_, s.start, s.end)
            for s in doc.spans.get("catalog", [])
            if s.label_ in ("own_product", "competitor")
        ]
        if not any(m[2] == "own_product" and m[3] in self.constraints for m in mentions):
            return []
        text = doc_text(doc)
        special = note.special_situation(text)
        assets = [(s.start_char, s.end_char) for s in doc.spans.get("catalog", [])
                  if s.label_ == "content_asset"]  # fmt: skip
        negated = scope_offsets(doc)
        skip = assets + negated + note.quoted_scopes(text)
        terms = self.terms.find(doc)
        terms = sorted([*terms, *self.acronyms.find(doc, text, terms)], key=lambda t: t.start)
        terms = [t for t in terms if not inside(t.start_char, skip)]
        view = NoteView(text, skip, mentions)
        found: list[Violation] = []
        carried: list[str] = []
        for start, end in sentences:
            in_sentence = [m for m in mentions if start <= m[0] < end]
            own = [m[3] for m in in_sentence if m[2] == "own_product" and m[3] in self.constraints]
            if in_sentence:
                carried = list(dict.fromkeys(own))
            patients = list(dict.fromkeys(own)) if in_sentence else carried
            sentence = Sentence(view, start, end, in_sentence, patients)
            sent_terms = [t for t in terms if start <= t.start_char < end]
            found += self._population(sentence)
            found += self._use(sentence, sent_terms, doc)
        if special:
            # An error or an exposure is reported, not chosen; but a wrong route or a dose
            # beyond a one-dose product is still a use outside the label.
            found = [v for v in found if administered_against_label(v)]
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
            if inside(fact.start, negated):
                continue
            before = [m for m in mentions if m[0] <= fact.start]
            if before and before[-1][2] != "own_product":
                continue  # "Lyrelta isn't approved <18": a competitor's label
            product = ([m for m in own if m[0] <= fact.start] or own)[-1][3]
            detail = f"request outside the label (rep: {fact.text})"
            out.append(Violation(fact.start, fact.end, product, REQUEST, detail))
        return out[:1]

    # -- patient facts -----------------------------------------------------------------

    def _population(self, s: Sentence) -> list[Violation]:
        out: list[Violation] = []
        for product in s.patients:
            label = self.constraints[product]
            for age in s.facts(note.ages_in):
                if s.nearest_own(age.start) != product or s.competitor_nearest(age.start):
                    continue  # "Baracor for kids, Hepavira for adults"
                if label.min_age is not None and age.high < label.min_age - _slack(label.min_age):
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

    def _pregnancy(self, s: Sentence, product: str, label: LabelConstraints) -> list[Violation]:
        out: list[Violation] = []
        if note.EXPOSURE.search(s.note_text) or note.REPORTING.search(s.note_text):
            return out  # a pregnancy reported on the drug: an exposure to report, not a use
        if label.lactation == "excluded":
            for fact in s.facts(note.breastfeeding_in):
                detail = "breastfeeding vs not while breastfeeding"
                out.append(s.violation(fact, product, POPULATION, detail))
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

    def _use(self, s: Sentence, terms: list[Term], doc: Any) -> list[Violation]:
        out = self._against(s, s.facts(note.dose_gaps_in), gap_problem)
        out += self._against(s, s.facts(bsa_in), bsa_problem, own=True)
        out += self._against(s, s.facts(note.repeat_doses_in), repeat_problem)
        if not note.ACCIDENTAL.search(s.visible):  # a leak or a mix-up is no chosen dose
            intervals = s.facts(intervals_in) + s.facts(note.gaps_instead_in)
            given = [f for f in intervals if scheduled(s, f)]
            out += self._against(s, given, interval_problem)
            sub_daily = [f for f in intervals if f.value < 1]
            doses = [d for d in s.facts(doses_in) if not strength(s, d)]
            beyond = [d for d in doses if above(s, d)]
            out += self._against(s, beyond, above_problem)
            out += self._against(
                s,
                [d for d in doses if d not in beyond],
                lambda found, label: dose_problem(found, label, sub_daily),
            )
            out += self._against(s, s.facts(note.durations_in), duration_problem, own=True)
            out += self._against(s, s.facts(note.multiples_in), multiple_problem)
        for m in s.mentions:
            before = s.text[max(0, m[0] - s.start - 14) : m[0] - s.start]
            label = self.constraints.get(m[3]) if m[2] == "own_product" else None
            if label and single_course(label) and _REPEAT_BEFORE.search(before):
                fact = note.Fact(m[0], m[1], 2.0, "")
                out.append(s.violation(fact, m[3], DOSE, "repeat dose vs a single dose"))
        if any(self.constraints[p].prevention_only for p in s.patients):
            for said in s.matches(note.TREATING):
                product = s.nearest_own(said.start)
                if product and self.constraints[product].prevention_only:
                    detail = "treatment vs prevention only"
                    out.append(s.violation(said, product, CONDITION_KIND, detail))
        out += self._routes(s, terms, doc)
        out += self._grades(s)
        out += self.diseases.conditions(s, terms, doc)
        out += self.diseases.exclusions(s, terms, doc)
        return out

    def _against(
        self, s: Sentence, facts: list[Any], check: Check, own: bool = False
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

    def _grades(self, s: Sentence) -> list[Violation]:
        """A genotype, group, stage or class the label does not approve ("GT3 pt" against
        "genotype 1 or 4"); judged only against a label that names that kind."""
        out: list[Violation] = []
        for fact in s.facts(note_grades):
            kind, value = fact.text.split()
            product = s.nearest(fact.start)
            label = self.constraints.get(product or "")
            if not label or not (kind in label.grades or kind in label.excluded_grades):
                continue
            problem = grade_problem(kind, value, label.grades, label.excluded_grades)
            if problem:
                out.append(s.violation(fact, product or "", CONDITION_KIND, problem))
        return out

    def _routes(self, s: Sentence, terms: list[Term], doc: Any) -> list[Violation]:
        out: list[Violation] = []
        for term in terms:
            if term.kind != ROUTE:
                continue
            surface = doc[term.start : term.end].text
            if surface.lower() not in self._route_words and surface not in _CASED_NOTE_ROUTES:
                continue
            if roman_range_end(doc, term.start):
                continue  # "NYHA class II to IV": a grade, not intravenous
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
            elif label and term.value in label.excluded_routes:
                detail = f"{term.value} vs not {term.value}"
                out.append(s.violation(term, product or "", ROUTE_KIND, detail))
        return out
