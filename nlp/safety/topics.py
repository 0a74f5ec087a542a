"""Mentions that name an event without reporting one.

- A topic list: three or more safety terms in a row, joined only by commas, slashes,
  "and"/"or", and not all of them reactions ("special situations (overdose, pregnancy,
  wrong pt, expired product)"). A patient's symptoms come as a list of reactions ("nausea,
  vomiting, rash"), which stays a case; a mix of situations and complaints is a syllabus.
- A resolution after a switch: "took her off Pulmessa bc of headaches, now on Trelvara,
  headaches gone": the event the note gave to another product, now over on ours.
"""

from spacy.strings import get_string_id

from nlp.safety.attribution import product_of
from nlp.safety.doc_context import DocContext, Hit

LIST_MIN = 3
LIST_GAP = 2  # tokens between two listed terms: ", " / ", and " / " or "
RESOLVED_WINDOW = 2  # "headaches gone", "rash now resolved"
_JOINERS = frozenset(get_string_id(w) for w in (",", "/", "and", "or", "&", "+", "(", ")", ";"))


def topic_lists(ctx: DocContext, strong_patients: set[int]) -> set[Hit]:
    """Hits that are items of a list of safety topics (not in a sentence with a patient
    named as no syllabus would)."""
    listed: set[Hit] = set()
    chain: list[Hit] = []
    for hit in ctx.hits:
        if chain and _joined(ctx, chain[-1], hit):
            chain.append(hit)
            continue
        listed |= _topic_chain(chain, ctx, strong_patients)
        chain = [hit]
    listed |= _topic_chain(chain, ctx, strong_patients)
    return listed


def _joined(ctx: DocContext, left: Hit, right: Hit) -> bool:
    gap = range(left.end, right.start)
    return (
        ctx.sent[left.start] == ctx.sent[right.start]
        and 0 < len(gap) <= LIST_GAP
        and all(ctx.lowers[i] in _JOINERS for i in gap)
    )


def _topic_chain(chain: list[Hit], ctx: DocContext, strong_patients: set[int]) -> set[Hit]:
    if len(chain) < LIST_MIN or all(h.section == "events" for h in chain):
        return set()
    if ctx.sent[chain[0].start] in strong_patients:
        return set()
    return set(chain)


def resolved_since_switch(ctx: DocContext, hit: Hit) -> bool:
    """The event is said to be over and the note already gave it to another product."""
    if hit.section != "events" or not ctx.mentions:
        return False
    after = range(hit.end, min(len(ctx.lowers), hit.end + RESOLVED_WINDOW + 1))
    if not any(start in after for start, _ in ctx.cues.get("resolved", [])):
        return False
    switch = ctx.sentences_with("switch")
    return any(
        earlier.group == hit.group
        and earlier.end <= hit.start
        and product_of(ctx, earlier, switch) == "competitor"
        for earlier in ctx.hits
    )
