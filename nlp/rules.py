"""Compliance rules read against the catalog: adverse-event vetoes and stale-content signals.

Off-label use is judged by the label reader (nlp/label_reader, nlp/components/off_label.py).

These work on plain text and catalog spans (start, end, kind, ref) so they can be tested
without a pipeline. The compliance component combines them with classifier scores.
"""

import re
from collections.abc import Sequence

Mention = tuple[int, int, str, str]  # start char, end char, kind, ref


def ae_competitor_only(mentions: list[Mention], span: tuple[int, int] | None = None) -> bool:
    """True when the text (or the given span of it) names competitors but no own product."""
    if span is not None:
        mentions = [m for m in mentions if span[0] <= m[0] < span[1]]
    kinds = {m[2] for m in mentions}
    return "competitor" in kinds and "own_product" not in kinds


# Reporting language: a rep or HCP reporting (or being told to report) an event or a
# product complaint. Matches inside a negated clause ("nothing to report") are ignored.
_AE_REPORT = re.compile(
    r"\b(?:reported|reporting|reportable|report(?:ed)? (?:it|this|that|the event|to)"
    r"|needs? (?:to be )?report|safety (?:line|#|number|form|reporting|dept|department)"
    r"|drug safety|pharmacovigilance|PV|medwatch|AE (?:form|report|line|submitted|filed)"
    r"|product complaint|complaint line|filed (?:a )?complaint|malfunction(?:ed|ing)?)\b",
    re.I,
)


# Every match of _AE_REPORT contains one of these tokens (lowercased), so a note without
# any of them needs no regex.
AE_CUE_WORDS = (
    "reported", "reporting", "reportable", "report", "safety", "pharmacovigilance", "pv",
    "medwatch", "ae", "complaint", "malfunction", "malfunctioned", "malfunctioning",
)  # fmt: skip


def ae_report_cues(text: str, negated: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Character spans of reporting language outside negated or resolved clauses."""
    found = []
    for match in _AE_REPORT.finditer(text):
        if not any(start <= match.start() < end for start, end in negated):
            found.append((match.start(), match.end()))
    return found


# Words that say a piece of content is out of date. Every stale_content training note has
# one of them or names a superseded/withdrawn asset code; without either, a note that
# merely mentions a current asset is not about stale content.
_STALE_WORDS = re.compile(
    r"\b(?:old|older|oldest|outdated|out[- ]of[- ]date|superseded|expired|expir\w*|withdrawn|"
    r"previous|prior (?:version|edition)|wrong|incorrect|obsolete|retired|recalled|pulled|"
    r"replac\w*|swap\w*|stale|no longer|updated?|new(?:er)? (?:version|one|edition|label)|latest|"
    r"last year'?s?|from (?:\d{4}|last year|years? ago)|\d+ (?:yrs?|years?) (?:old|ago)|dated|"
    r"still (?:using|uses|has|have|had|shows?|showing|says|lists|handing|giving|displaying))\b",
    re.I,
)


def stale_signal(
    text: str,
    mentions: list[Mention],
    stale_refs: set[str],
    scopes: Sequence[tuple[int, int]] = (),
) -> bool:
    """True when the text names a stale asset or uses words that say content is out of date.

    Mentions and words inside a negated or resolved scope ("swapped the old ones out",
    "no outdated pieces left") do not count.
    """

    def outside(position: int) -> bool:
        return not any(start <= position < end for start, end in scopes)

    if any(m[2] == "content_asset" and m[3] in stale_refs and outside(m[0]) for m in mentions):
        return True
    return any(outside(match.start()) for match in _STALE_WORDS.finditer(text))
