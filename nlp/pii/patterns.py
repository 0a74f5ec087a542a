"""Regular expressions for patient identifiers in rep notes (shorthand, lowercase, typos).

Each pattern is registered here by name as source text and flags (``DEFAULT_PATTERNS``);
``Patterns`` compiles a set of sources once. A saved model stores its sources and compiles
those, so editing this module never changes what a saved model does.
"""

import re
from collections.abc import Mapping

# name -> [source, flags]; filled by _add() below, in the order the patterns are written.
DEFAULT_PATTERNS: dict[str, list[object]] = {}


def _add(name: str, source: str, flags: int = 0) -> None:
    DEFAULT_PATTERNS[name] = [source, int(flags)]


_MONTH = (
    r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|"
    r"sept?(?:ember)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)"
)
# A full date: 4/11/58, 04-11-1958, 1958-04-11, 11 Apr 1958, April 11th, 1958.
DATE = (
    r"(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?:19|20)?\d{2}(?!\d)"
    r"|(?:19|20)\d{2}-\d{1,2}-\d{1,2}(?!\d)"
    rf"|\d{{1,2}}(?:st|nd|rd|th)?[\s\-]+(?:of\s+)?{_MONTH}\.?,?[\s\-]+(?:19|20)?\d{{2}}(?!\d)"
    rf"|{_MONTH}\.?[\s\-]+\d{{1,2}}(?:st|nd|rd|th)?,?[\s\-]+(?:19|20)\d{{2}}(?!\d)"
    rf"|{_MONTH}\.?\s+(?:19|20)\d{{2}}(?!\d))"
)
# A numeric date (US or ISO) or a long bare number, in one scan.
_add(
    "BARE_NUMBER",
    r"(?<![\w/.\-$#,])(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?P<year>(?:19|20)?\d{2})"
    r"|(?P<iso>(?:19|20)\d{2})-\d{1,2}-\d{1,2}"
    r"|(?P<id>0\d{5,9}|[1-9]\d{6,9})(?![.,]\d|\s*(?:mg|mcg|ml|units?|iu|pts?|"
    r"patients|doses|tabs|pills|dollars|usd)\b))(?![\w/\-])",
    re.IGNORECASE,
)
_DOB_CUE = (
    r"(?:d\.?\s?o\.?\s?b\.?|d/o/b|date\s+of\s+birth|birth\s*date|birthday|b-?day|"
    r"(?:was\s+)?born(?:\s+on|\s+in)?|(?<=\s)b\.(?=\s*(?:\d|['’])))"
)
# Dates of birth written in words: "March 3rd 1958", "twelfth of June 61", "June '61",
# "nineteen fifty-eight". Only read after a birth cue, where a two-digit year is safe.
_UNITS = r"(?:one|two|three|four|five|six|seven|eight|nine)"
_ORDINAL_UNITS = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth)"
_DAY_WORD = (
    rf"(?:{_ORDINAL_UNITS}|tenth|eleventh|twelfth|thirteenth|fourteenth|fifteenth|sixteenth|"
    rf"seventeenth|eighteenth|nineteenth|twentieth|twenty[\s\-]?{_ORDINAL_UNITS}|thirtieth|"
    r"thirty[\s\-]?first)"
)
_DAY = rf"(?:\d{{1,2}}(?:st|nd|rd|th)?|{_DAY_WORD})"
_TENS = r"(?:twenty|thirty|forty|fifty|sixty|seventy|eighty|ninety)"
_YEAR_WORDS = (
    rf"(?:nineteen|two\s+thousand(?:\s+and)?)[\s\-]+(?:{_TENS}(?:[\s\-]?{_UNITS})?|"
    r"ten|eleven|twelve|thirteen|fourteen|fifteen|sixteen|seventeen|eighteen|nineteen|"
    rf"oh[\s\-]{_UNITS}|{_UNITS})"
)
_YEAR = rf"(?:(?:19|20)\d{{2}}(?!\d)|['’]\d{{2}}(?!\d)|\d{{2}}(?![\d/:%]|\s*(?:yo|y/o|yr|mg)\b)|{_YEAR_WORDS})"
_WORD_DATE = (
    rf"(?:{_DAY}[\s\-]+(?:of[\s\-]+)?{_MONTH}\.?,?(?:[\s\-]+{_YEAR})?"
    rf"|{_MONTH}\.?[\s\-]+(?:the\s+)?{_DAY}(?:,?[\s\-]+{_YEAR})?"
    rf"|{_MONTH}\.?,?\s+{_YEAR}"
    rf"|{_YEAR_WORDS})"
)
_add("DIGITS", r"\d{3}")
# A year old enough to be a birth year, for the written-date scan below.
_add("OLD_YEAR_HINT", r"(?:19\d\d|20[01]\d)(?!\d)")
# A full date in words with a four-digit year, no cue: old enough, it is a birth date
# ("correct is April 4th 1984"); the year is checked in code.
_add(
    "WORD_DATE",
    rf"(?<![\w])(?:{_DAY}[\s\-]+(?:of[\s\-]+)?{_MONTH}\.?,?|{_MONTH}\.?[\s\-]+(?:the\s+)?{_DAY},?)"
    r"[\s\-]+(?P<year>(?:19|20)\d{2})(?![\w])",
    re.IGNORECASE,
)
_add(
    "DOB",
    rf"(?<![\w])(?P<cue>{_DOB_CUE})(?:\s*[:#=\-]\s*|\s+(?:is|was|of)\s+|\s*)(?:the\s+)?"
    rf"(?P<value>{DATE}|{_WORD_DATE}|(?:19|20)\d{{2}}(?![\d/\-])|\d{{1,2}}/\d{{1,2}}(?![\d/])"
    r"|['’]\d{2}(?!\d))(?![\w])",
    re.IGNORECASE,
)
# A date right after a patient's name: "pt Jaylen Brooks, 03/09/2010", "(07/22/1941)".
_add("DATE_AFTER_NAME", rf"\s*[,(]?\s*(?:dob\s*:?\s*)?(?P<value>{DATE})", re.IGNORECASE)

_ID = r"(?=[A-Za-z0-9\-]*\d{3})[A-Za-z]{0,4}-?\d[A-Za-z0-9]*(?:-[A-Za-z0-9]+)*"
_MRN_CUE = (
    r"(?:mrn|m\.r\.n\.?|mr\s*(?:#|no\b)|med(?:ical)?\s*rec(?:ord)?s?(?:\s*(?:no|num|number|#))?|"
    r"(?:health\s+)?record\s*(?:no|num|number|#|id)|chart\s*(?:no|num|number|#|id)?|"
    r"acct|account\s*(?:no|num|number|#)|(?:pt|patient)\s*(?:id|#|no)|member\s*id|"
    r"id\s*(?:no|#))"
)
_add(
    "MRN",
    rf"(?<![\w])(?P<cue>{_MRN_CUE})\.?(?:\s*[:#=\-]\s*|\s+(?:is\s+)?|(?<=#))(?:#\s*)?"
    rf"(?P<value>{_ID})(?![\w\-])",
    re.IGNORECASE,
)
# A record number right after a patient's name: "pt id: Rosa Delgado, 7730-4419".
_add(
    "ID_AFTER_NAME",
    r"\s*[,(]?\s*(?:#\s*)?(?P<value>(?=(?:[A-Za-z\-]*\d){5})[A-Za-z]{0,3}-?\d[\d\-]*\d)(?![\w\-/])",
)

# Words before a long number that make it a lot, claim or reference number, not an MRN.
_add(
    "REFERENCE_CUE",
    r"(?:lot|ndc|ref|reference|ticket|confirmation|conf|case|claim|order|tracking|npi|dea|"
    r"fax|batch|serial|sn|po|invoice|auth|pa|approval|rx|account|acct|member|group|grp|bin|pcn|"
    r"policy|id|#|no\.?|number)\s*[:#.\-]?\s*(?:#\s*)?(?:is\s+)?$",
    re.IGNORECASE,
)

_add(
    "PHONE",
    r"(?<![\w@/.\-])(?:\+?1[\s.\-]?)?(?:\(\d{3}\)[\s.\-]?|\d{3}[\s.\-]|\d{3}(?=\d{7}))"
    r"\d{3}[\s.\-]?\d{4}(?:\s*(?:x|ext\.?)\s*\d{1,5})?(?![\w\-])",
    re.IGNORECASE,
)

_add("TOLL_FREE", r"(?:\+?1[\s.\-]?)?\(?8(?:00|88|77|66|55|44|33)\b")

_add(
    "EMAIL",
    r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}",
)
# Local parts and domain words of practice inboxes: info@, frontdesk@, ...@xyzcardio.org
_add(
    "PRACTICE_EMAIL",
    r"info|office|front|desk|admin|schedul|billing|referral|contact|reception|nurse|staff|"
    r"appointment|appts|clinic|health|medical|med\b|practice|cardio|derm|ortho|neuro|onc|"
    r"peds|pediatric|family|assoc|group|hospital|center|ctr|pharm|\bmd\b|\.md|dr\.|^dr|"
    r"rheum|pulm|allergy|gastro|endo|uro|surgery|care|wellness|\.org$|\.edu$|\.gov$",
    re.IGNORECASE,
)

# Mailbox names that make even a free-mail address a practice's ("frontdesk.maple@gmail.com").
_add(
    "PRACTICE_MAILBOX",
    r"(?:^|[._\-])(?:info|office|frontdesk|front|desk|admin|scheduling|scheduler|billing|"
    r"referrals?|contact|reception|nurses?|staff|appointments?|appts|clinic|practice)"
    r"(?:$|[._\-\d])",
    re.IGNORECASE,
)
# Words inside an e-mail's local part: "rosa.delgado58" -> rosa, delgado.
_add("MAIL_WORD", r"[a-z]+")
# International numbers: "+44 7700 900123", "+1 (555) 201-3344", "0044 20 7946 0958",
# "00-52-55-1234-5678", "001-555-201-3344"; the digit count is checked in code.
_add(
    "INTL_PHONE",
    r"(?<![\w@/.\-+])(?P<number>(?:\+|00[\s.\-]?)\(?\d{1,3}\)?(?:[\s.\-]?\(?\d{1,5}\)?){2,5})"
    r"(?:\s*(?:x|ext\.?)\s*\d{1,5})?(?![\w\-])",
    re.IGNORECASE,
)

_SUFFIX = (
    r"(?:street|st|avenue|ave|av|road|rd|lane|ln|drive|dr|boulevard|blvd|court|ct|way|"
    r"place|pl|parkway|pkwy|terrace|ter|terr|circle|cir|highway|hwy|trail|trl|loop|square|sq|"
    r"pike|crescent|cres|alley|plaza|plz|row|path|crossing|xing|commons|heights|hts|ridge|"
    r"run|bend|cove|grove|hollow|landing|walk|way)"
)
_STREET_WORD = r"(?:\d{1,3}(?:st|nd|rd|th)|[A-Za-z][A-Za-z'’\-]*)"
# Number, optional direction, one to three name words, a street suffix, optional unit.
_add(
    "ADDRESS",
    rf"(?P<number>\d{{1,6}}[A-Za-z]?)\s+"
    rf"(?P<words>(?:(?:[NSEW]|[NS][EW]|north|south|east|west)\.?\s+)?"
    rf"(?:{_STREET_WORD}\s+){{1,3}})"
    rf"(?P<suffix>{_SUFFIX})\b\.?"
    r"(?P<unit>,?\s*(?:apt|apartment|unit|suite|ste|#|bldg|fl|floor|lot|rm|room|no)\.?\s*#?\s*"
    r"(?:[A-Za-z0-9\-]*\d[A-Za-z0-9\-]*|[A-Za-z])(?![\w\-]))?",
    re.IGNORECASE,
)
# A street named without a house number after a place word: "lives on Maple Ave",
# "off Elm Street", "near N. Ridge Rd". Who it belongs to is decided in code.
_add(
    "STREET_NAMED",
    r"(?<![\w'’])(?:on|off|at|near|along|by|past|from|to|of|onto)\s+(?:the\s+)?"
    r"(?P<street>(?P<words>(?:(?:[NSEW]|north|south|east|west)\.?\s+)?"
    r"(?:[A-Za-z][A-Za-z'’\-]*\s+){1,3}?)"
    r"(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr(?!\.?\s+(?-i:[A-Z]))|boulevard|blvd|"
    r"court|ct|way|place|pl|parkway|pkwy|terrace|ter|circle|cir|trail|trl|pike|crescent|alley|"
    r"row)\b\.?"
    r"|(?:route|rte|highway|hwy|county\s+road|state\s+road)\s+\d{1,4}(?-i:[A-Z])?\b)"
    r"(?![\w'’\-]|\s+(?-i:[A-Z])[a-z]+\s+(?:said|says|asked|wants)"
    # "the Elm St unit", "on Main St clinic": a facility, not a home
    r"|\s+(?:unit|clinic|office|location|branch|store|pharmacy|site|campus|hospital|"
    r"cent(?:er|re)|dialysis|practice|building|facility|infusion|lab)\b)",
    re.IGNORECASE,
)
# "lives", "home" right before a street named without a number.
_add(
    "RESIDENCE_BEFORE",
    r"(?:lives?|living|home|resides?|moved|house|staying)(?:\s+\w+)?\s*$",
    re.IGNORECASE,
)
# Where an address may start: a house number before a word. Scanning for this first and
# matching ADDRESS only there is several times faster than scanning with ADDRESS itself.
_add("ADDRESS_START", r"(?<![\w/.\-$#])\d{1,6}[A-Za-z]?\s+[A-Za-z]")
_add("PO_BOX", r"(?<![\w])p\.?\s?o\.?\s+box\s+\d+", re.IGNORECASE)
_STATE = (
    r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|"
    r"NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)"
)
# ", Dayton OH 45402" / ", dayton, oh" / " 45402" after a street address.
_add(
    "ADDRESS_TAIL_STATE",
    rf",?\s+(?:[A-Za-z][A-Za-z.'’\-]*\s+){{0,2}}[A-Za-z][A-Za-z.'’\-]*,?\s+{_STATE}\b\.?"
    r"(?:,?\s+\d{5}(?:-\d{4})?(?!\d))?",
    re.IGNORECASE,
)
_add("ADDRESS_TAIL_ZIP", r",?\s+(?:[A-Za-z][A-Za-z.'’\-]*\s+){0,2}?\d{5}(?:-\d{4})?(?![\w\-])")
# ", Springfield" (capitalised city after a comma) in normally cased notes.
_add("ADDRESS_TAIL_CITY", r",\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\b")

# Cues after which a patient's name follows: "pt", "patient:", "pt name is", "Mrs.",
# "her son", "pt's daughter".
_KIN = (
    r"(?:son|daughter|wife|husband|mother|mom|father|dad|caregiver|grandson|granddaughter|"
    r"grandmother|grandfather|grandma|grandpa|brother|sister|spouse|partner|niece|nephew|"
    r"parent|guardian)"
)
# Where a name cue may start; NAME_CUE is then matched only there (one cheap scan instead
# of a scan with every alternative of NAME_CUE).
_add(
    "CUE_START", rf"(?<![\w'’])(?:pts?|patients?|mrs?|ms|miss|mister|{_KIN})(?![\w])", re.IGNORECASE
)
_add(
    "NAME_CUE",
    r"(?:"
    r"(?P<named>(?:pt|patient)(?:'s|’s)?\s+(?:full\s+)?(?:name|id|initials)\b"
    r"\s*(?:is\b|was\b|=|:|-)?)"
    r"|(?P<title>(?:mr|mrs|ms|miss|mister)\b\.?"
    rf"|{_KIN}(?:'s|’s)?\s+name\b\s*(?:is\b|=|:|-)?)"
    rf"|(?P<kin>{_KIN}\b\s*(?:,|:|-)?)"
    r"|(?P<pt>(?:pt|patient)\b\.?\s*(?:[:,\-(]|=)?)|(?P<pts>(?:pts|patients)\s*[:,(])"
    r")[ \t]*",
    re.IGNORECASE,
)
# A person "named" someone: "a 70 yo woman named Edith Park", "her grandson, named Theo".
_add("NAMED_HINT", r"named|name\s+of", re.IGNORECASE)
_add(
    "PERSON_NAMED",
    rf"(?<![\w])(?:pts?|patients?|woman|man|lady|gentleman|guy|gal|kid|boy|girl|child|baby|"
    rf"teen|teenager|toddler|infant|veteran|vet|retiree|one|{_KIN})\b[^.;\n]{{0,25}}?"
    r"\b(?:named|by\s+the\s+name\s+of)\s+",
    re.IGNORECASE,
)
_add("CAPITALISED", r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]")
# A kin word names a patient's relative after a determiner: "her son", "pt's wife".
_add(
    "KIN_DETERMINER",
    r"(?<![\w'’])(?:her|his|their|the|pt's|pt’s|pts|patient's|patient’s|a|one|[a-z]+['’]s)\s+$",
    re.IGNORECASE,
)
# Letters of the Latin scripts patients' names are written in here (José, Nuñez, Łukasz).
_L = "A-Za-zÀ-ÖØ-öø-ÿĀ-ſ"
_WORD = rf"(?:[{_L}]\.|[{_L}][{_L}'’]*(?:-[{_L}][{_L}'’]*)?)"
# Up to four name-like words: "Rosa Delgado", "J. Alvarez", "Kevin O'Hara", "Maria de la Cruz"
_add("NAME_WORDS", rf"{_WORD}(?:[ \t]+{_WORD}){{0,3}}")
_add("ONE_NAME_WORD", _WORD)
# A capitalised word that may start a full name without a cue ("Sheryl Dunn").
_add("TITLE_WORD", rf"(?<![\w'’\-.])[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:['’\-][{_L}]+)*(?![\w'’\-])")
# "Delgado, Rosa" after a cue.
_add(
    "SURNAME_FIRST",
    rf"(?P<surname>[{_L}][{_L}'’]*(?:-[{_L}][{_L}'’]*)?),[ \t]*(?P<first>[{_L}]+)(?![{_L}'’\-])",
)
# What follows a product name, not a person: "Glyvanta: $600", "Corvix 10mg", "Corvix XR".
_add("PRODUCT_FOLLOWS", r"\s*(?::|\d|\$|[A-Z]{2,3}\b|\s+(?:is|was|has|works|costs|copay)\b)")
_add(
    "TITLED_SURNAME",
    rf"\b(?:dr|doctor|np|pa|pa-c|nurse|rn|md)\.?\s+(?:[{_L}]+\s+)?([A-Z][{_L}'’\-]+)",
    re.IGNORECASE,
)
_add("LOWER_WORD", r"[a-z]+")
_add("LOWER_WORD_PAIR", r"(?<![\w'’\-])(?=([a-z]+)[ \t]+([a-z]+)(?:['’]s)?(?![\w'’\-]))")
# "Rosa Delgado (pt)", "DB (pt of NP Harlan)"
_add("PT_AFTER_NAME", r"\s*\((?:pt|patient)\b(?:[\s,;:\-]+[^()\n]{1,40})?\)", re.IGNORECASE)
# A role right after a name makes it a colleague: "Jenny Moss, NP", "Deb (office mgr)".
_add(
    "ROLE_AFTER_NAME",
    r"\s*[,(\-]?\s*(?:the\s+|our\s+|from\s+(?:the\s+)?|at\s+(?:the\s+)?|is\s+(?:the\s+)?)?"
    r"(?:np|pa|pa-c|md|do|rn|lpn|ma|cma|cna|dr|pharmd|rph|nurse|pharmacist|office|front\s+desk|"
    r"manager|mgr|om|scheduler|receptionist|coordinator|biller|director|admin|practice|clinic|"
    r"health|hospital|network|plan|system|institute|cancer|center|centre|medical|university|"
    r"foundation|formulary|pathway|insurance|pharmacy|staff|team|group|associates|hub|"
    r"navigator|liaison|educator|counselor|representative|case\s+manager|cardiology|"
    r"oncology|hematology|neurology|dermatology|pulmonology|pulm|rheumatology|rheum|"
    r"gastroenterology|endocrinology|urology|nephrology|pediatrics|peds|orthopedics|ortho|"
    r"family\s+med|internal\s+med|primary\s+care|urgent\s+care|specialists|physicians|"
    r"heart|lung|allergy|imaging|infusion|surgical|surgery|pc|llc|inc)"
    r"(?![\w])"
    # "Lisa Chen from Onkavex Access Services": someone speaking for an organisation.
    r"|\s+(?:from|with|of|at)\s+(?:the\s+)?(?:[A-Z][\w'’\-]*\s+){0,3}"
    r"(?:services|access|support|solutions|program|hub|pharmacy|pharma|rx|oncology|health|"
    r"hospital|clinic|center|institute|group|associates|partners)\b",
    re.IGNORECASE,
)


# -- whose contact is it (see nlp.pii.context) -------------------------------------------

_PATIENT_CUES = r"""
    pt|pts|pt's|pt’s|patient|patients|patient's|patient’s|home|lives|living|
    mom|mom's|mother|mother's|dad|dad's|father|son|son's|daughter|daughter's|wife|wife's|
    husband|husband's|caregiver|caregiver's|guardian|parent|parents|spouse|family|
    grandson|granddaughter|residence|resides
"""
_PRACTICE_CUES = r"""
    office|offices|clinic|clinic's|practice|practice's|desk|front\s+desk|fax|faxes|scheduler|
    scheduling|schedule|main\s+line|line|dr|dr\.|drs|doctor|
    doc|np|pa|nurse|nurses|rn|ma|staff|manager|mgr|om|pharmacy|pharmacist|hospital|dept|
    department|reception|receptionist|work|billing|referrals?|coordinator|my|our|rep|
    inbox|portal|hotline|ext|suite|ste|location|locations|specialty\s+pharmacy|
    hub(?=\s*(?:number|no|\#|line|phone|ph|tel|at|:|-|\())|hcp|hcp's|
    located|headquarters|hq|md|lab|center|ctr|group|assoc|associates|team|admin|msl|
    speaker|her\s+nurse|his\s+nurse|business|cell\s+for\s+work|partners|medical|health|
    oncology|onc|cardiology|cardio|neurology|neuro|dermatology|derm|pulmonology|pulm|
    rheumatology|rheum|gastroenterology|gi|endocrinology|endo|urology|infusion|specialists
"""
# Whose street address: only place words make it the practice's; "the hub shipped to
# 44 Canal St" is still the patient's home.
_PRACTICE_PLACE_CUES = r"""
    office|offices|clinic|clinic's|practice|practice's|suite|ste|location|locations|located|
    hospital|center|ctr|pharmacy|building|bldg|campus|headquarters|hq|dr|dr\.|doctor|np|md|
    lab|infusion|institute|medical|health
"""
_add(
    "CONTACT_CUE",
    rf"(?<![\w'’])(?:(?P<patient>{_PATIENT_CUES})|(?P<practice>{_PRACTICE_CUES}))(?![\w'’])",
    re.IGNORECASE | re.VERBOSE,
)
_add(
    "ADDRESS_CUE",
    rf"(?<![\w'’])(?:(?P<patient>{_PATIENT_CUES})|(?P<practice>{_PRACTICE_PLACE_CUES}))(?![\w'’])",
    re.IGNORECASE | re.VERBOSE,
)
# Sentence ends: a line break, or . ! ? ; before a space where the period does not end an
# abbreviation reps use mid-sentence ("Dr.", "Mr.", "St.", "no.").
_add("BOUNDARY", r"\n|[.!?;](?=\s)")
_add(
    "ABBREVIATION",
    r"(?:\b(?:dr|mr|ms|mrs|st|no|pt|apt|ste|ave|vs)|\b[a-z])$",
    re.IGNORECASE,
)
_add(
    "CALLED_FROM",
    r"\b(?:call(?:s|ed|ing)?|text(?:s|ed)?|e-?mail(?:s|ed)?|messag(?:es|ed)|wrote|writes)\b"
    r"[^;\n]*\bfrom\s*:?\s*$",
    re.IGNORECASE,
)
# Substrings without which the DOB / record-number patterns cannot match: checking them
# first spares most notes two regex scans.
_add("DOB_HINT", r"dob|d\. ?o|d/o/b|birth|born|b-?day|\sb\.\s*['’\d]")
_add("MRN_HINT", r"mr|rec|chart|acc|id|member")
# Helpers of the name rules.
_add("POSSESSIVE", r"['’]s$", re.IGNORECASE)
# The word before a name, over "is"/"was": "NP Gomez", "her NP is Jo Anne Pike".
_add(
    "WORD_BEFORE",
    r"([A-Za-z][A-Za-z.\-]*)(?:\s+(?:is|was|named|called|=))?[\s(),:]*$",
)
_add("HOUSE_NUMBER_BEFORE", r"(?<![\w\-])\d{1,6}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?$")


class Patterns:
    """Compiled patterns, one attribute per name (``patterns.PHONE``)."""

    def __init__(self, sources: Mapping[str, list[object]] | None = None) -> None:
        chosen = DEFAULT_PATTERNS if sources is None else sources
        missing = sorted(set(DEFAULT_PATTERNS) - set(chosen))
        if missing:
            raise ValueError(f"patterns missing: {missing}")
        self.sources = {name: [str(s), int(f)] for name, (s, f) in chosen.items()}  # type: ignore[call-overload]
        for name, (source, flags) in self.sources.items():
            setattr(self, name, re.compile(source, flags))

    def __getattr__(self, name: str) -> re.Pattern[str]:
        # Only reached for a name that was never compiled; declared for type checkers.
        raise AttributeError(name)


# -- initials, nicknames and repeated mentions (see nlp.pii.mentions) -------------------

# Initials as one token: "J.D.", "j.d", "K.L.M.", "J. D.", or two or three bare letters.
_add(
    "INITIALS_TOKEN",
    r"(?P<dotted>(?:[A-Za-z]\.[ ]?){1,2}[A-Za-z]\.?(?![\w'’]))|(?P<bare>[A-Za-z]{2,3})(?![\w.'’/\-])",
)
# An age and sex right after a person: "(72M)", ", 64 yo F", "- 58F", "72 y/o".
# An age and sex ("72M", "64 yo F"); initials right before one are a person's.
_add(
    "AGE_SEX",
    r"(?<![\w.])\d{1,3}\s*(?:[mf]|yo[mf]?|y/o|y\.o\.?|yrs?(?:\s+old)?|years?[\s\-]old|"
    r"year[\s\-]old|yom|yof)(?![\w])",
    re.IGNORECASE,
)
# Initials just before an age and sex: "J.D. (72M)", "KLM, 64 yo F", "jd 72f".
_add(
    "INITIALS_BEFORE_AGE",
    r"(?<![\w.'’])(?P<initials>(?:[A-Za-z]\.[ ]?){1,2}[A-Za-z]\.?|[A-Za-z]{2,3})"
    r"\s*[,(\-–:]?\s*(?:age\s*)?$",
    re.IGNORECASE,
)
# Cheap checks before the scans they guard (a literal or a character set up front lets the
# regex engine skip ahead).
_add("DOTTED_HINT", r"\.[A-Za-z]\.")
_add("AGE_HINT", r"\d\s*[mfyMFY]")
_add("INITIALS_HINT", r"initial", re.IGNORECASE)
_add("NICK_QUOTE_HINT", r"['\"“‘(][A-Za-z][a-z'’\-]*['\"”’)]\s")
_add("NICK_CUE_HINT", r"by|known|k\.?a|nick|call|name", re.IGNORECASE)
# A name just before an age and sex: "Edith (72F)", "Harold Finch, 81 yo".
_add(
    "NAME_BEFORE_AGE",
    rf"(?<![\w'’\-.])(?P<name>[A-ZÀ-ÖØ-Þ][{_L}'’\-]+(?:[ \t]+[A-ZÀ-ÖØ-Þ][{_L}'’\-]+)?)"
    r"\s*[,(\-–:]?\s*(?:age\s*)?$",
)
# "initials JD", "pt initials: K.M."
_add(
    "INITIALS_CUE",
    r"(?<![\w])initials?\b\s*(?:are|is|=|:|-)?\s*(?=[A-Za-z])",
    re.IGNORECASE,
)
# A nickname quoted inside a full name: "Robert 'Bobby' Chen", "Margaret (Peggy) Olsen".
_add(
    "NICK_IN_NAME",
    r"(?<![\w'’])(?P<first>[A-Za-z][A-Za-z'’\-]+)\s+(?P<open>['\"“‘(])(?P<nick>[A-Za-z][a-z'’\-]+)"
    r"['\"”’)]\s+(?P<last>[A-Za-z][A-Za-z'’\-]+)",
)
# A nickname the note introduces: "goes by Bobby", "aka 'Peg'", "likes to be called Bo".
_add(
    "NICK_CUE",
    r"(?<![\w])(?:goes\s+by|go\s+by|going\s+by|went\s+by|known\s+as|a\.?k\.?a\.?|"
    r"nick[\s\-]?named|nickname(?:\s+is)?|(?:likes|prefers|wants)\s+to\s+be\s+called|"
    r"calls\s+(?:him|her|them)(?:sel(?:f|ves))?|(?:is|be)\s+called|call\s+me|"
    r"(?:real|legal|full)\s+name(?:\s+is)?)\s*[:\-]?\s*['\"“‘]?"
    r"(?P<nick>[A-Za-z][A-Za-z'’\-]+)",
    re.IGNORECASE,
)
# A capitalised word (a possible staff member's name), possessive left out.
_add("CAP_WORD", r"(?<![\w'’\-.])[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ\-]+(?:['’][A-ZÀ-Þ][a-zß-öø-ÿ]+)?")
# Quotes and brackets around a nickname inside a name ("Robert 'Bobby' Chen").
_add("NAME_QUOTES", r"(?<!\w)['’\"“”‘(]|['’\"“”‘)](?!\w)")
# Any word or dotted initials, to find later mentions of a patient's name parts.
_add("MENTION_WORD", rf"(?<![\w'’\-.])(?:(?:[A-Za-z]\.){{2,3}}|[{_L}][{_L}'’\-]*)")
# Dotted initials anywhere: "B.O.", "j.d." (bare letters need a cue, see names.py).
_add("DOTTED_INITIALS", r"(?<![\w.])(?:[A-Za-z]\.){2,3}(?![\w])")
