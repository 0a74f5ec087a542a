"""Doses and schedule of an indication: amounts and maxima, intervals and windows between
doses, course length and the number of doses (titration, loading and step doses are none)."""

import re

from nlp.label_reader.constraints import Dose, LabelConstraints
from nlp.label_reader.patterns import (
    bsa_in,
    days,
    doses_in,
    interval_ranges_in,
    intervals_in,
    number,
)

_MAX_CUE = re.compile(
    r"\b(?:maximum|max\.?|up to|not (?:to )?exceed(?:ing)?|no more than|at most)\b", re.I
)
_TITRATION = re.compile(
    r"\b(?:titrat\w*|increas\w*|increments?|adjust\w*|escalat\w*|no more (?:often|frequently) than|"
    r"monitor\w*|"
    r"reassess\w*|evaluat\w*|check\w*)\b[^;,.]*$",
    re.I,
)
_SINGLE = re.compile(
    r"\bsingle(?:[- ]dose\b|\s+(?:[\d.]+\s*(?:ml|mg|mcg|g|iu|units?)(?:/kg)?\s+)?(?:\w+\s+)?"
    r"(?:dose|injection|administration|vaccination|infusion|tablet|capsule|pill|patch|application))"
    r"|\bone[- ]time\b"
    r"|\bone (?:[\d.]+\s*(?:ml|mg|mcg)\s+)?(?:\w+\s+)?dose\b|\bonce only\b"
    r"|\b(?:given|administered|injected|infused) once\b(?!\s+(?:a|per|every|each|daily|weekly|monthly|"
    r"yearly|annually)\b)",
    re.I,
)
_SERIES = re.compile(
    r"(?<!for )(?<!maximum )(?<!max )(?<!in )(?<!up to )(?<!than )\b(two|three|four|2|3|4)(?:[- ]dose series|\s+"
    r"(?:[\d.]+\s*(?:ml|mg|mcg)\s+)?(?!divided|loading|initial|induction)(?:\w+\s+)?doses\b)",
    re.I,
)
_MAX_DURATION = re.compile(
    r"\b(?:for|for no more than|for up to|for a maximum(?: cumulative)? (?:duration )?of|"
    r"(?<!\d )(?:through|until)|(?:no|not) more than|no longer than|not to exceed|"
    r"maximum(?: of)?|a maximum(?: of)?|"
    r"(?:maximum|cumulative) (?:cumulative )?duration of|no longer than|up to)\s+(?:\d+\s+to\s+)?"
    r"(\d+|one|two|three|four|six|twelve)\s*(?:consecutive\s+)?(days?|weeks?|months?|years?)\b"
    r"(?!\s+(?:of age|old|and older|after|apart|per|each|of each|every)\b)",
    re.I,
)
# "weekly for 3 weeks, followed by a patch-free week", "left in place for 21 days, then removed
# for a 7-day break": a cycle that repeats, the on-weeks are no course length.
_CYCLE_AFTER = re.compile(
    r"[^;.]{0,12}\b(?:followed by|then)\b[^;.]{0,30}?(?:\w+-free|\boff\b|\bbreak\b|\brest\b|"
    r"\bremoved\b|\bwithout\b)",
    re.I,
)
# "starting dose 1 to 4 mg": where dosing begins, not its ceiling
_STARTING_BEFORE = re.compile(r"\b(?:start\w*|initial\w*|initiat\w*)\b(?:\s+\w+){0,3}\s*$", re.I)
_BOOSTER_ALLOWED = re.compile(
    r"\bboosters?(?: doses?)? (?:may|can|should|is|are) (?:be )?(?:given|administered|recommended)"
    r"|\bboosters?(?: doses?)? (?:at|after|every)\b",
    re.I,
)
_EVERY_AFTER = re.compile(r"[^;.]{0,20}?\b(?:once\s+)?every\b", re.I)
_LOADING_AFTER = re.compile(
    r"\s*(?:for|x)\s*(?:\d+|two|three|four)\s*(?:doses|injections|infusions)", re.I
)
_TOPICAL_FORM = re.compile(
    r"\s*(?:\w+\s+)?(?:cream|gel|ointment|lotion|foam|solution|spray|shampoo|patch|strength)",
    re.I,
)
_DOSE_UNIT = r"(?:mg|mcg|µg|ug|g|ml|units?|iu)"
_STATED_MAX = re.compile(
    _MAX_CUE.pattern + rf"\s*(?:of\s+)?\d[\d.,]*\s*(?:{_DOSE_UNIT}|lipase|\w+\s+units)\b", re.I
)
_DOSE_RANGE = re.compile(
    rf"\b\d+(?:\.\d+)?\s*{_DOSE_UNIT}?\s*(?:to|-|–|through)\s*\d+(?:\.\d+)?\s*{_DOSE_UNIT}"
    r"(?:\s*/\s*(?:kg|day|d|week|wk|dose))*(?![\w/])",
    re.I,
)
_STEP_BEFORE = re.compile(
    r"\b(?:by|increments? of|steps? of|increases? of|decreases? of|reduc\w* by)\s*$", re.I
)
_STEP_AFTER = re.compile(r"\s*(?:/\s*\w+\s*)?(?:increments?|steps?)\b", re.I)
# "to a maximum of 60 mg/day in children and 70 mg/day in adults": the maximum goes on.
_MAX_GOES_ON = re.compile(r"[^;.\d]{0,30}?(?:\band\b|\bor\b|,)[^;.\d]{0,12}", re.I)
_AMOUNT_AFTER = re.compile(r"\s*(?:doses?|dosage|amount|exposure|intake|limit)\b", re.I)
_ONCE_A_DAY = re.compile(
    r"\b(?:taken|given|used|applied|administered|once)\s+(?:at bedtime|in the (?:evening|morning)|"
    r"each (?:evening|morning|night)|every (?:evening|morning|night))\b",
    re.I,
)


def read_doses(approved: str, out: LabelConstraints) -> None:
    """Amounts; a maximum ("up to 40 mg/day", "... and 70 mg/day in adults") and, when the
    label states none, the top of a range ("1 mg to 4 mg"; not a starting range) limit; a
    titration step ("by 10 mg") is no dose."""
    explicit = bool(_STATED_MAX.search(approved))  # a stated maximum: a range's top is no limit
    tops = {
        m.end()
        for m in _DOSE_RANGE.finditer(approved)
        if not explicit
        and not _STARTING_BEFORE.search(approved[max(0, m.start() - 30) : m.start()])
    }
    last_max = -1
    for found in doses_in(approved):
        if found.unit == "%" and not _TOPICAL_FORM.match(approved[found.end :]):
            continue  # "ejection fraction of 40% or less" is no dose
        if _STEP_BEFORE.search(approved[max(0, found.start - 20) : found.start]):
            continue
        if _STEP_AFTER.match(approved[found.end :]):
            continue
        dose = Dose(found.amount, found.unit, found.per_kg, found.per)
        window = approved[max(0, found.start - 30) : found.start]
        cue = _MAX_CUE.search(window)
        between = approved[last_max : found.start] if last_max >= 0 else ""
        if (
            (cue and not re.search(r"[;,]", window[cue.end() :]))
            or found.end in tops
            or (between and _MAX_GOES_ON.fullmatch(between))
        ):
            if dose not in out.max_doses:
                out.max_doses.append(dose)
            last_max = found.end
        elif dose not in out.doses:
            out.doses.append(dose)
    for bsa in bsa_in(approved):
        out.max_bsa_percent = bsa.value


def read_schedule(approved: str, out: LabelConstraints) -> None:
    """Intervals, windows between doses, course length and the number of doses."""
    ranges = [
        r
        for r in interval_ranges_in(approved)
        if not _TITRATION.search(approved[max(0, r[0] - 40) : r[0]])
        and not re.search(r"\bfor\s*$", approved[: r[0]])
    ]
    out.interval_ranges = [[low, high] for _, _, low, high in ranges]
    every: list[float] = []
    for interval in intervals_in(approved):
        if any(a <= interval.start < b for a, b, _, _ in ranges):
            continue
        if _TITRATION.search(approved[max(0, interval.start - 40) : interval.start]):
            continue
        if _LOADING_AFTER.match(approved[interval.end :]):
            continue  # "every 4 weeks for 3 doses, then every 8 weeks": loading only
        if _AMOUNT_AFTER.match(approved[interval.end :]):
            continue  # "the maximum weekly dose", "total daily dose": an amount, no interval
        every.append(interval.value)
    if not every and not ranges and _ONCE_A_DAY.search(approved):
        every.append(1.0)  # "one tablet taken at bedtime"
    out.intervals = sorted({round(d, 3) for d in every})
    durations = [
        days(m.group(1), m.group(2))
        for m in _MAX_DURATION.finditer(approved)
        if not _CYCLE_AFTER.match(approved[m.end() :])
    ]
    if durations:
        out.max_duration_days = max(durations)
    if _BOOSTER_ALLOWED.search(approved):
        return  # "a booster dose may be given 1 year or later": the series has no fixed end
    single = _SINGLE.search(approved)
    if single:
        # "a single dose; retreatment no sooner than 12 weeks": one dose per course; "a single
        # injection once every 6 months": one injection per dose, repeated
        repeated = out.interval_ranges or _EVERY_AFTER.match(approved[single.end() :])
        out.series_doses = None if repeated else 1
    else:
        series = _SERIES.search(approved)
        if series:
            out.series_doses = int(number(series.group(1)))
