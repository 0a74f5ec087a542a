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
# After a name: whose patient the person is. "Winnie - Dr Carr's pt", "T. Abiodun (Dr
# Keane's pt)", "B.J. Okoye, pt of Dr Lamb", "reggie at Dr Walsh's - on lenvigo".
_add(
    "DOCTORS_PT_AFTER_NAME",
    r"(?<=[\w.])(?:\s*[(,\-–]\s*(?:(?:pt|patient)\s+(?:of|at|w/|with)\s+(?:dr|doctor|np|pa)\b"
    r"|(?:dr|doctor|np|pa)\.?\s+[A-Za-z][\w'’\-]*['’]s?\s+(?:pt|patient)\b)"
    r"|\s+at\s+(?:dr|doctor)\.?\s+[A-Za-z][\w'’\-]*['’]s?(?=\s*(?:[-–,;:)]|$)))",
    re.IGNORECASE,
)
# Without one of these, DOCTORS_PT_AFTER_NAME cannot match: one cheap scan first.
_add(
    "DOCTORS_PT_HINT",
    # Scanned over the lower-cased note: no flag, so the engine skips to the first letters.
    r"(?:dr|doctor)\.?\s+\S+\s+(?:pt|patient)\b|(?:pt|patient)\s+(?:of|at|w/|with)\s"
    r"|at\s+(?:dr|doctor)\b",
)
# A surname's initial right after a name: "hannah w", "Marcus T", "lucas m." ("a" and "i"
# are words, and a capital after a lowercase name is the next sentence's).
_add(
    "INITIAL_AFTER_NAME",
    # "lucinda b. 1958" is a birth cue, not an initial.
    r"[ \t]+(?P<initial>(?P<letter>(?![aAiI]\b)[A-Za-z])\.?)(?=\s|[,;:)]|$)(?!\s+[a-z]\b|\s*['’\d])",
)
# A role right after a name makes it a colleague: "Jenny Moss, NP", "Deb (office mgr)".
_add(
    "ROLE_AFTER_NAME",
    r"\s*[,(\-]?\s*(?:the\s+|our\s+|from\s+(?:the\s+)?|at\s+(?:the\s+)?|is\s+(?:the\s+)?)?"
    # A title that starts the next person's name ("Shauna Kerrigan, Dr Glass holding") does
    # not make the name before it a colleague's; "from Dr. Lin's office" does.
    # "Winnie - Dr Carr's pt": the doctor whose patient the name is, not the name's role.
    r"(?:(?:np|pa|md|rn|dr|nurse)(?!\.?\s+(?-i:[A-Z][a-z]+)(?:(?![\w'’])|['’]s\s+(?:pt|patient)\b))"
    r"|pa-c|do|lpn|ma|cma|cna|"
    r"pharmd|rph|"
    r"pharmacist|office|front\s+desk|desk|sw|social\s+worker|"
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
# Any single word that may be a given name standing alone: "Jaylen is 15", "kenji used
# his inhaler", "Ava's dose". Capitalised or all lowercase; the possessive is stripped in code.
_add(
    "LONE_WORD",
    # "MacKenzie", "McKenna": a capitalised prefix before a capitalised name.
    r"(?<![\w'’\-./@])(?:(?:Ma?c)?[A-ZÀ-ÖØ-Þ][a-zß-öø-ÿā-ſ]+|[a-zß-öø-ÿā-ſ]{4,})(?:['’]s)?"
    r"(?![\w'’\-@]|\.\w)",
)
# The word before a lone name that makes it a place or an organisation ("at Riverside",
# "from Mercy") rather than a person.
_add("PLACE_BEFORE", r"(?:(?<![\w'’])(?:at|from|st\.?|saint)|@)\s*$", re.IGNORECASE)
# What follows a word that makes it an eponym, a place or a group, not a person: "Hurley
# III", "Turner syndrome", "Fabry pts", "the Hamilton bldg".
_add(
    "NOT_PERSON_AFTER",
    r"(?:['’]s)?(?:\s+[A-Z][a-z]+)?\s+(?:syndrome|disease|palsy|score|stage|scale|criteria|class|"
    r"type|grade|I{1,3}s?|IV|pts['’]?|patients['’]?|girls|boys|kids|clinic|bldg|building|campus|"
    r"territory|region|county|program|protocol|registry|trial|study|payer|plan|drug|drugs|"
    r"pharmacy|pharma|labs?|street|st|avenue|ave|road|rd|court|ct|lane|ln|drive|way|place|pl|"
    r"boulevard|blvd|terrace|circle|parkway|pkwy|highway|hwy)(?![\w'’])"
    # "Dayton OH 45402", "Springfield, IL": a city before a state.
    r"|,?\s+(?-i:[A-Z]{2})(?:\s+\d{5}|\s*[,.;)\n]|$)",
)
# A person the rep deals with directly is office staff: "confirmed w/ Jenna", "per Helen",
# "ask for Rita", "through Pam", "signed by Hana", "contact is Sheila", "told Helen".
_add(
    "STAFF_BEFORE",
    r"(?<![\w'’])(?:(?:confirm(?:ed)?|reschedul(?:ed|e)|schedul(?:ed|e)|book(?:ed)?|spoke|"
    r"talked|met|chatted|lunch|left\s+(?:it|them|the\s+\w+|\w+)|dropped\s+(?:it\s+)?off)"
    r"\s+(?:w/|with)|per|via|through|thru|ask\s+for|asked\s+for|signed\s+by|contact(?:\s+is)?|"
    r"told|cc(?:'?d)?|emailed|texted|new\s+one\s+is|covering\s+for)\s+$"
    # "Dr. Patel (Anil)", "front desk (Maria)", "rep from Novexis (Jason)": a name in
    # brackets after a role in the same clause is that colleague's.
    r"|\b(?:dr|doctor|np|pa|rn|nurse|rep|manager|mgr|desk|staff|pharmacist|coordinator|rt|ma)"
    r"\b[^.;()\n]{0,30}\(\s*$",
    re.IGNORECASE,
)
# "Hana at Elm St called me", "Lena (prior auth coordinator)", "Ahmed (fin counselor)".
_add(
    "STAFF_AFTER",
    r"\s*(?:\((?:[^()\n]{0,25}\s)?(?:nurse|rn|np|pa|ma|coordinator|counselor|manager|mgr|"
    r"scheduler|receptionist|biller|pharmacist|pharmd|admin|assistant|navigator|liaison|"
    r"educator|staff|office|desk|gc|sw|social\s+worker|case\s+manager)\)"
    r"|\s+(?:at\s+(?:the\s+)?[A-Z][\w'’]*|called\s+me|emailed\s+me|texted\s+me|told\s+me|"
    r"asked\s+me|wants\s+me|sent\s+me|(?:asked|asks|wants|wanted)\s+(?:us|whether\s+we|if\s+we)\b))",
)
# "my manager Erin", "our MSL Priya": a colleague of the rep.
_add("COLLEAGUE_BEFORE", r"(?<![\w'’])(?:my|our|their)\s+(?:\w+\s+)?$", re.IGNORECASE)
# An initial and a surname: "W. Achterberg", "r. vance" (case agreement is checked in code).
_add(
    "INITIAL_SURNAME",
    r"(?<![\w.'’])(?P<initial>[A-Za-z])\.[ \t]?(?P<surname>[A-Za-z][a-z'’\-]+)(?:['’]s)?(?![\w'’\-])",
)
_add("INITIAL_HINT", r"(?<![\w.])[A-Za-z]\.[ \t]?[A-Za-z][a-z]")
# A capitalised word right before, one space between: "Will Smith", "Dana Farber".
_add("CAPITALISED_BEFORE", r"(?<![\w'’\-.])[A-ZÀ-ÖØ-Þ][\w'’\-]*[ \t]$")
# Every run of letters, accented ones included ("inés"), for the lone-name prefilter.
_add("LETTER_RUN", r"[^\W\d_]+")
# After a name: the note says this person is not the HCP who shares the surname.
_add(
    "NO_RELATION_AFTER",
    r"\s*[(,\-–]?\s*(?:no\s+relation|not\s+related|unrelated|different\s+(?:person|family)|"
    r"not\s+the\s+(?:same|dr|doctor)|not\s+(?:dr|doctor)\b)",
    re.IGNORECASE,
)
