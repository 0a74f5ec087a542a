"""Patient ages in a note, as ranges: "14 yo", "in her 50s", "peds", "anyone 50+"."""

import re
from dataclasses import dataclass

from nlp.label_reader.patterns import years

_AGE_NUMBER = re.compile(
    r"\b(\d{1,3})\s*(?:-\s*)?(?:yos|y/os|yo|y/o|y\.o\.?|yrs?[- ]?old|years?[- ]old|year-old|yoa|yo[mf])\b"
    r"|\b(\d{1,2})\s*(?:-\s*)?(?:months?|mos?|mo)[- ]old\b|\b(\d{1,2})-month(?=[- ]old)\b"
    r"|\b(\d{1,2})\s*(?:-\s*)?(?:wks?|weeks?)[- ]old\b"
    r"|\b(?:age|aged|ages)\s*(\d{1,2})\b",
    re.I,
)
# "wife 57", "her son, 9", "Edna Pruitt (68)", "anyone 50+": a person and a bare number
# (found number first: numbers are rarer than words)
_BARE_NUMBER = re.compile(r"(?<![\w.,/:-])(\d{1,2})(?:\s?(\+)(?!\d)|\b)")
_WORD_BEFORE = re.compile(r"([A-Za-z]+)\)?\W{0,3}$")
_PERSON_WORDS = frozenset(
    [
        "husband",
        "wife",
        "mom",
        "mother",
        "dad",
        "father",
        "son",
        "daughter",
        "grandma",
        "grandpa",
        "grandson",
        "granddaughter",
        "sister",
        "brother",
        "man",
        "woman",
        "lady",
        "guy",
        "boy",
        "girl",
        "kid",
        "child",
    ]
)
_PATIENT_WORDS = frozenset(["pt", "patient"])
_TITLED = re.compile(r"\b(?:Dr|NP|PA|RN|PharmD)\.?\s+[A-Z][a-z]+\s*\($")
_PLUS_WORDS = frozenset(
    [
        "anyone",
        "everyone",
        "pts",
        "pt",
        "patients",
        "people",
        "adults",
        "those",
        "ages",
        "age",
        "aged",
        "folks",
        "kids",
        "over",
    ]
)
_NOT_AN_AGE_AFTER = re.compile(
    r"\s*(?:mg|mcg|kg|lbs?|ml|%|x\b|times|days?|d\b|weeks?|wks?|months?|mos?|hours?|hrs?|"
    r"doses?|pills?|tabs?|units?|min|/|:|\.\d)",
    re.I,
)


def _person_ages(text: str) -> list["Age"]:
    found = []
    for m in _BARE_NUMBER.finditer(text):
        before = text[max(0, m.start() - 24) : m.start()]
        word = _WORD_BEFORE.search(before)
        if not word:
            continue
        name, value = word.group(1), float(m.group(1))
        if m.group(2):  # "anyone 50+"
            if name.lower() in _PLUS_WORDS:
                found.append(Age(m.start(), m.end(), value, value, f"{value:g}+"))
            continue
        if _NOT_AN_AGE_AFTER.match(text[m.end() :]):
            continue
        bracketed = text[m.start() - 1 : m.start()] == "(" and text[m.end() : m.end() + 1] == ")"
        if (
            name.lower() in _PERSON_WORDS
            or (name.lower() in _PATIENT_WORDS and value >= 10)
            or (bracketed and name.istitle() and value >= 10 and not _TITLED.search(before))
        ):
            found.append(Age(m.start(), m.end(), value, value, _show(value)))
    return found


_AGE_SEX = re.compile(r"\b(\d{1,2})\s?(?:yo\s?|y/o\s?)?([MF])\b")
_DECADE = re.compile(
    r"\b(?:in\s+)?(?:her|his|their|the|pts?'?s?)\s+(early\s+|mid\s+|mid-|late\s+)?(\d)0'?s\b", re.I
)
_UNDER = re.compile(r"(?:\bunder|\byounger than|<)\s*(\d{1,2})\b(?!\s*(?:mg|kg|ml|%|mcg))", re.I)
_OVER = re.compile(r"(?:\bover|\bolder than|>)\s*(\d{2})\b(?!\s*(?:mg|kg|ml|%|mcg|lb))", re.I)
_AGE_WORDS: dict[str, tuple[float, float]] = {  # (youngest, oldest) in years
    "teen": (13, 17), "teens": (13, 17), "teenager": (13, 17), "teenagers": (13, 17),
    "teenage": (13, 17), "adolescent": (12, 17), "adolescents": (12, 17), "peds": (0, 17),
    "pediatric": (0, 17), "paediatric": (0, 17), "pedi": (0, 17), "kid": (2, 11),
    "kids": (2, 11), "child": (2, 11), "children": (2, 11), "infant": (0, 1), "infants": (0, 1),
    "baby": (0, 1), "babies": (0, 1), "newborn": (0, 0.1), "newborns": (0, 0.1),
    "neonate": (0, 0.1), "toddler": (1, 3), "toddlers": (1, 3), "preteen": (10, 12),
    "tween": (10, 12), "high schooler": (14, 18),
    "elderly": (65, 110), "geriatric": (65, 110), "seniors": (65, 110),
    "adult": (18, 110), "adults": (18, 110), "grown-ups": (18, 110),
}  # fmt: skip
_AGE_CONTEXT = re.compile(
    r"\b(?:pts?|patients?|kids|children|age[ds]?|anyone|people|those|adults|ones|someone)\b[^.;]*$",
    re.I,
)
_YEARS_AFTER = re.compile(r"\s*(?:yo|y/o|yrs?|years?)\b", re.I)
_SPECIALTY_AFTER = re.compile(
    r"\s*(?:screen\w*|rheum\w*|clinic|office|practice|dept|department|gi|derm\w*|neuro\w*|group|hospital|"
    r"unit|ward|np|nurse|resident|fellow|side|psych\w*|endo\w*|cardio\w*|pulm\w*|onc\w*|floor|"
    r"er|ed|urgent|practices|docs?|practitioners?|specialists?|allerg\w*|ophth\w*|team|nurses)\b",
    re.I,
)
_CHILD_OF = {"baby", "babies", "newborn", "newborns", "infant", "infants"}
_AGE_WORD = re.compile(r"\b(" + "|".join(sorted(_AGE_WORDS, key=len, reverse=True)) + r")\b", re.I)


@dataclass(frozen=True)
class Age:
    start: int
    end: int
    low: float
    high: float
    text: str  # how to show it: "14", "teen", "50s"


_CARING_FOR_BEFORE = re.compile(
    r"\b(?:breast-?feeding|nursing|feeding|pumping for|mom of|mother of|father of|dad of)\s+"
    r"(?:a|an|her|his|their)?\s*$",
    re.I,
)
_PAST_PROGRAM_BEFORE = re.compile(
    r"\b(?:from|out of|left|leaving|aged out of|graduated from|transferred from|transitioned from)"
    r"\s+(?:the\s+|our\s+|a\s+)?$",
    re.I,
)


def ages_in(text: str) -> list[Age]:
    """Patient ages as ranges: "14 yo" -> 14-14, "in her 50s" -> 50-59, "peds" -> 0-17."""
    found: list[Age] = []
    for m in _AGE_NUMBER.finditer(text):
        if _CARING_FOR_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
            continue  # "breastfeeding a 2 mo old": the patient's baby, not the patient
        if m.group(1):
            value = float(m.group(1))
        elif m.group(2) or m.group(3):
            value = years(float(m.group(2) or m.group(3)), "months")
        elif m.group(4):
            value = years(float(m.group(4)), "weeks")
        else:
            value = float(m.group(5))
        found.append(Age(m.start(), m.end(), value, value, _show(value)))
    found += _person_ages(text)
    for m in _AGE_SEX.finditer(text):
        value = float(m.group(1))
        found.append(Age(m.start(), m.end(), value, value, _show(value)))
    for m in _DECADE.finditer(text):
        decade = int(m.group(2)) * 10
        part = (m.group(1) or "").strip().lower().rstrip("-")
        first, last = {"early": (0, 3), "mid": (4, 6), "late": (7, 9)}.get(part, (0, 9))
        found.append(Age(m.start(), m.end(), decade + first, decade + last, f"{decade}s"))
    for pattern, under in ((_UNDER, True), (_OVER, False)):
        for m in pattern.finditer(text):
            if not _AGE_CONTEXT.search(text[max(0, m.start() - 25) : m.start()]) and not (
                _YEARS_AFTER.match(text[m.end() :])
            ):
                continue
            value = float(m.group(1))
            low, high = (0.0, value - 1.0) if under else (value + 1.0, 110.0)
            found.append(
                Age(m.start(), m.end(), low, high, f"{'under' if under else 'over'} {value:g}")
            )
    numbered = list(found)  # ages said with a number: a later "kid" or "peds" only describes
    for m in _AGE_WORD.finditer(text):
        # "peds rheum" (who treats), "kid's soccer", "as kids" (childhood), "kids 12-17"
        if _SPECIALTY_AFTER.match(text[m.end() :]) or text[m.end() : m.end() + 2] in ("'s", "’s"):
            continue
        if re.search(
            r"\b(?:as|when (?:she|he|they) (?:was|were))\s+(?:an?\s+)?$", text[: m.start()]
        ):
            continue
        if re.match(r"\s*\(?\s*\d", text[m.end() :]):
            continue
        if re.match(r"[- ](?:pugh|[abc]\b)", text[m.end() : m.end() + 6], re.I):
            continue  # "Child A", "Child-Pugh B": a liver score
        if m.group(1).lower() in _CHILD_OF and re.search(
            r"\b(?:the|her|his|their|new)\s+$|\b(?:hurt|harm|affect)\w*\s+(?:a|an|the)\s+$",
            text[: m.start()],
        ):
            continue  # "holding the baby", "could it hurt a baby": the patient's child
        if re.search(r"\b(?:want|wants|wanting|planning|plan|trying for|try for|tries for|hoping for"
                     r"|have|having)\s+(?:a\s+|more\s+)?$",
                     text[: m.start()]):  # fmt: skip
            continue  # "male pts who want kids": children to come
        if _PAST_PROGRAM_BEFORE.search(text[max(0, m.start() - 30) : m.start()]):
            continue  # "transitioned from the peds program": where care was, not the age now
        if any(0 <= m.start() - a.end <= 30 and not re.search(r"[.;!?\n]", text[a.end : m.start()])
               for a in numbered):  # fmt: skip
            continue  # "a 19 y/o college kid": the number is the age, the word describes
        band = _AGE_WORDS[m.group(1).lower()]
        found.append(Age(m.start(), m.end(), float(band[0]), float(band[1]), m.group(1).lower()))
    return _without_overlaps(found)


def _show(value: float) -> str:
    return f"{round(value * 12):g} months" if value < 2 and value != int(value) else f"{value:g}"


def _without_overlaps(found: list[Age]) -> list[Age]:
    out: list[Age] = []
    for age in sorted(found, key=lambda a: (a.start, -(a.end - a.start))):
        if not out or age.start >= out[-1].end:
            out.append(age)
    return out
