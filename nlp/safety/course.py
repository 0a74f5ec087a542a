"""The course of the condition treated, which is not an adverse event.

Three phrasing classes name a condition without saying our product caused it:

- an improvement: "less itching", "fewer migraines", "rash cleared", "the itch is gone"
  (unless the sentence says the product was stopped: "rash cleared after stopping it" is a
  dechallenge, and the rash is still a case);
- the event that was the reason to start: "started it after her MI", "<ours> for a 74 yo
  after hip fx", "restarting since the stroke" (no dose, number or product between the
  anchor and the condition: "after the 2nd dose, a rash" is an onset);
- the people a condition describes: "infants w/ rashes", "kids with eczema" (a counted
  group, "2 pts w/ a rash", is patients, not a population).

The cue words are lexicon data (``context/improvement``, ``context/resolved``,
``context/dechallenge``, ``context/treatment_start``, ``context/plural_patient``).
"""

from spacy.strings import get_string_id

from nlp.safety.doc_context import CLAUSE_BREAKS, DocContext, Hit, breaks

IMPROVED_GAP = 1  # "less itching", "fewer migraines": the improvement word right before
RESOLVED_GAP = 3  # "back pain is way better", "rash has now cleared": link words between
ANCHOR_GAP = 3  # "after a bad hip fx": words between the anchor and the condition
FROM_GAP = 3  # "from (almost) daily headaches to ...", "... headaches a week to 2"
_FROM = get_string_id("from")
_TO = get_string_id("to")
_FEWER = frozenset(
    get_string_id(w)
    for w in (
        "maybe", "none", "zero", "nothing", "rare", "rarely", "almost", "hardly", "occasional",
        "just", "only", "few", "a", "one", "once", "two", "twice", "<",
    )
)  # fmt: skip
_ANCHORS = frozenset(get_string_id(w) for w in ("after", "following", "post", "since"))
_WITH = frozenset(get_string_id(w) for w in ("w/", "with", "w", "having"))
# Words that make "after ..." date an onset, not a reason: "after the 2nd dose, a rash",
# "after it", "after starting".
_DOSE_WORDS = frozenset(
    get_string_id(w)
    for w in (
        "dose", "doses", "dosing", "shot", "shots", "jab", "injection", "injections",
        "infusion", "infusions", "it", "them", "starting", "started", "switching", "taking",
        "using", "pill", "pills", "tab", "tabs", "patch", "spray", "pen",
    )
)  # fmt: skip
# Between an event and "gone"/"cleared": the verb that carries it, nothing more.
_LINKS = frozenset(
    get_string_id(w)
    for w in (
        "is", "was", "has", "had", "have", "'s", "are", "were", "all", "now", "completely",
        "totally", "fully", "mostly", "much", "got", "getting", "way",
    )
)  # fmt: skip


def course_reason(ctx: DocContext, hit: Hit) -> str | None:
    """Why an event mention is the course of the condition treated (None: it is not)."""
    if hit.section != "events":
        return None
    if _improved(ctx, hit):
        return "improved"
    if _reason_for_treatment(ctx, hit) or _population(ctx, hit):
        return "indication"
    return None


def _in_sentence(ctx: DocContext, group: str, s: int) -> list[tuple[int, int]]:
    return [(a, b) for a, b in ctx.cues.get(group, []) if ctx.sent[a] == s]


def _improved(ctx: DocContext, hit: Hit) -> bool:
    s = ctx.sent[hit.start]
    before = any(
        hit.start - IMPROVED_GAP <= end <= hit.start and not breaks(ctx, end, hit.start)
        for _, end in _in_sentence(ctx, "improvement", s)
    )
    after = any(
        hit.end <= start <= hit.end + RESOLVED_GAP
        and all(ctx.lowers[i] in _LINKS for i in range(hit.end, start))
        for start, _ in _in_sentence(ctx, "resolved", s)
    )
    return (before or after or _fell(ctx, hit)) and not _in_sentence(ctx, "dechallenge", s)


def _fell(ctx: DocContext, hit: Hit) -> bool:
    """ "went from daily headaches to maybe 2 a month", "from 10 migraines a month to 3": a
    frequency that fell; "from mild headaches to daily ones" names no fall and stays."""
    start = hit.start
    while start > 0 and hit.start - start < FROM_GAP and ctx.lowers[start - 1] != _FROM:
        start -= 1
        if ctx.punct[start]:
            return False
    if start == 0 or ctx.lowers[start - 1] != _FROM:
        return False
    for at in range(hit.end, min(len(ctx.lowers) - 1, hit.end + FROM_GAP)):
        if ctx.lowers[at] == _TO:
            nxt = ctx.doc[at + 1]
            return nxt.lower in _FEWER or (nxt.like_num and not ctx.doc[start].like_num)
        if ctx.punct[at]:
            return False
    return False


def _reason_for_treatment(ctx: DocContext, hit: Hit) -> bool:
    """ "after <condition>" in a sentence that starts treatment, and stops none."""
    s = ctx.sent[hit.start]
    for at in range(hit.start - 1, max(-1, hit.start - ANCHOR_GAP - 2), -1):
        if ctx.sent[at] != s:
            return False
        if ctx.lowers[at] in _ANCHORS:
            starts = _in_sentence(ctx, "treatment_start", s)
            return any(end <= at for _, end in starts) and not _in_sentence(ctx, "dechallenge", s)
        if _onset_word(ctx, at):
            return False
    return False


def _onset_word(ctx: DocContext, i: int) -> bool:
    return (
        ctx.punct[i]
        or ctx.lowers[i] in CLAUSE_BREAKS
        or ctx.lowers[i] in _DOSE_WORDS
        or ctx.doc[i].like_num
        or any(start <= i < end for start, end, _, _ in ctx.mentions)
    )


def _population(ctx: DocContext, hit: Hit) -> bool:
    """ "infants w/ rashes": a group of people by their condition, not counted."""
    for start, end in ctx.cues.get("plural_patient", []):
        if end >= len(ctx.lowers) or ctx.lowers[end] not in _WITH:
            continue
        if not (end < hit.start <= end + ANCHOR_GAP) or breaks(ctx, end, hit.start):
            continue
        counted = any(ctx.doc[i].like_num for i in range(max(0, start - 3), start))
        if not counted:
            return True
    return False
