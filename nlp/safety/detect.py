"""Decide whether a note describes a reportable safety case, the way pharmacovigilance does.

A note is reportable when it concerns a specific patient (or a product in hand) and one of
our products, and describes an adverse reaction, a special situation (pregnancy,
overdose, medication error, misuse...) or a product-quality complaint. The pieces:

- ``hits``: the candidate events (lexicon phrases and a few constructions);
- ``scope``: the rules that drop the mentions that are not a case;
- ``attribution``: which product an event belongs to, ours or a competitor's;
- ``triage``: category, seriousness and evidence of a case.

``SafetyDetector.detect`` ties them together and settles the classifier's vote; the spaCy
component is ``nlp.components.safety``.
"""

from collections.abc import Callable

from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

from nlp.safety.attribution import competitor_only, product_of
from nlp.safety.doc_context import DocContext, Hit
from nlp.safety.finding import SafetyFinding
from nlp.safety.hits import EventFinder
from nlp.safety.lexicon import Lexicon
from nlp.safety.patients import patient_sentences
from nlp.safety.scope import case_hits, never_exposed_sentences
from nlp.safety.triage import describe

__all__ = ["SafetyDetector", "SafetyFinding"]

# Why a classifier positive is not a case, in the order they are reported.
_VETO_REASONS = (
    "negated", "hypothetical", "question", "never_exposed", "training", "topic_list", "resolved",
)  # fmt: skip
_INSTEAD = get_string_id("instead")
# Hits dropped only because the rules doubted their frame (no patient word, no unit named,
# read as the condition treated): the event words are there, so they back a classifier
# positive. Hits dropped as general talk, history or "not an event" back nothing.
_WEAK_DROPS = frozenset({"no_patient", "no_product_unit", "indication", "off_label_condition"})


class SafetyDetector:
    """Lexicon matcher plus the case rules; rebuilt whenever the lexicon changes."""

    def __init__(self, vocab: Vocab, make_doc: Callable[[str], Doc], lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.finder = EventFinder(vocab, make_doc, lexicon)

    def detect(
        self,
        doc: Doc,
        *,
        classifier_positive: bool,
        score: float,
        unnamed_gate: float,
        alone_gate: float = 0.0,
    ) -> SafetyFinding:
        """The finding for one doc; ``classifier_positive`` and ``score`` are the classifier's
        adverse_event decision and score. A classifier positive with no event evidence at
        all (no lexicon hit, no reporting cue) stands only at ``alone_gate`` or above."""
        ctx = self.finder.context(doc, classifier_positive)
        if ctx is None:
            return SafetyFinding()
        kept, dropped_reasons = case_hits(ctx)
        own, unnamed = _attributed(ctx, kept)
        if unnamed and score >= unnamed_gate:
            own += unnamed
        theme_labels = doc._.theme_labels if Doc.has_extension("theme_labels") else None
        if own and _dosing_choice_only(ctx, own, theme_labels or {}):
            own = []
        finding = SafetyFinding()
        if own:
            finding.reportable, finding.decided_by = True, "rule"
        elif classifier_positive:
            veto = _classifier_veto(ctx, dropped_reasons, bool(kept))
            if veto is None and score < alone_gate and not _event_evidence(ctx, dropped_reasons):
                veto = "no_evidence"
            if veto is None:
                finding.reportable, finding.decided_by = True, "classifier"
            else:
                finding.vetoed = veto
        if finding.reportable:
            describe(ctx, finding, own, doc)
        return finding


def _classifier_veto(ctx: DocContext, dropped: set[str], any_kept: bool) -> str | None:
    """Why a classifier positive is not a case (None: let it stand)."""
    if competitor_only(ctx.mentions):
        return "competitor"
    if ctx.cues.get("no_case"):
        return "no_case"
    if any_kept:
        return "competitor"  # every surviving hit belonged to a competitor's product
    if never_exposed_sentences(ctx) == set(ctx.sent):
        return "never_exposed"
    if ctx.cues.get("training") and not patient_sentences(ctx, ctx.quantifiers, strong_only=True):
        return "training"
    for reason in _VETO_REASONS:
        if reason in dropped:
            return reason
    # Dropped only for want of a patient word: the classifier may know the phrasing.
    return None


def _event_evidence(ctx: DocContext, dropped: set[str]) -> bool:
    """Something in the note besides the classifier says an event happened: a hit the rules
    dropped only for its frame, or a reporting cue ("Dr reported it", "sent to PV").
    Seriousness words alone are not evidence ("take time off work" is no disability);
    the outcomes that are events ("died", "admitted") are hits of their own."""
    return bool(dropped & _WEAK_DROPS or ctx.cues.get("reported"))


def _attributed(ctx: DocContext, hits: list[Hit]) -> tuple[list[Hit], list[Hit]]:
    """Hits on our products, and hits in a note that names no product at all."""
    if not ctx.mentions:
        return [], list(hits)
    switch = ctx.sentences_with("switch")
    own = [h for h in hits if product_of(ctx, h, switch) == "own_product"]
    return own, []


def _dosing_choice_only(ctx: DocContext, hits: list[Hit], theme_labels: dict[str, float]) -> bool:
    """An off-label dose or interval the prescriber chose ("doubled her dose", "two shots at
    once", "6x a day instead of four", "at 5 months instead of 6 so it lines up w/ travel"),
    with no event, is off_label, not a case; a patient's slip ("doubled up", "took it
    twice", "by mistake", "caught it") still is. A dose or interval hit is the prescriber's
    choice when the note has no ``context/slip`` cue and either the hit's sentence has a
    ``context/dose_choice`` cue ("Dr Lee OK'd it", "they're dosing", "Stein's idea") or the
    note is read as off-label."""
    off_label = "off_label" in theme_labels
    chosen: set[int] = set()
    if not ctx.cues.get("slip"):  # "gave it at 3 wks instead of 8. office caught it": a slip
        chosen = {ctx.sent[start] for start, _ in ctx.cues.get("dose_choice", [])}
        if off_label:
            chosen = set(ctx.sent)
    return all(
        h.section == "special"
        and (
            (h.group == "lack_of_efficacy" and off_label)
            or (h.group == "overdose" and ctx.sent[h.start] in chosen)
            # the "instead of <number>" rule: a substituted dose or interval, no error word
            or (
                h.group == "medication_error"
                and ctx.lowers[h.start] == _INSTEAD
                and ctx.sent[h.start] in chosen
            )
        )
        for h in hits
    )
