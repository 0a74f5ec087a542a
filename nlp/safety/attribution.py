"""Which product a safety event belongs to: ours, or a competitor's.

The nearest product in the event's sentence, except that a product the event is said to
follow ("after the 2nd Visorel shot") wins, a switch gives the event to the product left
(or to the new one when the event came "after switching"), and in a combination ours is
co-suspect. An event in a sentence without a product belongs to the last sentence that
named one.
"""

from spacy.strings import get_string_id

from nlp.safety.doc_context import DocContext, Hit, Mention, breaks

CAUSE_WINDOW = 6  # "floaters and eye pain after the 2nd Visorel shot"


def product_of(ctx: DocContext, hit: Hit, switch: set[int]) -> str | None:
    """The kind of the product an event belongs to (nearest mention, switch-aware)."""
    s = ctx.sent[hit.start]
    same = [m for m in ctx.mentions if ctx.sent[m[0]] == s]
    if not same:
        # No product in the event's sentence: the products of the last sentence that had one.
        before = [m for m in ctx.mentions if m[1] <= hit.start]
        last = before[-1] if before else ctx.mentions[0]
        s = ctx.sent[last[0]]
        same = [m for m in ctx.mentions if ctx.sent[m[0]] == s]
        hit = Hit(last[0], last[1], hit.section, hit.group)
        later = True
    else:
        later = False
    if same:
        if len({m[2] for m in same}) > 1:
            named = _named_cause(ctx, hit, same)
            if named is not None:
                return named
            if s in switch:
                # An event told after the switch sentence happened on the new product:
                # "switched her from X to Y. pt now has a rash".
                return _switched_kind(ctx, same, s, hit, after=later)
            if s in ctx.sentences_with("combination"):
                return "own_product"  # ours is co-suspect in a combination
            put_on = {m[2] for m in same if _after_on(ctx, m)}
            if later and put_on:
                # "put a pt who failed X on <ours>. pt now has ...": the event of a later
                # sentence happened on the product the patient was put on (ours if several)
                return "own_product" if "own_product" in put_on else "competitor"
        nearest = min(same, key=lambda m: _distance(ctx, hit, m))
        return nearest[2]
    before = [m for m in ctx.mentions if m[1] <= hit.start]
    if before:
        return before[-1][2]
    return ctx.mentions[0][2]


def _distance(ctx: DocContext, hit: Hit, mention: Mention) -> tuple[bool, int, int]:
    """Nearest first, but a product in the event's own clause before one across a comma."""
    start, end = mention[0], mention[1]
    apart = breaks(ctx, end, hit.start) if end <= hit.start else breaks(ctx, hit.end, start)
    return apart, min(abs(start - hit.end), abs(hit.start - end)), start


def _switched_kind(
    ctx: DocContext, mentions: list[Mention], sent: int, hit: Hit, after: bool = False
) -> str:
    """The product switched from; or the one switched to when the event came "after
    switching" ("nausea after switching to CPV from Calvenna") or is told in a later
    sentence (``after``)."""
    source = {get_string_id("from"), get_string_id("off")}
    since = {get_string_id(w) for w in ("after", "since", "then", "now")}
    after_switch = any(
        ctx.sent[start] == sent and any(w in since for w in ctx.lowers[max(0, start - 2) : start])
        for start, _ in ctx.cues.get("switch", [])
    ) or any(w in since for w in ctx.lowers[max(m[1] for m in mentions) : hit.start])
    after_switch = after_switch or after
    origin = next(
        (m for m in mentions if any(w in source for w in ctx.lowers[max(0, m[0] - 2) : m[0]])),
        mentions[0],
    )
    if after_switch:
        other = [m for m in mentions if m is not origin]
        return other[0][2] if other else origin[2]
    return origin[2]


def _named_cause(ctx: DocContext, hit: Hit, mentions: list[Mention]) -> str | None:
    """The product the event is said to follow: "eye pain after the 2nd Visorel shot",
    "hives on Cardomyx", "anaphylaxis to Agalvia" (a mention just after the event)."""
    # "to" names the cause of an allergy or reaction ("anaphylaxis to Agalvia").
    cause = {get_string_id(w) for w in ("after", "since", "on", "with", "w/", "to")}
    origin = {get_string_id(w) for w in ("from", "off")}
    for start, _, kind, _ in mentions:
        if any(w in origin for w in ctx.lowers[max(0, start - 2) : start]):
            continue  # "after switching from X": X is what the patient left, see _switched_kind
        near = hit.end <= start <= hit.end + CAUSE_WINDOW and not breaks(ctx, hit.end, start)
        if near and any(w in cause for w in ctx.lowers[hit.end : start]):
            return kind
    return None


def _after_on(ctx: DocContext, mention: Mention) -> bool:
    return mention[0] > 0 and ctx.lowers[mention[0] - 1] == _ON


_ON = get_string_id("on")


def competitor_only(mentions: list[Mention]) -> bool:
    kinds = {m[2] for m in mentions}
    return "competitor" in kinds and "own_product" not in kinds
