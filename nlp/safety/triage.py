"""What drug safety triages a case by: its categories, seriousness and evidence."""

from spacy.strings import get_string_id
from spacy.tokens import Doc

from nlp.safety.attribution import product_of
from nlp.safety.doc_context import DocContext, Hit
from nlp.safety.finding import (
    ADVERSE_REACTION,
    CATEGORY_OF_SECTION,
    CATEGORY_ORDER,
    PRODUCT_COMPLAINT,
    SERIOUSNESS,
    SPECIAL_SITUATION,
    SafetyFinding,
)
from nlp.safety.scope import NOT_ADMISSION, is_negated, patient_sents

_ADMITTED = get_string_id("admitted")


def describe(ctx: DocContext, finding: SafetyFinding, own: list[Hit], doc: Doc) -> None:
    """Fill in the categories, seriousness, evidence and products of a reportable finding."""
    categories = {CATEGORY_OF_SECTION[hit.section] for hit in own}
    evidence = [(hit, f"{CATEGORY_OF_SECTION[hit.section]}:{hit.group}") for hit in own]
    theme_labels = doc._.theme_labels if Doc.has_extension("theme_labels") else None
    if ADVERSE_REACTION in categories and "off_label" in (theme_labels or {}):
        categories.add(SPECIAL_SITUATION)
    if not categories:
        categories = {_guess_category(ctx)}
    finding.categories = [c for c in CATEGORY_ORDER if c in categories]
    finding.category = finding.categories[0]
    finding.seriousness = [s for s in SERIOUSNESS if s in {h.group for h in serious_hits(ctx)}]
    finding.evidence = [
        (doc[h.start].idx, doc[h.end - 1].idx + len(doc[h.end - 1].text), label)
        for h, label in evidence
    ]
    refs = [m[3] for m in ctx.mentions if m[2] == "own_product"]
    finding.products = list(dict.fromkeys(refs))


def serious_hits(ctx: DocContext) -> list[Hit]:
    """Seriousness mentions that happened on our product (not hypothetical, general talk,
    negated, a competitor's, or someone who "admitted he ...")."""
    found: list[Hit] = []
    hypothetical = ctx.sentences_with("hypothetical")
    general = ctx.sentences_with("general_discussion") - patient_sents(ctx)
    switch = ctx.sentences_with("switch")
    for hit in ctx.seriousness:
        s = ctx.sent[hit.start]
        if s in hypothetical or s in general or is_negated(ctx, hit):
            continue
        if ctx.mentions and product_of(ctx, hit, switch) == "competitor":
            continue
        if ctx.lowers[hit.start] == _ADMITTED and (
            hit.end < len(ctx.doc) and ctx.lowers[hit.end] in NOT_ADMISSION
        ):
            continue
        found.append(hit)
    return found


def _guess_category(ctx: DocContext) -> str:
    """For a classifier-only case: a complaint if the note is about a unit, else a reaction."""
    if ctx.cues.get("product_nouns") and not ctx.sentences_with("patient"):
        return PRODUCT_COMPLAINT
    return ADVERSE_REACTION
