"""Compiled patterns for patient identifiers in rep notes (shorthand, lowercase, typos).

Kept apart from the detector so that every pattern is compiled once, at import.
"""

import re

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
BARE_NUMBER = re.compile(
    r"(?<![\w/.\-$#,])(?:\d{1,2}[/.\-]\d{1,2}[/.\-](?P<year>(?:19|20)?\d{2})"
    r"|(?P<iso>(?:19|20)\d{2})-\d{1,2}-\d{1,2}"
    r"|(?P<id>0\d{5,9}|[1-9]\d{6,9})(?![.,]\d|\s*(?:mg|mcg|ml|units?|iu|pts?|"
    r"patients|doses|tabs|pills|dollars|usd)\b))(?![\w/\-])",
    re.IGNORECASE,
)
_DOB_CUE = (
    r"(?:d\.?\s?o\.?\s?b\.?|date\s+of\s+birth|birth\s*date|birthday|b-?day|"
    r"born(?:\s+on|\s+in)?)"
)
DOB = re.compile(
    rf"(?<![\w])(?P<cue>{_DOB_CUE})(?:\s*[:#=\-]\s*|\s+(?:is|was|of)\s+|\s*)"
    rf"(?P<value>{DATE}|(?:19|20)\d{{2}}(?![\d/\-])|\d{{1,2}}/\d{{1,2}}(?![\d/]))",
    re.IGNORECASE,
)
# A date right after a patient's name: "pt Jaylen Brooks, 03/09/2010", "(07/22/1941)".
DATE_AFTER_NAME = re.compile(rf"\s*[,(]?\s*(?:dob\s*:?\s*)?(?P<value>{DATE})", re.IGNORECASE)

_ID = r"(?=[A-Za-z0-9\-]*\d{3})[A-Za-z]{0,4}-?\d[A-Za-z0-9]*(?:-[A-Za-z0-9]+)*"
_MRN_CUE = (
    r"(?:mrn|m\.r\.n\.?|mr\s*(?:#|no\b)|med(?:ical)?\s*rec(?:ord)?s?(?:\s*(?:no|num|number|#))?|"
    r"(?:health\s+)?record\s*(?:no|num|number|#|id)|chart\s*(?:no|num|number|#|id)?|"
    r"acct|account\s*(?:no|num|number|#)|(?:pt|patient)\s*(?:id|#|no)|member\s*id|"
    r"id\s*(?:no|#))"
)
MRN = re.compile(
    rf"(?<![\w])(?P<cue>{_MRN_CUE})\.?(?:\s*[:#=\-]\s*|\s+(?:is\s+)?|(?<=#))(?:#\s*)?"
    rf"(?P<value>{_ID})(?![\w\-])",
    re.IGNORECASE,
)
# A record number right after a patient's name: "pt id: Rosa Delgado, 7730-4419".
ID_AFTER_NAME = re.compile(
    r"\s*[,(]?\s*(?:#\s*)?(?P<value>(?=(?:[A-Za-z\-]*\d){5})[A-Za-z]{0,3}-?\d[\d\-]*\d)(?![\w\-/])"
)

# Words before a long number that make it a lot, claim or reference number, not an MRN.
REFERENCE_CUE = re.compile(
    r"(?:lot|ndc|ref|reference|ticket|confirmation|conf|case|claim|order|tracking|npi|dea|"
    r"fax|batch|serial|sn|po|invoice|auth|pa|approval|rx|account|acct|member|group|grp|bin|pcn|"
    r"policy|id|#|no\.?|number)\s*[:#.\-]?\s*(?:#\s*)?(?:is\s+)?$",
    re.IGNORECASE,
)

PHONE = re.compile(
    r"(?<![\w@/.\-])(?:\+?1[\s.\-]?)?(?:\(\d{3}\)[\s.\-]?|\d{3}[\s.\-]|\d{3}(?=\d{7}))"
    r"\d{3}[\s.\-]?\d{4}(?:\s*(?:x|ext\.?)\s*\d{1,5})?(?![\w\-])",
    re.IGNORECASE,
)

TOLL_FREE = re.compile(r"(?:\+?1[\s.\-]?)?\(?8(?:00|88|77|66|55|44|33)\b")

EMAIL = re.compile(
    r"(?<![\w.+\-])[A-Za-z0-9][A-Za-z0-9._%+\-]*@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}"
)
# Local parts and domain words of practice inboxes: info@, frontdesk@, ...@xyzcardio.org
PRACTICE_EMAIL = re.compile(
    r"info|office|front|desk|admin|schedul|billing|referral|contact|reception|nurse|staff|"
    r"appointment|appts|clinic|health|medical|med\b|practice|cardio|derm|ortho|neuro|onc|"
    r"peds|pediatric|family|assoc|group|hospital|center|ctr|pharm|\bmd\b|\.md|dr\.|^dr|"
    r"rheum|pulm|allergy|gastro|endo|uro|surgery|care|wellness|\.org$|\.edu$|\.gov$",
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
ADDRESS = re.compile(
    rf"(?P<number>\d{{1,6}}[A-Za-z]?)\s+"
    rf"(?P<words>(?:(?:[NSEW]|[NS][EW]|north|south|east|west)\.?\s+)?"
    rf"(?:{_STREET_WORD}\s+){{1,3}})"
    rf"(?P<suffix>{_SUFFIX})\b\.?"
    r"(?P<unit>,?\s*(?:apt|apartment|unit|suite|ste|#|bldg|fl|floor|lot|rm|room|no)\.?\s*#?\s*"
    r"(?:[A-Za-z0-9\-]*\d[A-Za-z0-9\-]*|[A-Za-z])(?![\w\-]))?",
    re.IGNORECASE,
)
# Where an address may start: a house number before a word. Scanning for this first and
# matching ADDRESS only there is several times faster than scanning with ADDRESS itself.
ADDRESS_START = re.compile(r"(?<![\w/.\-$#])\d{1,6}[A-Za-z]?\s+[A-Za-z]")
PO_BOX = re.compile(r"(?<![\w])p\.?\s?o\.?\s+box\s+\d+", re.IGNORECASE)
_STATE = (
    r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|"
    r"NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)"
)
# ", Dayton OH 45402" / ", dayton, oh" / " 45402" after a street address.
ADDRESS_TAIL_STATE = re.compile(
    rf",?\s+(?:[A-Za-z][A-Za-z.'’\-]*\s+){{0,2}}[A-Za-z][A-Za-z.'’\-]*,?\s+{_STATE}\b\.?"
    r"(?:,?\s+\d{5}(?:-\d{4})?(?!\d))?",
    re.IGNORECASE,
)
ADDRESS_TAIL_ZIP = re.compile(r",?\s+(?:[A-Za-z][A-Za-z.'’\-]*\s+){0,2}?\d{5}(?:-\d{4})?(?![\w\-])")
# ", Springfield" (capitalised city after a comma) in normally cased notes.
ADDRESS_TAIL_CITY = re.compile(r",\s*[A-Z][a-z]+(?:\s+[A-Z][a-z]+){0,2}\b")
_NOT_STREET_WORDS = """
    a an and at by for from in of on or per the to with x mg mcg ml pts pt pills tabs
    doses days wks weeks months yrs years hrs mins times patients visits boxes pens samples
    units cards is was has had are were be been about after before during since than
"""
ADDRESS_NOT_STREET_WORDS = frozenset(_NOT_STREET_WORDS.split())

# Cues after which a patient's name follows: "pt", "patient:", "pt name is", "Mrs.",
# "her son", "pt's daughter".
_KIN = (
    r"(?:son|daughter|wife|husband|mother|mom|father|dad|caregiver|grandson|granddaughter|"
    r"grandmother|grandfather|grandma|grandpa|brother|sister|spouse|partner|niece|nephew|"
    r"parent|guardian)"
)
# Where a name cue may start; NAME_CUE is then matched only there (one cheap scan instead
# of a scan with every alternative of NAME_CUE).
CUE_START = re.compile(
    rf"(?<![\w'’])(?:pts?|patients?|mrs?|ms|miss|mister|{_KIN})(?![\w])", re.IGNORECASE
)
NAME_CUE = re.compile(
    r"(?:"
    r"(?P<named>(?:pt|patient)(?:'s|’s)?\s+(?:full\s+)?(?:name|id|initials)\b"
    r"\s*(?:is\b|=|:|-)?)"
    r"|(?P<title>(?:mr|mrs|ms|miss|mister)\b\.?"
    rf"|{_KIN}(?:'s|’s)?\s+name\b\s*(?:is\b|=|:|-)?)"
    rf"|(?P<kin>{_KIN}\b\s*(?:,|:|-)?)"
    r"|(?P<pt>(?:pt|patient)\b\.?\s*(?:[:,\-(]|=)?)|(?P<pts>(?:pts|patients)\s*[:,(])"
    r")[ \t]*",
    re.IGNORECASE,
)
CAPITALISED = re.compile(r"[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]")
# A kin word names a patient's relative after a determiner: "her son", "pt's wife".
KIN_DETERMINER = re.compile(
    r"(?<![\w'’])(?:her|his|their|the|pt's|pt’s|pts|patient's|patient’s|a|one)\s+$", re.IGNORECASE
)
# Letters of the Latin scripts patients' names are written in here (José, Nuñez, Łukasz).
_L = "A-Za-zÀ-ÖØ-öø-ÿĀ-ſ"
_WORD = rf"(?:[{_L}]\.|[{_L}][{_L}'’]*(?:-[{_L}][{_L}'’]*)?)"
# Up to four name-like words: "Rosa Delgado", "J. Alvarez", "Kevin O'Hara", "Maria de la Cruz"
NAME_WORDS = re.compile(rf"{_WORD}(?:[ \t]+{_WORD}){{0,3}}")
ONE_NAME_WORD = re.compile(_WORD)
# A capitalised word that may start a full name without a cue ("Sheryl Dunn").
TITLE_WORD = re.compile(rf"(?<![\w'’\-.])[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿ]+(?:['’\-][{_L}]+)*(?![\w'’\-])")
# "Delgado, Rosa" after a cue.
SURNAME_FIRST = re.compile(
    rf"(?P<surname>[{_L}][{_L}'’]*(?:-[{_L}][{_L}'’]*)?),[ \t]*(?P<first>[{_L}]+)(?![{_L}'’\-])"
)
# What follows a product name, not a person: "Glyvanta: $600", "Corvix 10mg", "Corvix XR".
PRODUCT_FOLLOWS = re.compile(r"\s*(?::|\d|\$|[A-Z]{2,3}\b|\s+(?:is|was|has|works|costs|copay)\b)")
# Lowercase particles inside surnames: "de la Cruz", "van der Berg", "bin Laden".
NAME_PARTICLES = frozenset(
    [
        "de",
        "del",
        "della",
        "der",
        "den",
        "la",
        "le",
        "da",
        "di",
        "do",
        "dos",
        "das",
        "du",
        "van",
        "von",
        "bin",
        "ibn",
        "al",
        "el",
    ]
)
TITLED_SURNAME = re.compile(
    rf"\b(?:dr|doctor|np|pa|pa-c|nurse|rn|md)\.?\s+(?:[{_L}]+\s+)?([A-Z][{_L}'’\-]+)", re.IGNORECASE
)
LOWER_WORD_PAIR = re.compile(r"(?<![\w'’\-])(?=([a-z]+)[ \t]+([a-z]+)(?![\w'’\-]))")
PT_AFTER_NAME = re.compile(r"\s*\((?:pt|patient)\)", re.IGNORECASE)
# A role right after a name makes it a colleague: "Jenny Moss, NP", "Deb (office mgr)".
ROLE_AFTER_NAME = re.compile(
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
