"""Initials, nicknames and later mentions of a patient's name (see ``nlp.pii.mentions``)."""

import re

from nlp.pii.patterns.people import LETTERS as _L
from nlp.pii.patterns.registry import add as _add

# Initials as one token: "J.D.", "j.d", "K.L.M.", "J. D.", or two or three bare letters.
_add(
    "INITIALS_TOKEN",
    r"(?P<dotted>(?:[A-Za-z]\.[ ]?){1,2}[A-Za-z]\.?(?![\w'’]))|(?P<bare>[A-Za-z]{2,3})(?![\w.'’/\-])",
)
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
    r"calls?\s+(?:him|her|them)(?:sel(?:f|ves))?|(?:is|be)\s+called|call\s+me|"
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
# A patient cue right before a name (over the name's other words): "pt Lee", "Mrs. Ana Ruiz".
_add(
    "PATIENT_CUE_BEFORE",
    r"(?<![\w'’])(?:pts?|patients?|mrs?|ms|miss|mister)\b\.?\s*[:\-]?\s*"
    r"(?:[A-Z][\w'’\-]*\s+){0,2}$",
    re.IGNORECASE,
)
# Bare initials in a person's slot: "start AJ on Sclerivo", "pain 8/10 for mk, she ...".
_add(
    "INITIALS_SLOT",
    r"(?<![\w'’])(?:for|start|started|starting|gave|give|giving|with|saw|see|seen)\s+"
    r"(?P<initials>[A-Za-z]{2,3})(?=\s*(?:,|\s+on\b|\s+(?:is|was|has|had|got|felt|says|said|"
    r"needs|needed)\b|['’]s\b))",
)
# The note signed off with the patient's initials or initial and surname: "... resolved. bz",
# "... for an hour. r. vance".
_add(
    "NOTE_TRAILER",
    r"(?:^|[.;!?]\s+|\n)(?P<name>(?:[A-Za-z]\.[ \t]?)?[A-Za-z][A-Za-z'’\-]+)\.?\s*$",
)
# A nickname in brackets right after a patient's name: "Abigail Tuck (Abby)", "Ignatius (Iggy)'s".
# "Ignatius ('Iggy')": the nickname may be quoted inside the brackets.
_add("NICK_IN_BRACKETS", r"\s*\(\s*['\"“‘]?(?P<nick>[A-Z][a-z'’\-]+?)['\"”’]?\s*\)")
# A short name before the full name in brackets: "Babs (Barbara Ennis, ...)", "AJ (Anthony".
_add("NICK_BEFORE_BRACKET", r"(?<![\w'’\-.])(?P<nick>[A-Z][A-Za-z'’\-]*|[a-z][a-z'’\-]+)\s*\(\s*$")
# A courtesy title before one initial: "Mrs. B. (Dr Ortiz's pt)", "Mr K said" - the
# patient's surname cut to its initial.
_add(
    "TITLE_INITIAL",
    r"(?<![\w'’])(?:Mrs|Mr|Ms|Miss|MRS|MR|MS)\.?\s+(?P<initial>[A-Z]\.?)(?![\w'’\-])(?!\.\w)",
)
