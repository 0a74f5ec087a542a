"""Decide whether a note describes a reportable safety case, the way pharmacovigilance does.

A note is reportable when it concerns a specific patient (or a product in hand) and one of
our products, and describes an adverse reaction, a special situation (pregnancy,
overdose, medication error, misuse...) or a product-quality complaint. Lexicon hits
(``nlp.safety.lexicon``) are the candidates; the context cues then drop the ones that are
not a case: negated, medical history or the indication, a hypothetical question, general
safety talk or AE-reporting training without a patient, a patient never exposed, or an
event that belongs to a competitor's product.

``SafetyDetector.detect`` works on a tokenized doc with catalog (and optionally negation
and PII) spans and returns a ``SafetyFinding``; the spaCy component combines it with the
classifier (``nlp.components.safety``).
"""

import re
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from spacy.attrs import IS_PUNCT, LOWER, SENT_START
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

from nlp.safety.attribution import competitor_only, product_of
from nlp.safety.doc_context import DocContext, Hit, Mention, breaks
from nlp.safety.lexicon import Lexicon
from nlp.safety.patients import occurrence, patient_sentences
from nlp.safety.topics import resolved_since_switch, topic_lists

ADVERSE_REACTION = "adverse_reaction"
SPECIAL_SITUATION = "special_situation"
PRODUCT_COMPLAINT = "product_complaint"
CATEGORY_OF_SECTION = {
    "events": ADVERSE_REACTION,
    "special": SPECIAL_SITUATION,
    "complaint": PRODUCT_COMPLAINT,
}
# The primary category when a note has several: the situation frames the case, and a
# faulty unit is the root of any reaction that followed it.
CATEGORY_ORDER = (SPECIAL_SITUATION, PRODUCT_COMPLAINT, ADVERSE_REACTION)
SERIOUSNESS = ("death", "hospitalisation", "life_threatening", "disability", "congenital_anomaly")

NEGATION_WINDOW = 4  # tokens between a negation cue and the event it denies
SUBJECT_WINDOW = 12  # "none of his 15 Sclerivo pts has had a serious infection"
HISTORY_WINDOW = 3  # tokens between "hx of" / "for" and the event it makes history
NOUN_WINDOW = 8  # tokens between a complaint word and the product unit it is about
# Words that end a negation cue's reach ("no rash but hives").
_CLAUSE_BREAKS = frozenset(
    get_string_id(w)
    for w in (
        "but", "however", "though", "although", "except", "then", "until", "and", "so",
        "because", "bc", "which", "who", "while", "now", "later", "yet", "+", "&",
    )
)  # fmt: skip
# "admitted" is a hospitalisation unless someone admitted *to* something ("admitted he ...").
_NOT_ADMISSION = frozenset(
    get_string_id(w) for w in ("he", "she", "they", "that", "it", "he's", "she's", "to", "using")
)
_PRODUCT_KINDS = ("own_product", "competitor")
DEVICE_FAILURE = "device_failure"  # group of the failure-cue x device-action rule hits
# A dose written as a number or strength: "10", "25mg", "0.5ml", "2x".
_DOSE_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:mg|mcg|ml|g|u|units|x)?")


@dataclass
class SafetyFinding:
    """What the detector says about one note (offsets are characters in the note)."""

    reportable: bool = False
    category: str | None = None
    categories: list[str] = field(default_factory=list)
    seriousness: list[str] = field(default_factory=list)
    evidence: list[tuple[int, int, str]] = field(default_factory=list)  # "category:group"
    products: list[str] = field(default_factory=list)
    decided_by: str = "none"  # rule | classifier | none
    vetoed: str | None = None  # why a classifier positive was overruled

    def to_dict(self) -> dict[str, Any]:
        return {
            "reportable": self.reportable,
            "category": self.category,
            "categories": list(self.categories),
            "seriousness": list(self.seriousness),
            "evidence": [list(e) for e in self.evidence],
            "products": list(self.products),
            "decided_by": self.decided_by,
            "vetoed": self.vetoed,
        }


class SafetyDetector:
    """Lexicon matcher plus the case rules; rebuilt whenever the lexicon changes."""

    def __init__(self, vocab: Vocab, make_doc: Callable[[str], Doc], lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        self._keys: dict[int, tuple[str, str]] = {}
        for section, groups in lexicon.items():
            for group, terms in groups.items():
                key = f"fieldsignal_safety::{section}/{group}"
                self._keys[vocab.strings.add(key)] = (section, group)
                self.matcher.add(key, [make_doc(term) for term in terms])
        context = lexicon.get("context", {})
        self._failure = PhraseMatcher(vocab, attr="LOWER")
        self._failure.add("failure_cue", [make_doc(t) for t in context.get("failure_cue", [])])
        self._failure.add("device_action", [make_doc(t) for t in context.get("device_action", [])])
        self._failure_key = get_string_id("failure_cue")
        self._units = _hashes(context.get("count_units", []))
        self._quantifiers = _hashes(context.get("quantifier", []))
        self._for = get_string_id("for")

    # -- the decision -----------------------------------------------------------------

    def detect(
        self, doc: Doc, *, classifier_positive: bool, score: float, unnamed_gate: float
    ) -> SafetyFinding:
        """The finding for one doc; ``classifier_positive`` and ``score`` are the classifier's
        adverse_event decision and score."""
        ctx = self._context(doc, classifier_positive)
        if ctx is None:
            return SafetyFinding()
        kept, dropped_reasons = self._case_hits(ctx)
        own, unnamed = self._attributed(ctx, kept)
        if unnamed and score >= unnamed_gate:
            own += unnamed
        theme_labels = doc._.theme_labels if Doc.has_extension("theme_labels") else None
        if own and self._dosing_choice_only(ctx, own, theme_labels or {}):
            own = []
        only_competitors = competitor_only(ctx.mentions)
        finding = SafetyFinding()
        if own:
            finding.reportable, finding.decided_by = True, "rule"
        elif classifier_positive:
            veto = self._classifier_veto(ctx, dropped_reasons, only_competitors, bool(kept))
            if veto is None:
                finding.reportable, finding.decided_by = True, "classifier"
            else:
                finding.vetoed = veto
        if not finding.reportable:
            return finding
        self._describe(ctx, finding, own, doc)
        return finding

    def _context(self, doc: Doc, classifier_positive: bool) -> DocContext | None:
        matches = self.matcher(doc)
        rule_hits = self._rule_hits(doc)
        if (
            not classifier_positive
            and not rule_hits
            and not any(self._keys[key][0] in CATEGORY_OF_SECTION for key, _, _ in matches)
        ):
            return None  # most notes: nothing to decide
        hits: list[Hit] = list(rule_hits)
        serious: list[Hit] = []
        cues: dict[str, list[tuple[int, int]]] = {}
        for key, start, end in matches:
            section, group = self._keys[key]
            if section == "context":
                cues.setdefault(group, []).append((start, end))
            elif section == "seriousness":
                serious.append(Hit(start, end, section, group))
            else:
                hits.append(Hit(start, end, section, group))
        rows = doc.to_array([SENT_START, LOWER, IS_PUNCT]).tolist()
        sent: list[int] = []
        index = -1
        for i, row in enumerate(rows):
            if i == 0 or row[0] == 1:
                index += 1
            sent.append(index)
        negated = {
            i
            for span in doc.spans.get("negation", [])
            if span.label_ == "negated"
            for i in range(span.start, span.end)
        }
        return DocContext(
            doc=doc,
            sent=sent,
            lowers=[row[1] for row in rows],
            punct=[row[2] == 1 for row in rows],
            cues=cues,
            hits=_longest(hits),
            seriousness=serious,
            mentions=_mentions(doc, cues.get("other_product", [])),
            negated=negated,
            has_pii_patient=any(True for _ in doc.spans.get("pii", [])),
        )

    def _rule_hits(self, doc: Doc) -> list[Hit]:
        """Hits no phrase list can hold: a failure cue before a device action ("didnt
        click", "wouldnt push down", "never fired"), a dose "instead of (the) <number>", and
        a count that is not the count ("26 tabs not 30")."""
        hits: list[Hit] = []
        found = self._failure(doc)
        cues = [(s, e) for k, s, e in found if k == self._failure_key]
        actions = {s: e for k, s, e in found if k != self._failure_key}
        for start, end in cues:
            for at in (end, end + 1):
                if at in actions and not any(
                    doc[i].is_punct or doc[i].lower in _CLAUSE_BREAKS for i in range(end, at)
                ):
                    hits.append(Hit(start, actions[at], "complaint", DEVICE_FAILURE))
                    break
        lowers = [t.lower_ for t in doc]
        for i in range(len(doc) - 2):
            if lowers[i] == "instead" and lowers[i + 1] == "of":
                j = i + 3 if lowers[i + 2] == "the" and i + 3 < len(doc) else i + 2
                counted = i > 1 and doc[i - 1].lower in self._units and doc[i - 2].like_num
                if not counted and (doc[j].like_num or _DOSE_NUMBER.fullmatch(lowers[j])):
                    hits.append(Hit(i, j + 1, "special", "medication_error"))
            elif (
                doc[i].like_num
                and doc[i + 1].lower in self._units
                and lowers[i + 2] in ("not", "instead")
                and i + 3 < len(doc)
                and (doc[i + 3].like_num or (lowers[i + 3] == "of" and i + 4 < len(doc)))
            ):
                hits.append(Hit(i, min(len(doc), i + 4), "complaint", "quality"))
        return hits

    def _case_hits(self, ctx: DocContext) -> tuple[list[Hit], set[str]]:
        """The hits that describe a case; and why the others were dropped."""
        patient_sents = self._patient_sentences(ctx)
        has_patient = bool(patient_sents) or ctx.has_pii_patient
        hypothetical = ctx.sentences_with("hypothetical")
        general = ctx.sentences_with("general_discussion") - patient_sents
        training = self._training_sentences(ctx)
        never = self._never_exposed_sentences(ctx)
        questions = ctx.sentences_with("question") - self._exposed_sentences(ctx)
        administered = ctx.sentences_with("administered")
        not_event = ctx.cues.get("not_event", [])
        no_case = bool(ctx.cues.get("no_case"))
        off_label = "off_label" in (ctx.doc._.theme_labels or {})
        listed = topic_lists(ctx, patient_sentences(ctx, self._quantifiers, strong_only=True))
        kept: list[Hit] = []
        reasons: set[str] = set()
        for hit in ctx.hits:
            s = ctx.sent[hit.start]
            reason = None
            if no_case:
                reason = "no_case"
            elif hit in listed:
                reason = "topic_list"
            elif resolved_since_switch(ctx, hit):
                reason = "resolved"
            elif any(a < hit.end and hit.start < b for a, b in not_event):
                reason = "not_event"
            elif hit.group != DEVICE_FAILURE and self._is_negated(ctx, hit):
                reason = "negated"
            elif self._is_history(ctx, hit):
                reason = "history"
            elif off_label and self._off_label_condition(ctx, hit):
                reason = "off_label_condition"
            elif s in hypothetical:
                reason = "hypothetical"
            elif s in questions:
                reason = "question"
            elif s in training:
                reason = "training"
            elif s in general:
                reason = "general_discussion"
            elif hit.section == "complaint":
                if not self._about_a_unit(ctx, hit):
                    reason = "no_product_unit"
            elif (
                not has_patient
                and not (hit.section == "special" and s in administered)
                and not occurrence(ctx, hit.start, hit.end)
            ):
                # A special situation needs a patient, or a sentence that says the product
                # was given or taken ("infused before caught").
                reason = "no_patient"
            elif s in never:
                reason = "never_exposed"
            if reason is None:
                kept.append(hit)
            else:
                reasons.add(reason)
        return kept, reasons

    def _classifier_veto(
        self, ctx: DocContext, dropped: set[str], competitor_only: bool, any_kept: bool
    ) -> str | None:
        """Why a classifier positive is not a case (None: let it stand)."""
        if competitor_only:
            return "competitor"
        if ctx.cues.get("no_case"):
            return "no_case"
        if any_kept:
            return "competitor"  # every surviving hit belonged to a competitor's product
        if self._never_exposed_sentences(ctx) == set(ctx.sent):
            return "never_exposed"
        if ctx.cues.get("training") and not patient_sentences(
            ctx, self._quantifiers, strong_only=True
        ):
            return "training"
        for reason in (
            "negated", "hypothetical", "question", "never_exposed", "training", "topic_list",
            "resolved",
        ):  # fmt: skip
            if reason in dropped:
                return reason
        # Dropped only for want of a patient word: the classifier may know the phrasing.
        return None

    def _describe(self, ctx: DocContext, finding: SafetyFinding, own: list[Hit], doc: Doc) -> None:
        categories = {CATEGORY_OF_SECTION[hit.section] for hit in own}
        evidence = [(hit, f"{CATEGORY_OF_SECTION[hit.section]}:{hit.group}") for hit in own]
        theme_labels = doc._.theme_labels if Doc.has_extension("theme_labels") else None
        if ADVERSE_REACTION in categories and "off_label" in (theme_labels or {}):
            categories.add(SPECIAL_SITUATION)
        if not categories:
            categories = {_guess_category(ctx)}
        finding.categories = [c for c in CATEGORY_ORDER if c in categories]
        finding.category = finding.categories[0]
        finding.seriousness = self._seriousness(ctx)
        finding.evidence = [
            (doc[h.start].idx, doc[h.end - 1].idx + len(doc[h.end - 1].text), label)
            for h, label in evidence
        ]
        refs = [m[3] for m in ctx.mentions if m[2] == "own_product"]
        finding.products = list(dict.fromkeys(refs))

    # -- cues ---------------------------------------------------------------------------

    def _patient_sentences(self, ctx: DocContext) -> set[int]:
        if ctx.patients is None:
            ctx.patients = self._find_patients(ctx)
        return ctx.patients

    def _find_patients(self, ctx: DocContext) -> set[int]:
        return patient_sentences(ctx, self._quantifiers)

    def _training_sentences(self, ctx: DocContext) -> set[int]:
        """Sentences framed by AE-reporting training or a reminder, unless they name a patient
        as no reminder would ("pt events get reported" does not); all of a note that names
        no patient at all."""
        training = ctx.sentences_with("training")
        if not training:
            return set()
        if not self._patient_sentences(ctx):
            return set(ctx.sent)  # nobody in the note: the whole note is the training
        return training - patient_sentences(ctx, self._quantifiers, strong_only=True)

    def _never_exposed_sentences(self, ctx: DocContext) -> set[int]:
        never = ctx.sentences_with("never_exposed")
        if not never:
            return set()
        exposed = self._exposed_sentences(ctx)
        if not exposed:
            return set(ctx.sent)  # nobody in the note took it: every sentence
        return never - exposed

    def _exposed_sentences(self, ctx: DocContext) -> set[int]:
        """Sentences that say a patient took the product (not inside "before the first dose")."""
        blocked = ctx.cues.get("never_exposed", [])
        planned = {ctx.sent[start] for start, _ in blocked}
        # "start her on Keltrova next week" is a plan, so "on <ours>" counts only elsewhere.
        return {
            ctx.sent[start]
            for start, end in ctx.cues.get("exposure", [])
            if not any(b_start <= start and end <= b_end for b_start, b_end in blocked)
        } | (self._on_own_product(ctx) - planned)

    def _on_own_product(self, ctx: DocContext) -> set[int]:
        on = get_string_id("on")
        return {
            ctx.sent[start]
            for start, _, kind, _ in ctx.mentions
            if kind == "own_product" and start > 0 and ctx.lowers[start - 1] == on
        }

    def _is_negated(self, ctx: DocContext, hit: Hit) -> bool:
        if hit.start in ctx.negated:
            return True
        windows = [(s, e, NEGATION_WINDOW) for s, e in ctx.cues.get("negation", [])] + [
            (s, e, SUBJECT_WINDOW) for s, e in ctx.cues.get("negated_subject", [])
        ]
        for start, end, window in windows:
            if end <= hit.start and hit.start - end <= window:
                between = range(end, hit.start)
                if ctx.sent[start] == ctx.sent[hit.start] and not any(
                    ctx.punct[i] or ctx.lowers[i] in _CLAUSE_BREAKS for i in between
                ):
                    return True
        return False

    def _is_history(self, ctx: DocContext, hit: Hit) -> bool:
        if hit.section != "events":
            return False
        for start, end in ctx.cues.get("history", []):
            if not (end <= hit.start and hit.start - end < HISTORY_WINDOW):
                continue
            if ctx.sent[start] != ctx.sent[hit.start] or breaks(ctx, end, hit.start):
                continue
            if end - start == 1 and ctx.lowers[start] == self._for and self._event_for(ctx, start):
                continue  # "admitted for a GI bleed": the event is why, not the indication
            return True
        return False

    def _off_label_condition(self, ctx: DocContext, hit: Hit) -> bool:
        if hit.section != "events":
            return False
        return any(
            end <= hit.start
            and hit.start - end <= HISTORY_WINDOW + 1
            and ctx.sent[start] == ctx.sent[hit.start]
            and not breaks(ctx, end, hit.start)
            for start, end in ctx.cues.get("off_label_condition", [])
        )

    def _event_for(self, ctx: DocContext, for_at: int) -> bool:
        return any(
            for_at - HISTORY_WINDOW <= end <= for_at
            for _, end in ctx.cues.get("history_exceptions", [])
        )

    def _about_a_unit(self, ctx: DocContext, hit: Hit) -> bool:
        """A complaint word near a product unit: a unit noun, or one of our products named
        ("Trabelix jammed halfway", "the Keltrova was cloudy")."""
        s = ctx.sent[hit.start]
        units = ctx.cues.get("product_nouns", []) + [
            (m[0], m[1]) for m in ctx.mentions if m[2] == "own_product"
        ]
        for start, end in units:
            if ctx.sent[start] == s and (
                abs(start - hit.end) <= NOUN_WINDOW or abs(hit.start - end) <= NOUN_WINDOW
            ):
                return True
        return False

    def _attributed(self, ctx: DocContext, hits: list[Hit]) -> tuple[list[Hit], list[Hit]]:
        """Hits on our products, and hits in a note that names no product at all."""
        if not ctx.mentions:
            return [], list(hits)
        switch = ctx.sentences_with("switch")
        own = [h for h in hits if product_of(ctx, h, switch) == "own_product"]
        return own, []

    @staticmethod
    def _dosing_choice_only(
        ctx: DocContext, hits: list[Hit], theme_labels: dict[str, float]
    ) -> bool:
        """An off-label dose the prescriber chose ("doubled her dose", "q8w for a loss of
        response pt"), with no event, is off_label, not a case; a patient's slip ("doubled
        up", "took it twice") still is."""
        chosen = ctx.cues.get("dose_choice", [])
        return "off_label" in theme_labels and all(
            h.section == "special"
            and (
                h.group == "lack_of_efficacy"
                or (h.group == "overdose" and any(a <= h.start and h.end <= b for a, b in chosen))
            )
            for h in hits
        )

    def _seriousness(self, ctx: DocContext) -> list[str]:
        found: set[str] = set()
        hypothetical = ctx.sentences_with("hypothetical")
        general = ctx.sentences_with("general_discussion") - self._patient_sentences(ctx)
        switch = ctx.sentences_with("switch")
        for hit in ctx.seriousness:
            s = ctx.sent[hit.start]
            if s in hypothetical or s in general or self._is_negated(ctx, hit):
                continue
            if ctx.mentions and product_of(ctx, hit, switch) == "competitor":
                continue
            if ctx.doc[hit.start].lower_ == "admitted" and (
                hit.end < len(ctx.doc) and ctx.lowers[hit.end] in _NOT_ADMISSION
            ):
                continue
            found.add(hit.group)
        return [s for s in SERIOUSNESS if s in found]


def _guess_category(ctx: DocContext) -> str:
    """For a classifier-only case: a complaint if the note is about a unit, else a reaction."""
    if ctx.cues.get("product_nouns") and not ctx.sentences_with("patient"):
        return PRODUCT_COMPLAINT
    return ADVERSE_REACTION


def _longest(hits: list[Hit]) -> list[Hit]:
    """Drop hits inside a longer hit ("rash" inside "injection site rash")."""
    hits = sorted(hits, key=lambda h: (h.start, -(h.end - h.start)))
    out: list[Hit] = []
    for hit in hits:
        if out and hit.start >= out[-1].start and hit.end <= out[-1].end:
            continue
        out.append(hit)
    return out


def _mentions(doc: Doc, others: list[tuple[int, int]]) -> list[Mention]:
    """Catalog products, plus products the catalog does not hold but the note says are not
    ours ("a rash on the generic"): those count as a competitor's."""
    found: list[Mention] = [
        (s.start, s.end, s.label_, s.kb_id_)
        for s in doc.spans.get("catalog", [])
        if s.label_ in _PRODUCT_KINDS
    ]
    taken = {i for m in found for i in range(m[0], m[1])}
    for start, end in others:
        if not any(i in taken for i in range(start, end)):
            found.append((start, end, "competitor", ""))
    return sorted(found)


def _hashes(words: list[str]) -> frozenset[int]:
    return frozenset(get_string_id(w) for w in words)
