"""Other patient facts in a note: weight, pregnancy, sex."""

import re

from nlp.label_reader.note.fact import Fact

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


_BREASTFEEDING = re.compile(
    r"\b(?:breast-?feed\w*|breastfed|nursing (?:mom|mother|mum|her (?:baby|infant|newborn))s?|"
    r"lactating|pumping)\b",
    re.I,
)
_NOT_BREASTFEEDING_BEFORE = re.compile(
    r"\b(?:not|no longer|stopped|done|finished|after|weaned|quit|isn'?t|wasn'?t)\s+(?:\w+\s+)?$",
    re.I,
)


def breastfeeding_in(text: str) -> list[Fact]:
    """ "breastfeeding", "nursing mom", "lactating"; not "stopped breastfeeding"."""
    return [
        Fact(m.start(), m.end(), 0.0, "breastfeeding")
        for m in _BREASTFEEDING.finditer(text)
        if not _NOT_BREASTFEEDING_BEFORE.search(text[max(0, m.start() - 20) : m.start()])
    ]
