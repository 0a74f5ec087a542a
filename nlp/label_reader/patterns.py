"""Numbers with units, as labels and reps write them: ages, doses, intervals.

Shared by the indication reader and the note reader, so "every 2 weeks" in a label and
"q2wk" in a note come out as the same 14 days. Each finder returns character spans.
"""

import re
from dataclasses import dataclass

NUMBER_WORDS = {
    "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "seven": 7, "eight": 8,
    "nine": 9, "ten": 10, "twelve": 12, "other": 2, "a": 1,
}  # fmt: skip
_UNIT_DAYS = {"h": 1 / 24, "d": 1.0, "w": 7.0, "m": 30.0, "y": 365.0}


def unit_days(unit: str) -> float:
    """Days in one time unit as written: "h"/"hrs" -> 1/24, "wk" -> 7, "mo" -> 30, "yr" -> 365."""
    unit = unit.lower()
    if unit.startswith(("h", "hr")):
        return _UNIT_DAYS["h"]
    if unit.startswith("d"):
        return _UNIT_DAYS["d"]
    if unit.startswith("w"):
        return _UNIT_DAYS["w"]
    if unit.startswith("m"):
        return _UNIT_DAYS["m"]
    return _UNIT_DAYS["y"]


def number(text: str) -> float:
    """A number written in digits or as a word ("6", "six", "a")."""
    text = text.lower()
    return float(NUMBER_WORDS[text]) if text in NUMBER_WORDS else float(text)


def days(count: str, unit: str) -> float:
    """A stretch of time in days: ("6", "wks") -> 42, ("two", "months") -> 60."""
    return number(count) * unit_days(unit)


@dataclass(frozen=True)
class Found:
    start: int
    end: int
    value: float


# -- intervals ---------------------------------------------------------------------------

_NUM = r"(\d+(?:\.\d+)?|one|two|three|four|five|six|seven|eight|nine|ten|twelve|other)"
_TIME_UNIT = r"(hours?|hrs?|h|days?|d|weeks?|wks?|w|months?|mos?|mo|m|years?|yrs?|y)"
_INTERVALS: list[tuple[re.Pattern[str], object]] = [
    (re.compile(rf"\bq\s?{_NUM}\s?-?{_TIME_UNIT}\b", re.I), "num_unit"),
    (re.compile(rf"\bevery\s+{_NUM}(?:\s*(?:-|to|or)\s*\d+)?\s*-?\s*{_TIME_UNIT}\b", re.I),
     "num_unit"),
    (re.compile(rf"\b{_NUM}\s*-?\s*{_TIME_UNIT}\s+apart\b", re.I), "num_unit"),
    (re.compile(r"\b(?:once\s+|1x\s*)?every\s+(hour|day|week|month|year)\b", re.I), "unit"),
    (re.compile(r"\b(?:once|1x)\s*(?:a|per|/|each|every)\s*(day|week|month|year)\b", re.I), "unit"),
    (re.compile(r"\b(?:twice|2x|x\s?2|two times)\s*(?:a|per|/|each)?\s*(day|daily|week|weekly|month"
                r"|monthly|year|yearly)\b", re.I), "half"),
    (re.compile(r"\b(?:three times|thrice|3x|x\s?3)\s*(?:a|per|/|each)?\s*(day|daily|week|weekly|month"
                r"|monthly)\b", re.I), "third"),
    (re.compile(r"\b(?:four times|4x)\s*(?:a|per|/|each)?\s*(day|daily)\b", re.I), "quarter"),
    # "6x a day", "5 times a day", "six times daily": any count of doses a day or a week
    (re.compile(r"\b(\d+|five|six|seven|eight)\s*(?:x|times)\s*(?:a|per|/|each)?\s*(day|daily|week|weekly)\b",
                re.I), "times"),
    (re.compile(r"\b(?:once[- ]?)?(daily|nightly|weekly|monthly|yearly|annually|annual"
                r"|biweekly|fortnightly|quarterly|bimonthly)\b", re.I), "word"),
    (re.compile(r"\b(b\.?i\.?d|t\.?i\.?d|q\.?i\.?d|q\.?d|qod|qow|qhs|qam|qpm|qw|qwk|qmo)\b\.?", re.I),
     "abbr"),
    (re.compile(r"\b(\d+)-day cycles?\b", re.I), "cycle"),
    (re.compile(r"\b(?:each|every|per|once a|once per|once each)\s+(?:\w+\s+)?season\b", re.I),
     "season"),
]  # fmt: skip
_WORD_DAYS = {
    "daily": 1.0, "nightly": 1.0, "weekly": 7.0, "monthly": 30.0, "yearly": 365.0,
    "annually": 365.0, "annual": 365.0, "biweekly": 14.0, "fortnightly": 14.0,
    "quarterly": 91.0, "bimonthly": 60.0,
}  # fmt: skip
_ABBR_DAYS = {"bid": 0.5, "tid": 1 / 3, "qid": 0.25, "qd": 1.0, "qod": 2.0, "qow": 14.0, "qhs": 1.0,
              "qam": 1.0, "qpm": 1.0, "qw": 7.0, "qwk": 7.0, "qmo": 30.0}  # fmt: skip


# Every interval pattern needs a digit or one of these words: a text without any skips the
# dozen patterns (most sentences of a note name no interval).
_MAY_HAVE_INTERVAL = re.compile(
    r"\d|every|daily|weekly|monthly|yearly|annual|nightly|quarterly|fortnightly|twice|thrice|"
    r"once|times|season|apart|\bb\.?i\.?d|\bt\.?i\.?d|\bq\.?i\.?d|\bq\.?d\b|"
    r"\bq(?:od|ow|hs|am|pm|w|wk|mo)\b|\bq\s?(?:one|two|three|four|five|six|seven|eight|nine|ten|"
    r"twelve|other)|\bx\s?[23]",
    re.I,
)


def intervals_in(text: str) -> list[Found]:
    """Dosing intervals in days: "q2wk" -> 14, "twice daily" -> 0.5, "once monthly" -> 30."""
    found: list[Found] = []
    if not _MAY_HAVE_INTERVAL.search(text):
        return found
    taken: list[tuple[int, int]] = []
    for pattern, kind in _INTERVALS:
        for match in pattern.finditer(text):
            if any(s < match.end() and match.start() < e for s, e in taken):
                continue
            value = _interval_days(kind, match)
            if value:
                found.append(Found(match.start(), match.end(), value))
                taken.append((match.start(), match.end()))
    return sorted(found, key=lambda f: f.start)


def _interval_days(kind: object, match: re.Match[str]) -> float | None:
    if kind == "num_unit":
        return days(match.group(1), match.group(2))
    if kind == "unit":
        return unit_days(match.group(1))
    if kind in ("half", "third", "quarter"):
        base = unit_days(match.group(1).replace("ly", "").replace("dai", "day"))
        return base / {"half": 2, "third": 3, "quarter": 4}[kind]  # type: ignore[index]
    if kind == "word":
        return _WORD_DAYS[match.group(1).lower()]
    if kind == "abbr":
        return _ABBR_DAYS.get(match.group(1).lower().replace(".", ""))
    if kind == "times":
        count = number(match.group(1))
        return (
            unit_days(match.group(2).replace("ly", "").replace("dai", "day")) / count
            if count
            else None
        )
    if kind == "cycle":
        return float(match.group(1))
    if kind == "season":
        return 365.0
    return None


def loading_schedule(text: str) -> list[Found]:
    """Gaps between scheduled doses: "at weeks 0, 2 and 6" -> 14 and 28 days."""
    found: list[Found] = []
    pattern = re.compile(r"\b(weeks?|days?|months?)\s+(\d+(?:\s*(?:,|and|&)\s*\d+)+)", re.I)
    for match in pattern.finditer(text):
        numbers = [float(n) for n in re.findall(r"\d+", match.group(2))]
        unit = unit_days(match.group(1))
        for a, b in zip(numbers, numbers[1:], strict=False):
            if b > a:
                found.append(Found(match.start(), match.end(), (b - a) * unit))
    return found


# -- doses -------------------------------------------------------------------------------

_DOSE = re.compile(
    r"(?<![\w.,])(\d{1,3}(?:,\d{3})+|\d+(?:\.\d+)?)\s*(mg|mcg|µg|ug|g|ml|units?|iu|%)(?:\s*/\s*(kg))?"
    r"(?:\s*/\s*(day|d|week|wk|dose))?(?:\s+(?:per|a)\s+(day|week|dose))?(?![\w/])",
    re.I,
)
_BSA = re.compile(
    r"(\d+(?:\.\d+)?)\s*%\s*(?:of\s+(?:the\s+)?)?(?:body surface area|bsa|body)", re.I
)


@dataclass(frozen=True)
class DoseFound:
    start: int
    end: int
    amount: float
    unit: str
    per_kg: bool
    per: str


def doses_in(text: str) -> list[DoseFound]:
    """Amounts with a unit: "150 mg", "1.25 mg/kg", "0.5 mL", "400 mg/day"; not "% BSA"."""
    bsa = [(m.start(), m.end()) for m in _BSA.finditer(text)]
    found: list[DoseFound] = []
    for match in _DOSE.finditer(text):
        if any(s <= match.start() < e for s, e in bsa):
            continue
        unit = match.group(2).lower()
        unit = {"µg": "mcg", "ug": "mcg", "unit": "units", "iu": "units"}.get(unit, unit)
        suffix = (match.group(4) or match.group(5) or "").lower()
        per = {"day": "day", "d": "day", "week": "week", "wk": "week"}.get(suffix, "dose")
        found.append(
            DoseFound(
                match.start(),
                match.end(),
                float(match.group(1).replace(",", "")),  # "1,000 mg"
                unit,
                bool(match.group(3)),
                per,
            )
        )
    return found


def bsa_in(text: str) -> list[Found]:
    return [Found(m.start(), m.end(), float(m.group(1))) for m in _BSA.finditer(text)]


# -- ages --------------------------------------------------------------------------------

_AGE_UNIT = r"(years?|yrs?|months?|mos?|weeks?|wks?)"


def years(value: float, unit: str | None) -> float:
    """An age in years from a number and its unit (default years)."""
    unit = (unit or "y").lower()
    if unit.startswith("m"):
        return value / 12
    if unit.startswith("w"):
        return value / 52
    return value


_INTERVAL_RANGE = re.compile(
    rf"\b(?:(\d+)\s*(?:to|-|–|through)\s*(\d+)|at least\s+{_NUM})\s*{_TIME_UNIT}\s+"
    r"(?:after|apart|later|following)\b"
    rf"|\b(?:no sooner than|not sooner than|no earlier than|not earlier than|separated by(?: at least)?|"
    rf"(?:a )?minimum (?:interval )?of|no more (?:often|frequently) than (?:once )?every)\s+{_NUM}\s*"
    rf"{_TIME_UNIT}\b",
    re.I,
)


# "every 2 to 3 days", "every 4-6 hours": a labelled interval with room either side
_EVERY_RANGE = re.compile(
    rf"\bevery\s+(\d+(?:\.\d+)?)\s*(?:to|-|–|or)\s*(\d+(?:\.\d+)?)\s*-?\s*{_TIME_UNIT}\b", re.I
)


def interval_ranges_in(text: str) -> list[tuple[int, int, float, float]]:
    """ "2 to 6 months after the first" -> 60-180 days; "at least 6 months apart" and
    "no sooner than 12 weeks" -> from that gap to three times it; "every 2 to 3 days"."""
    found = []
    for m in _EVERY_RANGE.finditer(text):
        unit = unit_days(m.group(3))
        found.append((m.start(), m.end(), float(m.group(1)) * unit, float(m.group(2)) * unit))
    for m in _INTERVAL_RANGE.finditer(text):
        if m.group(1):
            unit = unit_days(m.group(4))
            found.append((m.start(), m.end(), float(m.group(1)) * unit, float(m.group(2)) * unit))
        else:
            count, unit_text = (m.group(3), m.group(4)) if m.group(3) else (m.group(5), m.group(6))
            low = days(count, unit_text)
            found.append((m.start(), m.end(), low, low * 3))
    return found
