"""The exclusion clauses of an indication ("not indicated for ...", "contraindicated in
...") and their items; an excluded dose, interval, course length or line is read as a limit."""

import re
from typing import Any

from nlp.label_reader.constraints import Dose, LabelConstraints
from nlp.label_reader.patterns import days, doses_in, intervals_in
from nlp.label_reader.population import CHILD_WORDS, OLDER, PEOPLE
from nlp.label_reader.terms import looks_like_disease

_EXCLUSION_CUE = re.compile(
    r"\b(?:(?:is\s+|are\s+)?not\s+(?:indicated|approved|recommended|labell?ed|intended|studied|"
    r"established|for use|to be used)|not\s+for|contraindicated|should not be (?:used|given)|"
    r"do not (?:use|give|administer|repeat)|excluding|except|not in combination with)\b"
    r"(?:\s+(?:for|in|as|during|with|to)\b)?(?:\s+use\s+(?:in|for|during|as)\b)?",
    re.I,
)

_CLAUSE_END = re.compile(r";|\.(?!\d)|$")

_CLAUSE_END_IN_BRACKETS = re.compile(r";|\.(?!\d)|\)|$")

_ITEM_SPLIT = re.compile(r",|\bor\b|\band\b", re.I)

# "Use in combination with an ESA is not recommended", "use in pediatric patients younger than
# 18 is not recommended": the excluded use is the subject, before the cue.
_USE_SUBJECT = re.compile(r"\buse\s+(?=(?:in|with|during|for)\b)", re.I)
_PASSIVE_CUE = re.compile(r"(?:is|are)\s+not|should not be", re.I)

# Not an item of its own: a relative clause or pronoun left by the split ("which requires
# parenteral hydrocortisone", "these"), a bare comparative ("BMI of 30 or higher"), a nested cue.
_FRAGMENT = re.compile(
    r"(?:which|who|whom|whose|that|these|those|this|it|they|them|such|not|higher|greater|"
    r"lower|less|more|above|below|over|under|older|younger|heavier|lighter|smaller|larger|bigger|"
    r"longer|shorter)\b",
    re.I,
)
_INCLUDING = re.compile(r"^(?:including|includes|such as|e\.g\.,?|like)\s+", re.I)

_REPEAT_EXCLUDED = re.compile(
    r"\bbooster|\brepeat(?:ed)? dos|\brevaccinat|\bbeyond (?:\w+ )?doses?\b|\bbeyond (?:two|three|\d)\b"
    r"|\b(?:additional|further|more|second|subsequent|another) (?:\w+ )?(?:doses?|courses?|infusions?|"
    r"injections?)\b|\bretreat",
    re.I,
)

_ADULT_WORD = re.compile(r"adults?|elderly|seniors|patients|people", re.I)

_ABOVE = re.compile(
    r"\b(?:above|over|greater than|more than|higher than|exceeding|in excess of)\s*$|>\s*$", re.I
)

# a word naming what the dose is of, before "doses above": another drug's dose
_OTHER_DRUG_DOSE = re.compile(
    r"^\s*(?:with\s+|and\s+)?(?!(?:daily|total|weekly|single|higher|the|its|cumulative)\b)"
    r"[a-z][\w-]+\s+(?:doses?|dosing|dosages?)\b",
    re.I,
)

_MORE_OFTEN = re.compile(r"\bmore (?:often|frequent(?:ly)?) than\b", re.I)

_LONGER_USE = re.compile(
    r"\b(?:beyond|longer than|more than|over|past)\s+(\d+|one|two|three|four|six|twelve)\s*"
    r"(days?|weeks?|months?|years?)\b",
    re.I,
)

_FIRST_LINE_ITEM = re.compile(
    r"\b(?:first[- ]line|initial (?:therapy|treatment)|treatment-na[iï]ve)\b", re.I
)


def exclusion_items(clause: str, lexicon: dict[str, Any]) -> list[str]:
    """The items of an exclusion list, each without its leading "for"/"in"; a lone modifier
    takes the head of the phrase it is coordinated with ("acute or postoperative pain" ->
    "acute pain", "postoperative pain"); "18 and older" stays one item."""
    clause = OLDER.sub(lambda m: f"{m.group(1)} {m.group(2) or ''} plus_older", clause)
    # (item, opens with its own "for"/"in", named as an example: "including dengue")
    items: list[tuple[str, bool, bool]] = []
    for raw in _split_outside_brackets(clause):
        raw = _balanced(raw.strip(" ,;:"))
        example = bool(_INCLUDING.match(raw))
        raw = _INCLUDING.sub("", raw)
        item = re.sub(r"^(?:for|in|as|during|with)\s+", "", raw, flags=re.I)
        if item and not _FRAGMENT.match(item):
            items.append((item, item != raw, example))
    conditions = {f for forms in lexicon["conditions"].values() for f in forms}
    out = []
    for i, (item, _, example) in enumerate(items):
        if not example and _is_lone_modifier(item, conditions):
            for later, opens, _ in items[i + 1 :]:
                words = later.split()
                if opens or any(c.isdigit() for c in later):
                    break
                if len(words) > 1:
                    item = f"{item} {words[-1]}" if len(words) <= 4 else item
                    break
        out.append(item)
    return out


def _split_outside_brackets(clause: str) -> list[str]:
    """Split a list at commas, "or" and "and", never inside brackets: "(WHO Group 2) or
    ..." and "(Child-Pugh B or C)" stay whole."""
    depth, masked = 0, []
    for char in clause:
        depth += char == "("
        masked.append("_" if depth and char not in "()" else char)
        depth -= char == ")" and depth > 0
    cuts = [(m.start(), m.end()) for m in _ITEM_SPLIT.finditer("".join(masked))]
    out, last = [], 0
    for start, end in cuts:
        out.append(clause[last:start])
        last = end
    return [*out, clause[last:]]


def _balanced(item: str) -> str:
    """Drop a bracket left open or closed by the clause's end: "disease (IBS-D" -> "disease
    (IBS-D)" is kept whole; a stray ")" or "(" goes."""
    opened, closed = item.count("("), item.count(")")
    if opened > closed:
        item = item + ")" * (opened - closed)
    while item.startswith(")") or (item.count(")") > item.count("(") and item.endswith(")")):
        item = item[1:] if item.startswith(")") else item[:-1]
    return item.strip(" ,;:(")


def without_brackets(item: str) -> str:
    """The item without its bracketed asides ("(WHO Group 2)"): what a note must name."""
    return re.sub(r"\s*\([^()]*\)", "", item).strip()


_ADJECTIVE = re.compile(r"[a-z-]+(?:ed|ic|al|ar|ous|ive|oid|ary|ile|ant|ent)")


def _is_lone_modifier(item: str, conditions: set[str]) -> bool:
    """One word, or a few adjectives, that name no disease and no people: "acute" in "acute
    or chronic pain", "generalized pustular" in "generalized pustular or erythrodermic
    psoriasis"."""
    words = item.lower().split()
    if len(words) > 1 and not all(_ADJECTIVE.fullmatch(w) for w in words):
        return False
    if not item.islower() or item.lower() in conditions:
        return False
    for word in words:
        if looks_like_disease(word) or word in conditions:
            return False
        if CHILD_WORDS.search(word) or word in PEOPLE or _ADULT_WORD.fullmatch(word):
            return False
    return True


def schedule_item(item: str, out: LabelConstraints) -> bool:
    """An excluded dose, interval, course length or line of therapy, read as a limit:
    "doses above 4 mg/day", "dosing more often than every 6 months", "use beyond 18
    months", "first-line therapy"; an excluded interval the labelled one already rules out."""
    found = [d for d in doses_in(item) if _ABOVE.search(item[: d.start])]
    if found and _OTHER_DRUG_DOSE.search(item[: found[0].start]):
        return True  # "with simvastatin doses above 20 mg": another drug's dose, no limit of ours
    for dose in found:
        out.max_doses.append(Dose(dose.amount, dose.unit, dose.per_kg, dose.per))
    if found:
        return True
    every = intervals_in(item)
    if every and _MORE_OFTEN.search(item):
        if not out.intervals and not out.interval_ranges:
            out.interval_ranges.append([every[0].value, every[0].value * 3])
        return True
    if every and (out.intervals or out.interval_ranges):
        return True  # "not for twice-daily dosing" of a once-daily label
    longer = _LONGER_USE.search(item)
    if longer:
        limit = days(longer.group(1), longer.group(2))
        out.max_duration_days = min(out.max_duration_days or limit, limit)
        return True
    if _FIRST_LINE_ITEM.search(item):
        out.later_line = True
        return True
    if _REPEAT_EXCLUDED.search(item):
        if out.series_doses is None:
            out.series_doses = 1
        return True
    return False


def exclusion_clauses(text: str) -> list[tuple[int, int, int]]:
    """(cue start, body start, end) of each exclusion clause."""
    clauses = []
    for cue in _EXCLUSION_CUE.finditer(text):
        passive = _passive_subject(text, cue)
        if passive:
            clauses.append(passive)
        # "(not approved for Crohn's disease)" ends at its bracket; a clause outside
        # brackets runs on over any bracket inside it ("cirrhosis (F4) or for ...").
        inside = text.count("(", 0, cue.start()) > text.count(")", 0, cue.start())
        end_match = (_CLAUSE_END_IN_BRACKETS if inside else _CLAUSE_END).search(text, cue.end())
        end = end_match.start() if end_match else len(text)
        clauses.append((cue.start(), cue.end(), end))
    return clauses


def _passive_subject(text: str, cue: re.Match[str]) -> tuple[int, int, int] | None:
    """ "Use in X is not recommended." at a clause's end: (use start, body start, cue start)."""
    if not _PASSIVE_CUE.match(cue.group(0)):
        return None
    after = _CLAUSE_END.search(text, cue.end())
    if after and text[cue.end() : after.start()].strip():
        return None  # "is not recommended in X": the body follows, read as usual
    begin = max((m.end() for m in re.finditer(r"[;.](?!\d)", text[: cue.start()])), default=0)
    subjects = list(_USE_SUBJECT.finditer(text, begin, cue.start()))
    if not subjects:
        return None
    return (subjects[-1].start(), subjects[-1].end(), cue.start())


def blank_out(text: str, spans: list[tuple[int, int]]) -> str:
    chars = list(text)
    for start, end in spans:
        chars[start:end] = " " * (end - start)
    return "".join(chars)
