"""Dosing facts in a note: two doses at once, repeat doses, time between doses, course
length, and whether an interval is said of giving a drug at all."""

import re

from nlp.label_reader.note.fact import Fact
from nlp.label_reader.patterns import days

_MULTIPLE = re.compile(
    r"\b(?:two|2|double|three|3)\s*(?:x\s*)?(?:pens?|shots?|injections?|doses?|syringes?|vials?|"
    r"tabs?|tablets?|pills?|caps?|capsules?|inhalations?|puffs?|sprays?|patches)\s*"
    r"(?:at once|at the same time|together|in one (?:day|sitting|visit|go)|(?:on the )?same day|"
    r"simultaneously|back[- ]to[- ]back|at a time)"
    r"|\bdoubl(?:e|ed|ing)\s*(?:up|(?:the|her|his|their|a)?\s*(?:dose|dosing|doses)|it)\b(?!\s+from)"
    r"|\bdouble[- ]dos\w*"
    r"|\b2x (?:the )?dose|\btwice the (?:labell?ed |usual |recommended |normal )?dose"
    r"|\bhalf (?:a |the )?dose|\bhalf-dose"
    r"|\bsplit\w*\s+(?:one|a|the|each)?\s*(?:syringe|dose|vial|pen|shot)s?\s+(?:into|in|between)\s+"
    r"(?:two|2|halves)",
    re.I,
)
# A double or half dose by accident (a leak, a mix-up) is a complaint or an error, not a use.
ACCIDENTAL = re.compile(
    r"\b(?:leak\w*|mistake\w*|accident\w*|by error|in error|wrong|misfir\w*|malfunction\w*|"
    r"mix-?ups?|mixed up|confus\w*|misread\w*|shipp\w*|deliver\w*|mailed|overdo\w*|"
    r"misuse\w*|what if|jam\w*|didn'?t go in|did not go in|defect\w*|broken|stuck|inadvertent\w*|"
    r"medication error|dosing error|administration error|overdos\w*|ingest\w*|by accident|broke|"
    r"slip)\b",
    re.I,
)
_ORDINAL = re.compile(
    r"\b(2nd|second|3rd|third|4th|fourth|another|repeat|extra|additional)\s+(?:dose|shot|"
    r"injection|jab|vaccine|vaccination|series|round|infusion|course)\b"
    r"|\b(booster|boosters|boosting|re-?dos\w*|re-?vaccinat\w*|revaccinat\w*)\b"
    # "can they get another this year", "give her a second one"
    r"|\b(?:get|gets|getting|give|giving|have|receive|had)\s+(?:her |him |them )?"
    r"(another|a second)(?:\s+one)?(?=\s+(?:this|next|now|today|in|after|at)\b|\s*[.,;?!]|\s*$)",
    re.I,
)
# "takes it again on day 2", "dosed her again": one more dose (run only on notes with "again")
_AGAIN = re.compile(
    r"\b(?:take|takes|took|taking|give|gives|gave|giving|dose|doses|dosed|dosing|inject\w*|"
    r"infus\w*|vaccinat\w*|use|uses|used|using)\s+(?:it|them|her|him|the dose|the shot)?\s*again\b",
    re.I,
)
_ORDINAL_NUMBER = {"2nd": 2, "second": 2, "3rd": 3, "third": 3, "4th": 4, "fourth": 4}


def multiples_in(text: str) -> list[Fact]:
    """ "2 pens at once", "double dose" (value 2) and "half dose" (value 0.5); not the two
    injections a labelled loading dose takes."""
    found: list[Fact] = []
    if re.search(r"\bloading\b", text, re.I):
        return found
    for m in _MULTIPLE.finditer(text):
        value = 0.5 if m.group(0).lower().startswith(("half", "split")) else 2.0
        found.append(Fact(m.start(), m.end(), value, m.group(0).lower()))
    return found


def repeat_doses_in(text: str) -> list[Fact]:
    """ "2nd dose" (value 2), "3rd shot" (3), "booster" / "another dose" (0: one more)."""
    found = []
    for m in _ORDINAL.finditer(text):
        word = next(g for g in m.groups() if g).lower().replace("a second", "second")
        found.append(Fact(m.start(), m.end(), float(_ORDINAL_NUMBER.get(word, 0)), word))
    if "again" in text.lower():
        found += [Fact(m.start(), m.end(), 0.0, "repeat dose") for m in _AGAIN.finditer(text)]
        found.sort(key=lambda f: f.start)
    return found


_NOT_DOSING_BEFORE = re.compile(
    r"\b(?:see|sees|seeing|seen|visits?|visiting|f/u|fu|follow\w*|labs?|check\w*|call\w*|lunch\w*|"
    r"meet\w*|appts?|appointments?|drop\w*|in-?services?|monitor\w*|scans?|mri|echo|bloodwork|"
    r"cbc|a1c|come|comes|coming|return\w*|refill\w*|order\w*|deliver\w*|ship\w*|programs?|"
    r"newsletters?|emails?|rounds|journal club|tumor board|speaker|dinners?|webinars?|text\w*|"
    r"infusion chair|touch base|reach out|stop by|stopping by|in office|office|titrat\w*|"
    r"pa (?=(?:renew\w*|reauth\w*|approv\w*|expir\w*|is good|lasts?)\b)|"
    r"reauth\w*|renew\w*|cap|max|copay|card|updates?|vs|versus|than|compared|over|"
    r"changes?(?!\s+(?:the|her|his|their|a)?\s*(?:\w+\s+)?(?:patch|patches|ring|rings|pump|set)\b))\b"
    r"[^.;]{0,40}$",
    re.I,
)
_NOT_DOSING_AFTER = re.compile(
    r"^\s*(?:lunch\w*|meeting\w*|huddle|calls?|visits?|newsletter|emails?|reports?|webinars?|"
    r"rounds|conference|basis for (?:lunch|visits)|life|activities|living|labs?|check-?ins?|"
    r"f/u|follow-?ups?|in-?services?|appointments?|loading|updates?|max|cap|limit|"
    r"reauth\w*|renewals?|pa|infusion)\b",
    re.I,
)


_AGAINST_AFTER = re.compile(
    r"\s*,?\s*(?:instead of|rather than)\s+(?:the\s+)?(?:every|q\s?\d|once|twice|daily|weekly|monthly)",
    re.I,
)


def is_dosing_context(text: str, start: int, end: int) -> bool:
    """False for "f/u every 2 weeks", "monthly lunch", "seeing her q3mo"."""
    if _AGAINST_AFTER.match(text[end:]):
        return True  # "every 3 months instead of every 2": set against a schedule
    if _NOT_DOSING_BEFORE.search(text[max(0, start - 60) : start]):
        return False
    if LOADING_AFTER.match(text[end:]) or _NOT_DOSING_NOUNS.search(text[end : end + 35]):
        return False
    return not _NOT_DOSING_AFTER.match(text[end : end + 30])


_GAP_UNIT = r"(weeks?|wks?|months?|mos?)"
_GAP_NUM = r"(\d+|one|two|three|four|five|six|seven|eight|nine|ten|twelve|a)"
_DOSE_GAP = re.compile(
    rf"\b(?:2nd|second|dose\s*(?:#\s*)?2|#2)\b[^.;]{{0,40}}?\b(?:at|after|in)\s+{_GAP_NUM}\s*"
    rf"{_GAP_UNIT}\b"
    rf"|\b{_GAP_NUM}\s*{_GAP_UNIT}\s+(?:after|later than|following)\s+(?:the\s+)?"
    r"(?:first|1st|dose\s*(?:#\s*)?1|dose one|initial)\b",
    re.I,
)


def dose_gaps_in(text: str) -> list[Fact]:
    """Time between doses of a series: "2nd dose at 9 months", "3 weeks after the first"."""
    return _stretches(_DOSE_GAP, text)


_DURATION = re.compile(
    rf"\b(?:for|x|extended to|continued (?:for|into)|beyond|past|over|longer than|more than|"
    rf"course of)\s+(?:the\s+|a\s+|an\s+)?(?:about\s+|~\s*|month\s+)?{_GAP_NUM}\s*(days?|weeks?|wks?|months?|mos?|years?|yrs?)\b"
    rf"|\b{_GAP_NUM}[- ](day|week|wk|month|mo|year|yr)[- ]course\b",
    re.I,
)


def durations_in(text: str) -> list[Fact]:
    """How long a course runs: "for 6 wks", "extended to 4 weeks", "beyond 2 yrs"."""
    return _stretches(_DURATION, text)


_GAP_INSTEAD = re.compile(
    rf"\b(?:at|after)\s+{_GAP_NUM}\s*(days?|{_GAP_UNIT[1:-1]})\s+(?:instead of|rather than)\b", re.I
)


def gaps_instead_in(text: str) -> list[Fact]:
    """A dose moved against the schedule: "given at 5 months instead of 6" -> 150 days."""
    lower = text.lower()
    if "instead" not in lower and "rather" not in lower:
        return []
    return _stretches(_GAP_INSTEAD, text)


_LONGER = re.compile(r"(?:beyond|past|longer|more|over)\b", re.I)


def _stretches(pattern: re.Pattern[str], text: str) -> list[Fact]:
    """Each match of a pattern with two (number, unit) group pairs, as days; "beyond 2 yrs"
    is read as a little more than the 2 years a label allows."""
    found = []
    for m in pattern.finditer(text):
        count, unit = (m.group(1), m.group(2)) if m.group(1) else (m.group(3), m.group(4))
        value = days(count, unit) * (1.2 if _LONGER.match(m.group(0)) else 1.0)
        found.append(Fact(m.start(), m.end(), value, m.group(0)))
    return found


_NOT_DOSING_NOUNS = re.compile(
    r"\b(?:updates?|emails?|newsletters?|webinars?|lunch\w*|meetings?|visits?|in-?services?|"
    r"check-?ins?|labs?|monitoring|reports?|tests?|testing|screening)\b"
    r"|\bcalls?\b(?!\s+(?:it|them|this|that|him|her)\b)",  # "calls it his regimen": a verb
    re.I,
)
LOADING_AFTER = re.compile(
    r"^\s*(?:x\s*\d|for (?:the first )?(?:\d|two|three) (?:doses|injections))", re.I
)
