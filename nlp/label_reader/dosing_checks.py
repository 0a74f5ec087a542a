"""Checks of one dosing fact against a label: interval, time between doses, course length,
body surface, doses at once, repeat doses, amount."""

import re
from typing import Any

from nlp.label_reader import note
from nlp.label_reader.constraints import LabelConstraints, interval_name
from nlp.label_reader.sentence import Sentence
from nlp.label_reader.violation import DOSE, INTERVAL, ROUTE_KIND, Problem, Violation

_STRENGTH_BEFORE = re.compile(r"\b(?:samples?|boxes|box|packs?|strengths?) of (?:the )?$", re.I)

_STRENGTH_AFTER = re.compile(
    r"\s*(?:devices?|tabs?|tablets?|pens?|vials?|strengths?|capsules?|caps|syringes?|sprays? each|"
    r"packs?|boxes|bottles?)\b",
    re.I,
)

# An interval within 25% and within 10% (or a day) of a labelled one is the same: 4 weeks ~
# monthly, 12 weeks ~ every 3 months; 5 months is not every 6 months, nor 5 days weekly. A
# window between doses of a series ("2 to 6 months after") has 25% to spare at each end.
_RATIO = 1.25

_SAME_INTERVAL = 0.1
_SAME_INTERVAL_DAYS = 1.0


def scheduled(s: Sentence, fact: Any) -> bool:
    """An interval said of giving a drug ("giving it q2w"), not of visits or lunches."""
    local = (fact.start - s.start, fact.end - s.start)
    return note.is_dosing_context(s.visible, *local) and s.near_use(*local)


def strength(s: Sentence, found: Any) -> bool:
    """ "28 mg devices", "samples of the 20mg": what a pack holds, not a dose given."""
    after = s.text[found.end - s.start :]
    return bool(
        _STRENGTH_AFTER.match(after) or _STRENGTH_BEFORE.search(s.text[: found.start - s.start])
    )


def interval_problem(fact: Any, label: LabelConstraints) -> Problem | None:
    if not (label.intervals or label.interval_ranges) or _allowed(fact.value, label):
        return None
    return INTERVAL, f"{interval_name(fact.value)} vs {_allowed_text(label)}"


def gap_problem(fact: Any, label: LabelConstraints) -> Problem | None:
    """The time between two doses of a series, or before a repeat of a one-dose course."""
    series = (label.series_doses or 0) > 1 or bool(label.interval_ranges)
    if not series or _allowed(fact.value, label):
        return None
    gap = f"{interval_name(fact.value).replace('every ', '')} between doses"
    return INTERVAL, f"{gap} vs {_allowed_text(label)}"


def duration_problem(fact: Any, label: LabelConstraints) -> Problem | None:
    limit = label.max_duration_days
    if not limit or fact.value <= limit * 1.1:
        return None
    return DOSE, f"course of {fact.text.split(' ', 1)[-1]} > {_course(limit)}"


def bsa_problem(fact: Any, label: LabelConstraints) -> Problem | None:
    if label.max_bsa_percent is None or fact.value <= label.max_bsa_percent:
        return None
    return DOSE, f"{fact.value:g}% body surface area > {label.max_bsa_percent:g}%"


def multiple_problem(fact: Any, label: LabelConstraints) -> Problem | None:
    if fact.value < 1:
        return DOSE, "half dose vs a full dose"
    return DOSE, f"{fact.value:g} doses at once vs one dose at a time"


def repeat_problem(fact: Any, label: LabelConstraints) -> Problem | None:
    """ "2nd dose", "booster", "another this year" beyond the labelled number of doses."""
    if label.series_doses is None or _yearly(label):
        return None
    if (int(fact.value) or label.series_doses + 1) <= label.series_doses:
        return None
    noun = "a single dose" if label.series_doses == 1 else f"{label.series_doses} doses"
    return DOSE, f"{fact.text} vs {noun}"


def administered_against_label(violation: Violation) -> bool:
    """A wrong route, or a dose beyond the labelled series ("2nd dose vs a single dose")."""
    series = violation.kind == DOSE and violation.detail.endswith(("a single dose", " doses"))
    return violation.kind == ROUTE_KIND or series


def _course(days: float) -> str:
    for unit, size in (("years", 365), ("months", 30), ("weeks", 7)):
        if days >= size and days % size == 0:
            return f"{days / size:g} {unit}"
    return f"{days:g} days"


def _yearly(label: LabelConstraints) -> bool:
    """A dose each season or year: a second one next year is no repeat of the series."""
    return any(d >= 300 for d in label.intervals)


def single_course(label: LabelConstraints) -> bool:
    return label.series_doses == 1 and not _yearly(label)


def _allowed_text(label: LabelConstraints) -> str:
    return " or ".join(
        [interval_name(d) for d in label.intervals]
        + [f"{interval_name(a)} to {interval_name(b)} apart" for a, b in label.interval_ranges]
    )


def _allowed(days: float, label: LabelConstraints) -> bool:
    if any(_same_interval(days, a) for a in label.intervals if a > 0):
        return True
    return any(low / _RATIO <= days <= high * _RATIO for low, high in label.interval_ranges)


def _same_interval(days: float, labelled: float) -> bool:
    close = abs(days - labelled) <= max(labelled * _SAME_INTERVAL, _SAME_INTERVAL_DAYS)
    return close and 1 / _RATIO <= days / labelled <= _RATIO


# "can it go higher than 15 mg", "above 4 mg", "more than 500 mg": a dose beyond the one named
_ABOVE_BEFORE = re.compile(
    r"\b(?:higher|more|greater|bigger|larger|further)\s+than\s*(?:the\s+)?$|"
    r"\b(?:above|over|beyond|past|exceed(?:ing|s)?)\s*(?:the\s+)?$|>\s*$",
    re.I,
)


def above(s: Sentence, found: Any) -> bool:
    """The dose is a floor the note goes past ("higher than 15 mg"), not the dose given."""
    return bool(
        _ABOVE_BEFORE.search(s.text[max(0, found.start - s.start - 25) : found.start - s.start])
    )


def above_problem(found: Any, label: LabelConstraints) -> Problem | None:
    """Past a labelled maximum, or past the largest labelled dose."""
    unit = f"{found.unit}/kg" if found.per_kg else found.unit
    same = [d for d in label.max_doses if d.unit == found.unit and d.per_kg == found.per_kg]
    if same:
        limit = max(same, key=lambda d: d.amount)
        if found.amount >= limit.amount * 0.999:
            return DOSE, f"above {found.amount:g} {unit} > maximum {limit.label()}"
        return None
    listed = [d.amount for d in label.doses if d.unit == found.unit and d.per_kg == found.per_kg]
    if listed and found.amount >= max(listed) * 0.999:
        return DOSE, f"above {found.amount:g} {unit} > labelled {max(listed):g} {unit}"
    return None


def dose_problem(found: Any, label: LabelConstraints, sub_daily: list[Any]) -> Problem | None:
    """Above the labelled maximum (per dose, or per day when the note gives "BID" right
    after it), above every labelled dose, or a strength the label does not list when it
    lists a fixed few."""
    every = next((f.value for f in sub_daily if 0 <= f.start - found.end <= 12), None)
    detail = _dose_detail(found, label, every)
    return (DOSE, detail) if detail else None


def _dose_detail(found: Any, label: LabelConstraints, every_days: float | None) -> str | None:
    unit = f"{found.unit}/kg" if found.per_kg else found.unit  # "8 mg/kg", not "8 mg"
    same = [d for d in label.max_doses if d.unit == found.unit and d.per_kg == found.per_kg]
    if same:
        limit = max(same, key=lambda d: d.amount)
        if found.amount > limit.amount * 1.001:
            return f"{found.amount:g} {unit} > maximum {limit.label()}"
        if limit.per == "day" and every_days and found.amount / every_days > limit.amount * 1.001:
            total = found.amount / every_days
            return f"{found.amount:g} {unit} x {1 / every_days:g}/day = {total:g} > maximum {limit.label()}"
        return None
    listed = [d for d in label.doses if d.unit == found.unit and d.per_kg == found.per_kg]
    if not listed:
        return None
    amounts = sorted({d.amount for d in listed})
    if found.amount > amounts[-1] * 1.001:
        return f"{found.amount:g} {unit} > labelled {amounts[-1]:g} {unit}"
    if found.amount < amounts[0] * 0.999 and found.unit != "%":
        return f"{found.amount:g} {unit} < labelled {amounts[0]:g} {unit}"
    fixed = len(amounts) <= 3 and not label.max_doses
    if fixed and not any(abs(found.amount - a) <= a * 0.001 for a in amounts):
        shown = " or ".join(f"{a:g}" for a in amounts)
        return f"{found.amount:g} {unit} vs labelled {shown} {unit}"
    return None
