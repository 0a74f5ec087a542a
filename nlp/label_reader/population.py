"""The population an indication approves: ages, weight, sex and pregnancy, and the
populations its exclusion list names ("children under 6", "adults 18 and older")."""

import re

from nlp.label_reader.constraints import LabelConstraints
from nlp.label_reader.patterns import years
from nlp.label_reader.terms import content_keys

_AGE_UNIT = r"(years?|yrs?|months?|mos?|weeks?|wks?)"

_AGE_RANGE = re.compile(
    rf"(?:\bfrom\s+|\bbetween\s+|\baged?\s+|\bages\s+)?(\d+(?:\.\d+)?)\s*{_AGE_UNIT}?\s*"
    rf"(?:through|to|–|-|and)\s*(?:less than\s+)?(\d+(?:\.\d+)?)\s*{_AGE_UNIT}?"
    r"(?:\s+(?:of age|old))?(?![\d.])",
    re.I,
)

_AGE_MIN = re.compile(
    rf"(\d+(?:\.\d+)?)\s*{_AGE_UNIT}?\s*(?:of age\s*|old\s*)?(?:and|or)\s*(?:older|over|above|up)\b"
    rf"|(?:≥|>=|\bat least\s+|\baged?\s+)\s*(\d+(?:\.\d+)?)\s*{_AGE_UNIT}?(?!\s*(?:kg|mg|%|\d))"
    rf"|\b(\d+)\s*\+(?!\d)",
    re.I,
)

_AGE_UNDER = re.compile(
    rf"(?:\bunder|\byounger than|\bless than|\bbelow|<)\s*(?:the age of\s+|age\s+)?(\d+(?:\.\d+)?)"
    rf"\s*{_AGE_UNIT}?",
    re.I,
)

_AGE_JUST_BEFORE = re.compile(
    r"\b(?:aged?|ages|between|from|children|adolescents|patients|adults|pediatric patients)\s*$",
    re.I,
)

# "for use from 2 months of age", "starting at 6 weeks of age": a youngest age, no oldest
_AGE_FROM = re.compile(
    rf"\b(?:from|starting (?:at|from)|beginning at)\s+(\d+(?:\.\d+)?)\s*{_AGE_UNIT}\s*(?:of age|old)\b",
    re.I,
)

_AGE_UP_TO = re.compile(rf"\b(?:up to|through|until)\s+(\d+)\s*{_AGE_UNIT}\s+(?:of age|old)", re.I)

# "adults" with no age of its own ("adults 60 years and older" has one)
_BARE_ADULTS = re.compile(
    r"\badults?\b(?!\s*(?:\(\s*)?(?:aged?\s+|ages\s+|≥|>=|over\s+|at least\s+)?\d)", re.I
)

_AGE_OVER = re.compile(rf"(?:\bover|\bolder than|>)\s*(\d+(?:\.\d+)?)\s*{_AGE_UNIT}?", re.I)

_AGE_CONTEXT = re.compile(
    r"\b(?:patients|children|adults|adolescents|infants|individuals|people|persons|those|aged?|"
    r"women|men|girls|boys|of age|old|older)\b",
    re.I,
)

_NOT_AGE_AFTER = re.compile(r"\s*(?:kg|mg|mcg|ml|g/|%|cells|ml/min|doses?|mmol)", re.I)

_WEIGHT = re.compile(
    r"(?:weigh(?:ing|s)?|(?:body )?weight(?: of)?)\s+(?:at least|≥|>=|more than|over|a minimum of)"
    r"\s*(\d+(?:\.\d+)?)\s*kg"
    r"|(?:≥|>=)\s*(\d+(?:\.\d+)?)\s*kg"
    # "weighing 11 kg or more", "body weight 40 kg and above"
    r"|(?:weigh(?:ing|s)?|weight(?: of)?)\s+(\d+(?:\.\d+)?)\s*kg\s+(?:or|and)\s+"
    r"(?:more|above|over|greater|heavier)\b"
    # "weighing 15 kg to less than 30 kg": the lowest band
    r"|weigh(?:ing|s)?\s+(\d+(?:\.\d+)?)\s*kg\s*(?:to|-|–|through|up to)\b",
    re.I,
)
# "pediatric and adult patients", "adults and children": every age, not adults only
_CHILDREN_AND_ADULTS = re.compile(
    r"\b(?:pediatric|paediatric|children|child|infants?)\s+(?:patients\s+)?(?:and|or|&)\s+"
    r"adults?\b|\badults?\s+(?:patients\s+)?(?:and|or|&)\s+(?:pediatric|paediatric|children|"
    r"child|infants?)\b(?!\s+(?:patients\s+)?(?:aged?\s+|ages\s+|≥|>=|over\s+|at least\s+)?\d)"
    r"|\b(?:of|at) all ages\b",
    re.I,
)

_FEMALE = re.compile(
    r"\b(?:women|woman|females?|girls|postmenopausal|premenopausal|pregnant (?:women|individuals|"
    r"people|persons|patients))\b",
    re.I,
)

_MALE = re.compile(r"\b(?:men|man|males?|boys)\b", re.I)

_PREGNANT = re.compile(r"\bpregnan\w*|\bgestation\w*|\bduring the (?:second|third) trimester", re.I)

LACTATION = re.compile(
    r"\b(?:breast-?feed\w*|breastfed|nursing (?:mothers?|women|moms?)|lactat\w*)\b", re.I
)
_PREVENT_PREGNANCY = re.compile(r"\b(?:prevention of|prevent|preventing|avoid) pregnancy", re.I)

_GESTATION_AFTER = re.compile(r"^\s*(?:of\s+)?(?:gestation|gestational|pregnan)", re.I)

CHILD_WORDS = re.compile(
    r"\b(?:children|child|pediatric|paediatric|adolescents?|infants?|minors?|neonates?)\b", re.I
)

_YOUNGEST = re.compile(r"\b(neonat\w*|newborns?|infants?)\b", re.I)
_YOUNGEST_FLOOR = {"neon": 1 / 12, "newb": 1 / 12, "infa": 1.0}  # years
_SEX_MALE_ITEM = re.compile(r"^\s*(?:in\s+)?(?:men|males?|boys)\s*$", re.I)

_ADOLESCENTS = re.compile(r"\badolescents?\b", re.I)

_DURATION_BEFORE = re.compile(r"\b(?:for|over|within|after|every|during|up to|than)\s*$", re.I)

OLDER = re.compile(
    rf"(\d+(?:\.\d+)?)\s*{_AGE_UNIT}?\s*(?:of age\s*)?(?:and|or)\s+(?:older|over|above)\b", re.I
)

_OLDER_MARK = re.compile(rf"(\d+(?:\.\d+)?)\s*{_AGE_UNIT}?\s*plus_older\b", re.I)

_SMALL_FOR_AGE = re.compile(r"\bsmall for gestational age\b", re.I)

PEOPLE = {"women", "woman", "men", "man", "female", "females", "males", "male"}


def read_population(approved: str, out: LabelConstraints) -> None:
    """Ages, weight, sex and pregnancy of the approved population."""
    bands = _age_bands(approved, out)
    if bands:
        out.min_age = min(b[0] for b in bands)
        highs = [b[1] for b in bands]
        out.max_age = None if any(h is None for h in highs) else max(h or 0 for h in highs)
        if out.min_age == 0 and out.max_age is None:
            out.min_age = None
    weight = _WEIGHT.search(approved)
    if weight:
        out.min_weight_kg = float(next(g for g in weight.groups() if g))
    female, male = _FEMALE.search(approved), _MALE.search(approved)
    if female and not male:
        out.sex = "female"
    elif male and not female:
        out.sex = "male"
    if (
        out.pregnancy is None
        and _PREGNANT.search(approved)
        and not _PREVENT_PREGNANCY.search(approved)
    ):
        out.pregnancy = "required"


def population_item(item: str, out: LabelConstraints) -> bool:
    """An excluded population ("children under 6", "pregnancy", "men", "adults 18 and
    older") read into ``out``; False when the item names none."""
    under = _AGE_UNDER.search(item)
    if under and not _NOT_AGE_AFTER.match(item[under.end() :]):
        limit = years(float(under.group(1)), under.group(2))
        out.min_age = max(out.min_age or 0.0, limit)
        return True
    over = _AGE_OVER.search(item)
    if over and _AGE_CONTEXT.search(item) and not re.search(r"smok", item, re.I):
        out.max_age = years(float(over.group(1)), over.group(2))
        return True
    older = _OLDER_MARK.search(item)
    if older:  # "not for adults 18 and older": the label stops at 17
        limit = years(float(older.group(1)), older.group(2)) - 1
        out.max_age = limit if out.max_age is None else min(out.max_age, limit)
        return True
    if LACTATION.search(item):
        out.lactation = "excluded"
        if _PREGNANT.search(item):
            out.pregnancy = "excluded"  # "pregnant or breastfeeding women"
        return True
    if _PREGNANT.search(item) and not _SMALL_FOR_AGE.search(item):
        out.pregnancy = "excluded"
        return True
    if _SEX_MALE_ITEM.match(item):
        out.sex = "female"
        return True
    if re.fullmatch(r"\s*(?:in\s+)?(?:women|females?|girls)\s*", item, re.I):
        out.sex = "male"
        return True
    if re.fullmatch(r"\s*(?:in\s+)?adults?\s*", item, re.I):
        # a pediatric label's age range may name no end ("2 years of age and older")
        if out.max_age is None and (out.min_age or 0) < 18:
            out.max_age = 17.0
        return True
    if CHILD_WORDS.search(item) and len(content_keys(item)) <= 2:
        # "not for neonates" leaves the children the label names; "not for children" does not
        youngest = _YOUNGEST.search(item)
        floor = _YOUNGEST_FLOOR[youngest.group(1).lower()[:4]] if youngest else 18.0
        out.min_age = max(out.min_age or 0.0, floor)
        return True
    return False


def _age_bands(approved: str, out: LabelConstraints) -> list[tuple[float, float | None]]:
    """(youngest, oldest or None) of each population the label names; a gestational-age
    window sets ``out.gestation_weeks`` instead."""
    bands: list[tuple[float, float | None]] = []
    taken: list[tuple[int, int]] = []
    for match in _AGE_RANGE.finditer(approved):
        if _GESTATION_AFTER.match(approved[match.end() :]):
            out.pregnancy = "required"
            out.gestation_weeks = [float(match.group(1)), float(match.group(3))]
            taken.append((match.start(), match.end()))
            continue
        before = approved[: match.start()]
        if re.search(r"\b(?:for|over|within|every|after|up to)\s*$", before):
            continue
        near = approved[max(0, match.start() - 40) : match.start()]
        if not _AGE_CONTEXT.search(near + match.group(0)) and not re.search(
            r"(?:of age|old)$", match.group(0)
        ):
            continue
        if re.match(r"\s*(?:after|apart|later)\b", approved[match.end() :]):
            continue
        if not match.group(4) and (
            not _AGE_JUST_BEFORE.search(before) or _NOT_AGE_AFTER.match(approved[match.end() :])
        ):
            continue  # "aged 18 to 75", "children 6-17"; not "1 to 4 mg"
        low = years(float(match.group(1)), match.group(2) or match.group(4))
        high = years(float(match.group(3)), match.group(4))
        bands.append((low, high))
        taken.append((match.start(), match.end()))
    for match in _AGE_MIN.finditer(approved):
        if any(s <= match.start() < e for s, e in taken):
            continue
        if _DURATION_BEFORE.search(approved[: match.start()]):
            continue  # "receiving dialysis for at least 4 months" is no age
        count = match.group(1) or match.group(3) or match.group(5)
        unit = match.group(2) or match.group(4)
        if match.group(5) and not _AGE_CONTEXT.search(approved[max(0, match.start() - 40) :]):
            continue
        if _NOT_AGE_AFTER.match(approved[match.end() :]):
            continue
        if re.match(r"\s*(?:after|apart|later)\b", approved[match.end() :]):
            continue
        if not match.group(5) and not _AGE_CONTEXT.search(
            approved[max(0, match.start() - 40) : match.end() + 12]
        ):
            continue
        bands.append((years(float(count), unit), None))
    for match in _AGE_UNDER.finditer(approved):
        if any(s <= match.start() < e for s, e in taken):
            continue  # "2 months to less than 3 years": the top of a range already read
        before = approved[max(0, match.start() - 30) : match.start()]
        if _AGE_CONTEXT.search(before) and not _NOT_AGE_AFTER.match(approved[match.end() :]):
            bands.append((0.0, years(float(match.group(1)), match.group(2)) - 1))
    for match in _AGE_FROM.finditer(approved):
        if not any(s <= match.start() < e for s, e in taken):
            bands.append((years(float(match.group(1)), match.group(2)), None))
    for match in _AGE_UP_TO.finditer(approved):
        if not any(s <= match.start() < e for s, e in taken):
            bands.append((0.0, years(float(match.group(1)), match.group(2))))
    adults = _BARE_ADULTS.search(approved)
    if adults and re.search(r"\b(?:older|young|younger)\s+$", approved[: adults.start()]):
        adults = None
    if adults and not bands and _CHILDREN_AND_ADULTS.search(approved):
        return bands  # "in pediatric and adult patients": no age limit
    if adults and all(high is not None and high < 18 for _, high in bands):
        # "children 6 to 17 years and adults": the adults have no upper bound
        bands.append((12.0 if _ADOLESCENTS.search(approved) and not bands else 18.0, None))
    elif not bands and _ADOLESCENTS.search(approved):
        bands.append((12.0, None))
    return bands
