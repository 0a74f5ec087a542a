"""Patient names: the cues before them, the shapes of name words, and the roles that make a
name a colleague's."""

import re

from nlp.pii.patterns.registry import add as _add

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
LETTERS = _L = "A-Za-zÀ-ÖØ-öø-ÿĀ-ſ"
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

# Helpers of the name rules.
_add("POSSESSIVE", r"['’]s$", re.IGNORECASE)
# The word before a name, over "is"/"was": "NP Gomez", "her NP is Jo Anne Pike".
_add(
    "WORD_BEFORE",
    r"([A-Za-z][A-Za-z.\-]*)(?:\s+(?:is|was|named|called|=))?[\s(),:]*$",
)
_add("HOUSE_NUMBER_BEFORE", r"(?<![\w\-])\d{1,6}[A-Za-z]?\s+(?:[NSEW]\.?\s+)?$")
