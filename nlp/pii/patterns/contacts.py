"""Phone numbers and e-mail addresses, and the cue words that say whose they are
(see ``nlp.pii.context``)."""

import re

from nlp.pii.patterns.registry import add as _add

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
    r"referrals?|contact|reception|nurses?|staff|appointments?|appts|clinic|practice|"
    r"support|help|helpdesk|hello|team|services?|orders|enroll(?:ment)?|hub|pharmacy|rx|"
    r"intake|records|noreply|no-reply|mail|inquiries|questions|safety|pv|medinfo)"
    r"(?:$|[._\-\d])",
    re.IGNORECASE,
)
# Words inside an e-mail's local part: "rosa.delgado58" -> rosa, delgado.
_add("MAIL_WORD", r"[a-z]+")
# International numbers: "+44 7700 900123", "+1 (555) 201-3344", "0044 20 7946 0958",
# "00-52-55-1234-5678", "001-555-201-3344"; the digit count is checked in code.
_add(
    "INTL_PHONE",
    # Brackets only in pairs ("+44 (0)20 ..."), so a closing bracket after the number stays
    # outside it; up to six groups for the French pairs ("+33 6 12 34 56 78").
    r"(?<![\w@/.\-+])(?P<number>(?:\+|00[\s.\-]?)(?:\(\d{1,3}\)|\d{1,3})"
    r"(?:[\s.\-]?(?:\(\d{1,5}\)|\d{1,5})){2,6})"
    r"(?:\s*(?:x|ext\.?)\s*\d{1,5})?(?![\w\-])",
    re.IGNORECASE,
)

# A seven-digit local number ("201-3344") is only read right after a phone word.
_add(
    "LOCAL_PHONE",
    # The digit comes before the look behind so the engine can skip to digits.
    r"(?P<number>\d(?<![\w@/.\-]\d)\d{2}[\s.\-]\d{4})(?:\s*(?:x|ext\.?)\s*\d{1,5})?"
    r"(?![\w\-]|[/.]\d)",
    re.IGNORECASE,
)
_add(
    "PHONE_WORD_BEFORE",
    r"(?<![\w'’])(?:cell|mobile|phone|ph|tel|number|no|landline|home|#|call|text|reach)"
    r"\.?(?:\s+(?:is|at|on|number|no\.?|#))?\s*[:#\-]?\s*$",
    re.IGNORECASE,
)
# "his number", "her cell is": a possessive pronoun points back to the sentence's subject.
_add(
    "PRONOUN_CONTACT",
    r"(?<![\w'’])(?:his|her|their)\s+(?:own\s+|home\s+|cell\s+|mobile\s+)?"
    r"(?:cell|mobile|phone|number|#|no\.?|landline|line|e-?mail|address)"
    r"(?:\s+(?:for|to)\s+(?:the\s+)?\w+)?(?:\s+(?:is|was|at|on|number|#))?\s*[:#\-]?\s*$",
    re.IGNORECASE,
)

# Cue words that name a place, not a person: what "his"/"her" cannot point back to.
_add(
    "PLACE_CUE",
    r"(?:office|offices|clinic|practice|desk|front\s+desk|fax|line|main\s+line|hospital|"
    r"pharmacy|dept|department|reception|work|billing|inbox|portal|hotline|ext|suite|ste|"
    r"location|hub|lab|center|ctr|group|headquarters|hq|home|house|residence|family)(?![\w'’])",
    re.IGNORECASE,
)

# A national number with a trunk zero ("07700 900123", "020 7946 0958"), read only after a
# phone word; ten or eleven digits, checked in code.
_add(
    "NATIONAL_PHONE",
    r"0(?<![\w@/.\-+]0)\d{2,4}[\s\-]?\d{3,4}[\s\-]?\d{3,4}(?![\w\-])",
)

# -- whose contact is it (see nlp.pii.context) -------------------------------------------

_PATIENT_CUES = r"""
    pt|pts|pt's|pt’s|patient|patients|patient's|patient’s|home|lives|living|
    mom|mom's|mother|mother's|dad|dad's|father|son|son's|daughter|daughter's|wife|wife's|
    husband|husband's|caregiver|caregiver's|guardian|parent|parents|spouse|family|
    grandson|granddaughter|residence|resides|live|lived|house|family's|family’s
"""
_PRACTICE_CUES = r"""
    office|offices|clinic|clinic's|practice|practice's|desk|front\s+desk|fax|faxes|scheduler|
    scheduling|schedule|main\s+line|line|dr|dr\.|drs|doctor|
    dr['’]s|doctor['’]s|doc['’]s|np['’]s|pa['’]s|nurse['’]s|rn['’]s|ma['’]s|
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
    r"\b(?:call(?:s|ed|ing)?|text(?:s|ed)?|e-?mail(?:s|ed)?|messag(?:es|ed)|msg|message|"
    r"voicemail|vm|wrote|writes)\b"
    r"[^;\n]*\bfrom\s*:?\s*$",
    re.IGNORECASE,
)
# Substrings without which the DOB / record-number patterns cannot match: checking them
# first spares most notes two regex scans.
# "mom asked the nurse to call her at ...": the number of the person a pronoun points back
# to, the patient side when the sentence names one.
_add(
    "CALL_THEM_AT",
    r"\b(?:call|text|reach|phone|ring)\s+(?:her|him|them)\s+(?:back\s+)?(?:at|on)\s*:?\s*$",
    re.IGNORECASE,
)
# Before a free-mail address: someone writing TO the office from it ("she emailed the office
# from dfitch52@...", "the pt's daughter wrote in from ..."): a patient's or a relative's.
_add(
    "WROTE_TO_OFFICE_FROM",
    r"(?<![\w'’])(?:e-?mail(?:s|ed)|wr(?:ote|ites)|messag(?:es|ed))"
    r"(?:\s+(?:in|us|me|the\s+(?:office|clinic|practice|front\s+desk)))?\s+from\s+$",
    re.IGNORECASE,
)
# Before a number: the office reaches a person at it ("office will call him at", "called the
# pt's mom on") or a person called the office from it ("phoned the office from +1 508 ...").
_add(
    "REACHED_AT_BEFORE",
    r"(?<![\w'’])(?:(?:call|calls|called|calling|reach|reached|text|texted|ring|rang)\s+"
    r"(?:him|her|them|the\s+(?:pt|patient|mom|dad|mother|father|family|daughter|son|wife|"
    r"husband|caregiver))\s+(?:back\s+)?(?:at|on)"
    r"|(?:called|calls|phoned|phones|rang|texted|texts)"
    r"(?:\s+(?:in|us|me|the\s+(?:office|clinic|practice|front\s+desk)))?\s+from)\s+$",
    re.IGNORECASE,
)
