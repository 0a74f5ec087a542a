"""What a note says about a use: ages, pregnancy, sex, weight, doses, intervals, repeats.

Finders work on plain text and return character spans, so the judge can tie each fact to
the product mention nearest to it. ``quoted_scopes`` finds the stretches where the rep
repeats the label or declines ("told her it's only approved in adults"): facts there
describe the label, not the use, and are skipped.
"""

import re
from dataclasses import dataclass

from nlp.label_reader.patterns import days, years

# -- ages --------------------------------------------------------------------------------

_AGE_NUMBER = re.compile(
    r"\b(\d{1,3})\s*(?:-\s*)?(?:yo|y/o|y\.o\.?|yrs?[- ]?old|years?[- ]old|year-old|yoa|yo[mf])\b"
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
    r"\s*(?:rheum\w*|clinic|office|practice|dept|department|gi|derm\w*|neuro\w*|group|hospital|"
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


def ages_in(text: str) -> list[Age]:
    """Patient ages as ranges: "14 yo" -> 14-14, "in her 50s" -> 50-59, "peds" -> 0-17."""
    found: list[Age] = []
    for m in _AGE_NUMBER.finditer(text):
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
        if re.search(r"\b(?:want|wants|wanting|planning|plan|trying for)\s+(?:more\s+)?$",
                     text[: m.start()]):  # fmt: skip
            continue  # "male pts who want kids": children to come
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


# -- other population facts ---------------------------------------------------------------

_WEIGHT = re.compile(r"(?<![/\w])(\d{1,3}(?:\.\d)?)\s*kg\b(?!\s*/)", re.I)
_PREGNANT = re.compile(
    r"\b(?:pregnant|pregnancy|expecting a baby|gravid|(?:1st|2nd|3rd|first|second|third) "
    r"trimester|prenatal|antenatal|gestation(?:al)?|ob pts?)\b",
    re.I,
)
_NOT_PREGNANT_BEFORE = re.compile(
    r"\b(?:prevent\w*|avoid\w*|contracept\w*|not|no|negative|postpartum|after|planning|plan|"
    r"gets|get|got|becomes|become|became|becoming|getting)\s+"
    r"(?:a\s+|her\s+)?$",
    re.I,
)
_NOT_PREGNANT_AFTER = re.compile(
    r"\s*(?:program\w*|tests?|testing|prevention|registry|category|kits?|forms?|risk|screen\w*|"
    r"rules?|requirements?|paperwork|counsel\w*)\b",
    re.I,
)
EXPOSURE = re.compile(
    r"\b(?:found out|didn'?t know|did not know|unplanned|accidental\w*|exposure|turned out|"
    r"became pregnant|got pregnant|discovered|positive (?:test|hcg|preg)|might be|may be|"
    r"test pending)\b",
    re.I,
)
_GESTATION_WEEKS = re.compile(
    r"\b(\d{1,2})\s*(?:wks?|weeks?)\s*(?:pregnant|gestation|along|ga\b|of pregnancy)"
    r"|\b(?:ga|gestational age)\s*(?:of\s*)?(\d{1,2})\s*(?:wks?|weeks?)?",
    re.I,
)
# Relatives ("her husband", "the baby") are not the patient, so only words for the patient.
_MALE = re.compile(r"\b(?:male|man|men|boy|boys|gentleman|guy)\b", re.I)
_MALE_CASED = re.compile(r"\b\d{1,2}\s?(?:yo\s?|y/o\s?)?M\b|\bM pt\b")
_FEMALE = re.compile(r"\b(?:female|woman|women|girl|girls|lady)\b", re.I)
_FEMALE_CASED = re.compile(r"\b\d{1,2}\s?(?:yo\s?|y/o\s?)?F\b|\bF pt\b")


@dataclass(frozen=True)
class Fact:
    start: int
    end: int
    value: float
    text: str


def weights_in(text: str) -> list[Fact]:
    return [Fact(m.start(), m.end(), float(m.group(1)), m.group(0)) for m in _WEIGHT.finditer(text)]


def pregnancy_in(text: str) -> list[Fact]:
    """Pregnancy mentions; ``value`` is the week of gestation when stated, else 0."""
    found: list[Fact] = []
    for m in _GESTATION_WEEKS.finditer(text):
        found.append(Fact(m.start(), m.end(), float(m.group(1) or m.group(2) or 0), "pregnant"))
    if EXPOSURE.search(text):
        return []  # found pregnant while on the drug: an exposure to report, not a chosen use
    for m in _PREGNANT.finditer(text):
        if _NOT_PREGNANT_BEFORE.search(text[max(0, m.start() - 25) : m.start()]):
            continue
        if _NOT_PREGNANT_AFTER.match(text[m.end() :]):
            continue
        if not any(f.start <= m.start() < f.end + 15 for f in found):
            found.append(Fact(m.start(), m.end(), 0.0, "pregnant"))
    return found


def sexes_in(text: str) -> list[Fact]:
    """``value`` 1 for male, 2 for female."""
    found = [Fact(m.start(), m.end(), 1.0, "male") for m in _MALE.finditer(text)]
    found += [Fact(m.start(), m.end(), 1.0, "male") for m in _MALE_CASED.finditer(text)]
    found += [Fact(m.start(), m.end(), 2.0, "female") for m in _FEMALE.finditer(text)]
    found += [Fact(m.start(), m.end(), 2.0, "female") for m in _FEMALE_CASED.finditer(text)]
    return found


# -- dosing ------------------------------------------------------------------------------

_MULTIPLE = re.compile(
    r"\b(?:two|2|double|three|3)\s*(?:x\s*)?(?:pens?|shots?|injections?|doses?|syringes?|vials?|"
    r"tabs?|tablets?|pills?|caps?|capsules?|inhalations?|puffs?|sprays?|patches)\s*"
    r"(?:at once|at the same time|together|in one (?:day|sitting|visit|go)|(?:on the )?same day|"
    r"simultaneously|back[- ]to[- ]back|at a time)"
    r"|\bdoubl(?:e|ed|ing)\s*(?:up|the dose|dose|dosing|doses|it)\b|\bdouble[- ]dos\w*"
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
    r"injection|jab|vaccine|vaccination|series|round)\b"
    r"|\b(booster|boosters|boosting|re-?dos\w*|re-?vaccinat\w*|revaccinat\w*)\b"
    # "can they get another this year", "give her a second one"
    r"|\b(?:get|gets|getting|give|giving|have|receive|had)\s+(?:her |him |them )?"
    r"(another|a second)(?:\s+one)?(?=\s+(?:this|next|now|today|in|after|at)\b|\s*[.,;?!]|\s*$)",
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
        word = (m.group(1) or m.group(2) or m.group(3)).lower().replace("a second", "second")
        found.append(Fact(m.start(), m.end(), float(_ORDINAL_NUMBER.get(word, 0)), word))
    return found


_NOT_DOSING_BEFORE = re.compile(
    r"\b(?:see|sees|seeing|seen|visits?|visiting|f/u|fu|follow\w*|labs?|check\w*|call\w*|lunch\w*|"
    r"meet\w*|appts?|appointments?|drop\w*|in-?services?|monitor\w*|scans?|mri|echo|bloodwork|"
    r"cbc|a1c|come|comes|coming|return\w*|refill\w*|order\w*|deliver\w*|ship\w*|programs?|"
    r"newsletters?|emails?|rounds|journal club|tumor board|speaker|dinners?|webinars?|text\w*|"
    r"infusion chair|touch base|reach out|stop by|stopping by|in office|office|titrat\w*|pa|"
    r"reauth\w*|renew\w*|cap|max|copay|card|updates?|vs|versus|than|compared|over|changes?)\b"
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


def is_dosing_context(text: str, start: int, end: int) -> bool:
    """False for "f/u every 2 weeks", "monthly lunch", "seeing her q3mo"."""
    if _NOT_DOSING_BEFORE.search(text[max(0, start - 60) : start]):
        return False
    if LOADING_AFTER.match(text[end:]) or _NOT_DOSING_NOUNS.search(text[end : end + 35]):
        return False
    return not _NOT_DOSING_AFTER.match(text[end : end + 30])


# -- line of therapy, combinations --------------------------------------------------------

TREATING = re.compile(
    r"\b(?:to treat|treat(?:ing|s)? (?:an? |the |her |his |their |existing |active )|treatment of|cure|"
    r"clear (?:it |them )?up|shorten (?:it|the)|speed (?:up )?(?:the )?recovery|therapeutic(?:ally)?)\b",
    re.I,
)
FIRST_LINE = re.compile(
    r"\b(?:first[- ]?line|1st[- ]line|1L|front[- ]?line|up[- ]?front|treatment[- ]na[iï]ve|"
    r"newly diagnosed|new diagnosis|as initial (?:therapy|treatment)|first agent|"
    r"before (?:trying|any other)|skip(?:ping|ped|s)? (?:the |a )?(?:step|tnf|mtx|methotrexate|"
    r"steroids|topicals?|first)|without trying|straight to|right away|before (?:a |any )?trial)\b",
    re.I,
)
COMBINATION = re.compile(
    r"\b(?:in combination|combo|combined with|combining|combine|together with|on top of|"
    r"add(?:ed|ing)? (?:it )?(?:on|to)|in addition to|dual therapy|doublet|triplet|stack\w*)\b",
    re.I,
)
# Two treatments at once, for a label that excludes a combination ("not with biologics").
COMBINED = re.compile(
    COMBINATION.pattern + r"|\badd(?:ed|ing|s)?\b|\bplus\b|\balong with\b|\bsame time\b|"
    r"\bboth\b|\bconcomitant\w*|\bwhile (?:on|taking)\b|\b(?:is|are|was) (?:also )?on\b",
    re.I,
)
MONOTHERAPY = re.compile(
    r"\b(?:monotherapy|mono therapy|as mono|single[- ]agent|by itself|on its own|alone|"
    r"instead of (?:the |a |their )?(?:statin|base|background|other|antidepressant|ssri))\b",
    re.I,
)

# -- what the rep says about the label ----------------------------------------------------

_QUOTE_CUE = re.compile(
    r"\b(?:told|tell|telling|explained|explaining|reminded|reminding|clarified|reiterated|"
    r"advised|informed|pointed out|responded|replied|redirected|said (?:i|we)|i said|"
    r"shared (?:the )?(?:label|pi)|reviewed (?:the )?(?:label|pi|indication))\b(?!\s+(?:me|us)\b)"
    r"|\b(?:label|labeling|indication|pi)\s+(?:is|says|said|states|only|requires|limits|"
    r"reads|=|:)"
    r"|\bper (?:the )?(?:label|pi|indication)\b|\bon[- ]label (?:is|only|for)\b"
    r"|\b(?:only|just) (?:approved|indicated|labell?ed|studied)\b"
    r"|\b(?:approved|indicated|labell?ed) only\b"
    r"|\b(?:not|isn'?t|is not|aren'?t|never been|wasn'?t) (?:approved|indicated|labell?ed|"
    r"studied|recommended)\b"
    r"|\b(?:no|not any) (?:data|studies|approval|indication)\b"
    r"|\bcan'?t (?:discuss|promote|comment|recommend|advise|speak)\b",
    re.I,
)
_QUOTE_END = re.compile(r"[.;!?\n)]|\s[-–—]\s|,\s*(?:but|and|so|she|he|they|dr|will|asked)\b", re.I)


def quoted_scopes(text: str) -> list[tuple[int, int]]:
    """Spans where the rep states the label or declines: from the cue to the clause end."""
    scopes = []
    for cue in _QUOTE_CUE.finditer(text):
        end = _QUOTE_END.search(text, cue.end())
        scopes.append((cue.start(), end.start() if end else len(text)))
    return scopes


# The rep naming the label's limit ("not indicated", "only approved in adults", "off-label")
# means the HCP asked for or described a use outside it: the question is off-label talk.
LABEL_LIMIT = re.compile(
    r"\b(?:off[- ]label|outside (?:the |of |our )?(?:label|labell?ing|indication|pi)|"
    r"not (?:in|on) (?:the |our )?(?:label|pi)|(?:is |are |was )?not (?:indicated|approved|"
    r"labell?ed|on[- ]label)|(?:isn'?t|aren'?t|wasn'?t) (?:indicated|approved|labell?ed)|"
    r"only (?:approved|indicated|labell?ed)|(?:approved|indicated|labell?ed) only|"
    r"unapproved|not a labell?ed|contraindicated|beyond (?:the )?label|not per (?:the )?label|"
    r"(?:isn'?t|is not|not) (?:in|on) (?:the |our )?label|label (?:says|requires|states|only|is))\b",
    re.I,
)
_NOT_A_LIMIT_BEFORE = re.compile(r"\b(?:no|not|never|any|without|nothing)\s+(?:\w+\s+)?$", re.I)


def label_limits_in(text: str) -> list[Fact]:
    """Where the rep names a limit of the label; not "no off-label talk" or "PA not approved"."""
    found = []
    for m in LABEL_LIMIT.finditer(text):
        if _NOT_A_LIMIT_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            continue
        if re.search(
            r"\b(?:pa|prior auth\w*|claim|coverage|formulary|plan|appeal|carton|vial|bottle|box|"
            r"package|packaging|pharmacy|shipping)\W*$",
            text[max(0, m.start() - 25) : m.start()],
            re.I,
        ):
            continue
        found.append(Fact(m.start(), m.end(), 0.0, m.group(0).lower()))
    return found


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


# A report of something that happened to a patient (an event, a hospital stay): diseases
# named there are what the patient had, not what the drug was used for.
EVENT_WORDS = re.compile(
    r"\b(?:developed|develops|got|had|has had|experienced|reported|reporting|hospitali[sz]\w*|"
    r"admitted|admission|er|ed|urgent care|icu|side effects?|adverse|ae|reaction|onset|"
    r"went to|ended up|diagnosed with|dx'?d)\b",
    re.I,
)
REPORTING = re.compile(
    r"\b(?:reported|reporting|report it|pv|pharmacovigilance|safety line|drug safety|ae form|"
    r"exposure|registry|medwatch)\b",
    re.I,
)


# A report of a special situation (an exposure, an error, an overdose): what the note says
# happened was not chosen by the prescriber, so the label reader leaves it to the classifier.
SPECIAL_SITUATION = re.compile(
    r"\b(?:exposure|overdos\w*|admin(?:istration)? error|medication error|dosing error|"
    r"by mistake|accidental\w*|inadvertent\w*|wrong (?:vaccine|drug|dose|patient|box|product|pen)|"
    r"lactation|breastfe\w*|before she knew|didn'?t know she|misuse|poison control|got into|"
    r"grabbed|swallowed|chewed)\b",
    re.I,
)
_NOT_DOSING_NOUNS = re.compile(
    r"\b(?:updates?|emails?|newsletters?|webinars?|lunch\w*|meetings?|visits?|calls?|in-?services?|"
    r"check-?ins?|labs?|monitoring|reports?)\b",
    re.I,
)
LOADING_AFTER = re.compile(
    r"^\s*(?:x\s*\d|for (?:the first )?(?:\d|two|three) (?:doses|injections))", re.I
)
