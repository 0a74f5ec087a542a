"""Street addresses with or without a house number, PO boxes, and the city/state/zip after
them."""

import re

from nlp.pii.patterns.registry import add as _add

_SUFFIX = (
    # "the 5 day cap annoys Dr Kemp": "Dr" before a capitalised name is a doctor.
    r"(?:street|st|avenue|ave|av|road|rd|lane|ln|drive|dr(?!\.?\s+(?-i:[A-Z][a-z]))|boulevard|"
    r"blvd|court|ct|way|"
    r"place|pl|parkway|pkwy|terrace|ter|terr|circle|cir|highway|hwy|trail|trl|loop|square|sq|"
    r"pike|crescent|cres|alley|plaza|plz|row|path|crossing|xing|commons|heights|hts|ridge|"
    r"run|bend|cove|grove|hollow|landing|walk|way)"
)
# A full stop after a street suffix belongs to it only when the suffix is abbreviated
# ("Linden Ct."); after a whole word ("22 Linden Court.") it ends the sentence.
_ABBREVIATION_DOT = (
    r"(?:(?<=\b(?:st|rd|ln|dr|ct|pl|sq|av))|(?<=\b(?:ave|cir|hwy|ter|trl|plz|hts))"
    r"|(?<=\b(?:blvd|pkwy|terr|cres|xing)))\."
)
_STREET_WORD = r"(?:\d{1,3}(?:st|nd|rd|th)|[A-Za-z][A-Za-z'’\-]*)"
# Number, optional direction, one to three name words, a street suffix, optional unit.
_add(
    "ADDRESS",
    rf"(?P<number>\d{{1,6}}[A-Za-z]?)\s+"
    rf"(?P<words>(?:(?:[NSEW]|[NS][EW]|north|south|east|west)\.?\s+)?"
    rf"(?:{_STREET_WORD}\s+){{1,3}})"
    rf"(?P<suffix>{_SUFFIX})\b(?:{_ABBREVIATION_DOT})?"
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
    rf"row)\b(?:{_ABBREVIATION_DOT})?"
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
# Right after a street named without a number: it is near where someone lives ("out on
# Tamarack Hill Rd near her", "Elm St, where she lives").
_add(
    "RESIDENCE_AFTER",
    r"\s*,?\s+(?:near|by|close\s+to|next\s+to|around\s+the\s+corner\s+from)\s+"
    r"(?:her|him|them|his\s+(?:home|house|place)|their\s+(?:home|house|place))\b"
    r"|\s*,?\s+where\s+(?:she|he|they)\s+(?:lives?|stays?)\b",
    re.IGNORECASE,
)
