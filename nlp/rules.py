"""Compliance rules read against the catalog: off-label hints and adverse-event vetoes.

These work on plain text and catalog spans (start, end, kind, ref) so they can be tested
without a pipeline. The compliance component combines them with classifier scores.
"""

import re
from collections.abc import Sequence
from dataclasses import dataclass

from nlp.catalog import Catalog, IndicationRules, parse_indication

# "16 yo", "9 y/o", "34yo", "16-year-old", "14 months old", "age 7"
_AGE = re.compile(
    r"\b(\d{1,2})\s*(?:-?\s*(?:yo|y/o|y\.o\.?|yr?s?\s*old|-?years?[- ]old|year old|years old)"
    r"|\s*(?:months?|mos?)\s*old)\b|\bage[ds]?\s*(\d{1,2})\b",
    re.I,
)
_MONTHS = re.compile(r"months?|mos?", re.I)
# Words that place a patient under 18 without a number.
_MINOR_WORDS = {
    "pediatric": 10,
    "peds": 10,
    "paediatric": 10,
    "child": 8,
    "children": 8,
    "kid": 8,
    "kids": 8,
    "infant": 1,
    "baby": 1,
    "toddler": 2,
    "adolescent": 14,
    "adolescents": 14,
    "teen": 15,
    "teens": 15,
    "teenager": 15,
    "teenage": 15,
}
_MINOR = re.compile(r"\b(" + "|".join(_MINOR_WORDS) + r")\b", re.I)
_MG = re.compile(r"\b(\d+(?:\.\d+)?)\s*mg\b(?!\s*/\s*kg)", re.I)
_WORD = re.compile(r"[a-z][a-z0-9\-]+")
_FIRST_LINE = re.compile(
    r"\b(?:first[- ]?line|1st[- ]line|1L|front[- ]?line|up[- ]?front|treatment[- ]na[iï]ve|"
    r"newly diagnosed|as initial (?:therapy|treatment)|first agent|before (?:trying|any other)|"
    r"skip(?:ping|ped)?|without trying)\b",
    re.I,
)
_COMBINATION = re.compile(
    r"\b(?:in combination|combo|combined with|combining|combine|together with|on top of|"
    r"add(?:ed|ing)? (?:it )?(?:on|to)|in addition to|dual therapy|doublet|triplet)\b",
    re.I,
)
_MONOTHERAPY = re.compile(
    r"\b(?:monotherapy|mono therapy|as mono|single[- ]agent|by itself|on its own|"
    r"instead of (?:the |a |their )?(?:statin|base|background|other))\b",
    re.I,
)

Mention = tuple[int, int, str, str]  # start char, end char, kind, ref


@dataclass(frozen=True)
class OffLabelHit:
    start: int
    end: int
    product: str
    reason: str  # "age" | "dose" | "indication" | "line" | "combination" | "monotherapy"


def ages_in(text: str) -> list[tuple[int, int, int]]:
    """Patient ages mentioned in ``text`` as (start, end, years)."""
    found: list[tuple[int, int, int]] = []
    for match in _AGE.finditer(text):
        number = match.group(1) or match.group(2)
        years = 0 if _MONTHS.search(match.group(0)) and match.group(1) else int(number)
        found.append((match.start(), match.end(), years))
    for match in _MINOR.finditer(text):
        found.append((match.start(), match.end(), _MINOR_WORDS[match.group(1).lower()]))
    return found


class OffLabelRules:
    """Per-product indication limits, parsed once per catalog."""

    def __init__(self, catalog: Catalog) -> None:
        self.rules: dict[str, IndicationRules] = {
            p.name: parse_indication(p.indication)
            for p in catalog.products
            if p.is_own and p.indication
        }

    def hits(
        self, text: str, mentions: list[Mention], sentences: list[tuple[int, int]]
    ) -> list[OffLabelHit]:
        """Places where an own product appears beside an age, dose or use its label excludes."""
        own = [m for m in mentions if m[2] == "own_product" and m[3] in self.rules]
        if not own:
            return []
        masked = _mask(text, [m for m in mentions if m[2] == "content_asset"])
        hits: list[OffLabelHit] = []
        for start, end, years in ages_in(masked):
            for product in _nearest_products(own, sentences, start):
                limit = self.rules[product].min_age
                if limit is not None and years < limit:
                    hits.append(OffLabelHit(start, end, product, "age"))
        for sent_start, sent_end in sentences:
            in_sent = [m[3] for m in own if sent_start <= m[0] < sent_end]
            if not in_sent:
                continue
            sentence = masked[sent_start:sent_end]
            words = set(_WORD.findall(sentence.lower()))
            for product in dict.fromkeys(in_sent):
                rules = self.rules[product]
                for flag, pattern, reason in (
                    (rules.later_line, _FIRST_LINE, "line"),
                    (rules.monotherapy_only, _COMBINATION, "combination"),
                    (rules.adjunct_only, _MONOTHERAPY, "monotherapy"),
                ):
                    match = pattern.search(sentence) if flag else None
                    if match:
                        s, e = sent_start + match.start(), sent_start + match.end()
                        hits.append(OffLabelHit(s, e, product, reason))
                for match in _MG.finditer(sentence):
                    if rules.max_mg is not None and float(match.group(1)) > rules.max_mg:
                        s, e = sent_start + match.start(), sent_start + match.end()
                        hits.append(OffLabelHit(s, e, product, "dose"))
                for excluded in rules.exclusions:
                    if excluded <= words:
                        hits.append(OffLabelHit(sent_start, sent_end, product, "indication"))
        return hits


def _mask(text: str, spans: list[Mention]) -> str:
    # Asset titles ("Adolescent Efficacy Summary") must not read as patient facts.
    for start, end, _, _ in spans:
        text = text[:start] + " " * (end - start) + text[end:]
    return text


def _nearest_products(own: list[Mention], sentences: list[tuple[int, int]], pos: int) -> list[str]:
    for sent_start, sent_end in sentences:
        if sent_start <= pos < sent_end:
            same = [m[3] for m in own if sent_start <= m[0] < sent_end]
            if same:
                return list(dict.fromkeys(same))
    return list(dict.fromkeys(m[3] for m in own))


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
