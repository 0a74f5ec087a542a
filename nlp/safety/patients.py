"""Who a safety mention is about: a specific person (a case) or patients in general.

A sentence *names* a patient when it has a patient word ("pt", "her son", "67F"), a counted
plural ("2 of her pts") or an identifier the PII component found. *Strong* patients are the ones no training
slide or reminder would write: identifiers, age and sex, and patient words other than the
bare "pt"/"patients" ("reminded them pt events get reported"). Beyond named patients, an
event still happened to someone when a pronoun is its subject ("she got pneumonia"), when
it is someone's own supply ("Tadeo's Lengtiva") or when it is tied in time to a dose ("after
the 3rd Sclerivo dose"): ``occurrence`` says so for one event.
"""

import re

from spacy.strings import get_string_id

from nlp.safety.doc_context import DocContext, breaks
from nlp.textutil import doc_text

PLURAL_WINDOW = 6  # "2 of Dr Ochoa's Oskendra pts"
PRONOUN_WINDOW = 3  # "she felt weird tingling"
ANCHOR_WINDOW = 8  # "tingling across her face for ~30 min after Velmistra"
# Age and sex shorthand for a patient: "52M", "67F", "34yo", "80yof", "9y/o".
_AGE_SEX = re.compile(r"\b\d{1,3}(?:m|f|yo|yom|yof|y/o)\b", re.I)
# A patient word made only of these ("that pt", "one of her pts") is one a reminder or a
# training slide writes too; a person word ("her son", "Mrs") or an identifier is not.
_BARE = frozenset(
    get_string_id(w)
    for w in (
        "pt", "pts", "patient", "patients", "pt's", "patient's", "a", "an", "the", "this",
        "that", "her", "his", "my", "their", "your", "one", "of", "same", "any",
    )
)  # fmt: skip
_POSSESSIVE = frozenset(get_string_id(w) for w in ("'s", "’s", "s'"))
_TITLES = frozenset(get_string_id(w) for w in ("dr", "dr.", "np", "pa", "rn", "nurse"))
_ANCHORS = frozenset(get_string_id(w) for w in ("after", "since", "following", "post"))


def patient_sentences(
    ctx: DocContext, quantifiers: frozenset[int], strong_only: bool = False
) -> set[int]:
    """Sentences that name a patient (``strong_only``: in a way a reminder would not)."""
    generic = ctx.cues.get("generic_patient", [])
    found: set[int] = set()
    for start, end in ctx.cues.get("patient", []):
        if any(g <= start and end <= h for g, h in generic):
            continue
        if strong_only and all(ctx.lowers[i] in _BARE for i in range(start, end)):
            continue
        found.add(ctx.sent[start])
    for span in ctx.doc.spans.get("pii", []):
        found.add(ctx.sent[span.start])
    # doc_text: ``doc.text`` is rebuilt from Token objects on every access.
    for match in _AGE_SEX.finditer(doc_text(ctx.doc)):
        token = ctx.doc.char_span(match.start(), match.end(), alignment_mode="expand")
        if token is not None:
            found.add(ctx.sent[token.start])
    if strong_only:
        return found
    for start, _ in ctx.cues.get("plural_patient", []):
        before = range(max(0, start - PLURAL_WINDOW), start)
        if any(ctx.lowers[i] in quantifiers or ctx.doc[i].like_num for i in before):
            found.add(ctx.sent[start])
    return found


def occurrence(ctx: DocContext, start: int, end: int) -> bool:
    """An event that happened to someone though no patient word names them."""
    return (
        _pronoun_subject(ctx, start)
        or ctx.sent[start] in _possessed_products(ctx)
        or anchored_to_a_dose(ctx, start, end)
    )


def _pronoun_subject(ctx: DocContext, start: int) -> bool:
    """A third-person pronoun just before the event, in its clause ("she got pneumonia",
    "he felt dizzy", "her rash")."""
    for _, p_end in ctx.cues.get("pronoun", []):
        if p_end <= start and start - p_end <= PRONOUN_WINDOW and not breaks(ctx, p_end, start):
            return True
    return False


def _possessed_products(ctx: DocContext) -> set[int]:
    """Sentences with "<name>'s <our product>": someone's own supply."""
    found = set()
    for start, _, kind, _ in ctx.mentions:
        if kind != "own_product" or start < 2 or ctx.lowers[start - 1] not in _POSSESSIVE:
            continue
        if start < 3 or ctx.lowers[start - 3] not in _TITLES:
            found.add(ctx.sent[start])
    return found


def anchored_to_a_dose(ctx: DocContext, start: int, end: int) -> bool:
    """An event tied in time to a dose of our product ("nosebleed after velmistra",
    "neutropenia after 3rd Sclerivo dose") happened to someone: it is an occurrence."""
    s = ctx.sent[start]
    limit = min(len(ctx.lowers), end + ANCHOR_WINDOW)
    for i in range(end, limit):
        if ctx.sent[i] != s:
            break
        if ctx.lowers[i] not in _ANCHORS:
            continue
        own = any(
            kind == "own_product" and i < m_start <= i + 4 for m_start, _, kind, _ in ctx.mentions
        )
        dose = any(i <= c_start <= i + 1 for c_start, _ in ctx.cues.get("exposure", []))
        return own or dose
    return False
