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
    r"run|bend|cove|grove|hollow|landing|walk|way|"
    # British and Irish: "12 Hawthorn Close", "5 Kingfisher Mews".
    r"close|mews|gardens|gdns|green|rise|gate|wynd|vale)"
)
# A full stop after a street suffix belongs to it only when the suffix is abbreviated
# ("Linden Ct."); after a whole word ("22 Linden Court.") it ends the sentence.
_ABBREVIATION_DOT = (
    r"(?:(?<=\b(?:st|rd|ln|dr|ct|pl|sq|av))|(?<=\b(?:ave|cir|hwy|ter|trl|plz|hts))"
    r"|(?<=\b(?:blvd|pkwy|terr|cres|xing)))\."
)
_STREET_WORD = r"(?:\d{1,3}(?:st|nd|rd|th)|[A-Za-z][A-Za-z'’\-]*)"
# Streets whose type comes first, as outside the US ("rue des Lilas", "Calle Ocho",
# "Avenida Juárez"): the type word, an optional particle, one or two capitalised words.
_FOREIGN_STREET = (
    r"(?:rue|calle|avenida|avda\.?|rua|viale|via(?=\s+(?-i:[A-Z])[a-z]+\s+\d)|corso|chemin|"
    r"camino|carrera|paseo|plaza|ulica|ul\.)\s+"
    r"(?:(?:de\s+la|de\s+los|de\s+las|de|del|des|du|da|do|dos|das|di|della|dei|la|le|les)\s+)?"
    r"(?-i:[A-ZÀ-ÖØ-Þ][\w'’\-]+)(?:\s+(?-i:[A-ZÀ-ÖØ-Þ][\w'’\-]+))?"
)
# A numbered rural or state road: "County Rd 12", "Route 9", "FM 1960", "State Hwy 7".
_NUMBERED_ROAD = (
    r"(?:(?:county|state|farm|ranch|township|us|u\.s\.)\s+(?:road|rd|route|rte|highway|hwy)|"
    r"rural\s+route|route|rte|highway|hwy|(?-i:CR|SR|FM|RR))\s+\d{1,4}(?-i:[A-Z])?\b"
    r"(?:,?\s+box\s+\d{1,5}\b)?"
)
# Number, optional direction, one to three name words, a street suffix, optional unit.
_add(
    "ADDRESS",
    rf"(?P<number>\d{{1,6}}(?:-?[A-Za-z])?),?\s+"
    rf"(?:{_NUMBERED_ROAD}|(?P<words>(?:(?:[NSEW]|[NS][EW]|north|south|east|west)\.?\s+)?"
    rf"(?:{_STREET_WORD}\s+){{1,3}})"
    rf"(?P<suffix>{_SUFFIX})\b(?:{_ABBREVIATION_DOT})?|{_FOREIGN_STREET})"
    r"(?P<unit>,?\s*(?:apt|apartment|unit|suite|ste|#|bldg|fl|floor|lot|rm|room|no)\.?\s*#?\s*"
    r"(?:[A-Za-z0-9\-]*\d[A-Za-z0-9\-]*|[A-Za-z])(?![\w\-]))?",
    re.IGNORECASE,
)
# A street named without a house number after a place word: "lives on Maple Ave",
# "off Elm Street", "near N. Ridge Rd". Who it belongs to is decided in code.
_add(
    "STREET_NAMED",
    r"(?<![\w'’])(?:on|off|at|near|along|by|past|from|to|of|onto)\s+(?:the\s+)?"
    rf"(?P<street>{_NUMBERED_ROAD}|(?P<words>(?:(?:[NSEW]|north|south|east|west)\.?\s+)?"
    r"(?:[A-Za-z][A-Za-z'’\-]*\s+){1,3}?)"
    r"(?:street|st|avenue|ave|road|rd|lane|ln|drive|dr(?!\.?\s+(?-i:[A-Z]))|boulevard|blvd|"
    r"court|ct|way|place|pl|parkway|pkwy|terrace|ter|circle|cir|trail|trl|pike|crescent|alley|"
    rf"row)\b(?:{_ABBREVIATION_DOT})?"
    rf"|{_FOREIGN_STREET})"
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
_add("ADDRESS_START", r"(?<![\w/.\-$#])\d{1,6}(?:-?[A-Za-z])?\s+[A-Za-z]")
_add("PO_BOX", r"(?<![\w])p\.?\s?o\.?\s+box\s+\d+", re.IGNORECASE)
_STATE = (
    r"(?:AL|AK|AZ|AR|CA|CO|CT|DE|FL|GA|HI|ID|IL|IN|IA|KS|KY|LA|ME|MD|MA|MI|MN|MS|MO|MT|NE|NV|"
    r"NH|NJ|NM|NY|NC|ND|OH|OK|OR|PA|RI|SC|SD|TN|TX|UT|VT|VA|WA|WV|WI|WY|DC)"
)
# ", Dayton OH 45402" / ", dayton, oh" / " 45402" after a street address.
_add(
    "ADDRESS_TAIL_STATE",
    # A state in lower case only after a comma (", dayton, oh"): "drives him in" is not Indiana.
    rf",?\s+(?:[A-Za-z][A-Za-z.'’\-]*\s+){{0,2}}[A-Za-z][A-Za-z.'’\-]*(?:,\s*{_STATE}|\s+(?-i:{_STATE}))\b\.?"
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

_BARE_SUFFIX = (
    r"(?:Street|St|Avenue|Ave|Road|Rd|Lane|Ln|Drive|Dr|Boulevard|Blvd|Court|Ct|Way|Place|Pl|"
    r"Parkway|Pkwy|Terrace|Ter|Circle|Cir|Trail|Trl|Pike|Crescent|Alley|Row|Highway|Hwy|"
    r"Hollow|Ridge|Bend|Loop|Square|Sq)"
)
# A capitalised street written with no place word before it ("parents Hawthorne Lane
# called", "their address Maple Ridge Court", "pt Curtis Bellamy Old Mill Road, Hadley");
# kept only after an address word or right after a patient's name (see contacts.py).
_add(
    "STREET_BARE",
    # Matched only where an address word or a patient's name ends (see contacts.py).
    r"(?P<street>(?P<words>(?:(?:[NSEW]|North|South|East|West)\.?\s+)?"
    rf"(?:[A-Z][a-z'’\-]+\s+){{1,3}}){_BARE_SUFFIX}\b(?:{_ABBREVIATION_DOT})?)"
    # "St Vincent", "Dr Kim": a saint or a doctor, not a street.
    r"(?![\w'’\-]|\s+[A-Z][a-z]|\s+(?:unit|clinic|office|location|branch|store|pharmacy|"
    r"site|campus|hospital|cent(?:er|re)|dialysis|practice|building|facility|infusion|lab)\b)",
)
# Right before a street with no place word: where someone lives or their address.
_add(
    "ADDRESS_LEAD",
    # Scanned over the lower-cased note, with no flag and no look behind: a plain word
    # alternation is several times faster (the word start and the capital after it are
    # checked in code).
    r"(?:address(?:\s+(?:on\s+file|is|was|listed|given|on\s+the\s+\w+))?|"
    r"home(?:\s+(?:is|address))?|lives|resides|parents|family|moved|apartments?|house)"
    r"[ \t]*[:\-]?[ \t]*",
)
# A unit written before the house number: "Apt 12C, 300 River Rd".
_add(
    "UNIT_BEFORE",
    r"(?<![\w'’])(?:apt|apartment|unit|suite|ste|flat)\.?\s*#?\s*[A-Za-z0-9\-]*\d[A-Za-z0-9\-]*"
    r",?\s+$",
    re.IGNORECASE,
)
# A city, state and zip with no street: "moved to Dayton, OH 45402".
_add(
    "CITY_STATE_ZIP",
    rf"[A-Z](?<![\w'’][A-Z])[a-z]+(?:\s+[A-Z][a-z]+){{0,2}},?\s+{_STATE}\.?,?\s+\d{{5}}(?:-\d{{4}})?"
    r"(?![\w\-])",
)
_add("ZIP_HINT", r"\d{5}")
# A UK or Canadian postcode after a street: ", Leeds LS1 4AB", ", Toronto ON M5V 2T6".
_add(
    "ADDRESS_TAIL_POSTCODE",
    r",?\s+(?:[A-Za-z][A-Za-z.'’\-]*,?\s+){0,3}?"
    r"(?:[A-Z]{1,2}\d[A-Z\d]?\s*\d[A-Z]{2}|[A-Z]\d[A-Z]\s?\d[A-Z]\d)(?![\w\-])",
)
_RESIDENCE_TYPE = (
    r"(?:Apartments|Apts|Villas|Village|Manor|Towers|Estates|Commons|Residences?|Condos?|"
    r"Assisted\s+Living|Senior\s+Living|Retirement\s+Home|Care\s+Home|Nursing\s+Home|"
    r"Mobile\s+Home\s+Park|Trailer\s+Park|RV\s+Park)"
)
# A named residence after a verb of living: "lives in Sunset Villas, unit 14", "moved into
# Maple Grove Apartments, #214", "pt at Rm 412, Brookdale Assisted Living" (unit first).
_add(
    "RESIDENCE_PLACE",
    r"(?:(?:lives?|living|stays?|staying|moved|moving|resides?|residing)\s+(?:in|into|at|to)"
    r"|(?:pt|patient)\s+(?:is\s+)?(?:at|in))\s+(?:the\s+)?"
    # "lives at 33 Kingsway": a number and a name after a verb of living, no street type.
    r"(?P<place>(?<=at\s)\d{1,6}[A-Za-z]?\s+(?-i:[A-Z])[a-z'’\-]+(?:\s+(?-i:[A-Z])[a-z'’\-]+)?\b"
    r"(?!\s+(?-i:[A-Z]))|"
    r"(?:(?:apt|unit|rm|room|#)\.?\s*#?\s*[A-Za-z0-9\-]*\d[A-Za-z0-9\-]*,?\s+)?"
    rf"(?:(?-i:[A-Z])[\w'’\-]*\s+){{1,3}}{_RESIDENCE_TYPE}\b"
    r"(?:,?\s*(?:apt|unit|#|rm|room|suite|ste)\.?\s*#?\s*[A-Za-z0-9\-]*\d[A-Za-z0-9\-]*)?)",
    re.IGNORECASE,
)
# Over the lower-cased note: without one of these words RESIDENCE_PLACE cannot match.
_add(
    "RESIDENCE_HINT",
    r"apartments|apts|villas|village|manor|towers|estates|commons|residence|condo|assisted|"
    r"senior living|retirement|care home|nursing home|home park|trailer park|rv park|"
    r"lives at|living at|resides at|stays at|staying at|moved to",
)
