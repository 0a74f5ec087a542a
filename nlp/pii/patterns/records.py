"""Medical record, chart and account numbers, and the words that make a long number a lot,
claim or reference number instead."""

import re

from nlp.pii.patterns.registry import add as _add

# A record number in the forms systems print: "7730-4419", "NEU/2291/b", "A 447 109 3".
_ID = (
    r"(?=[A-Za-z0-9\-/ ]*\d{3})(?:[A-Za-z]{1,4}[\-/ ]?)?\d[A-Za-z0-9]*(?:[\-/][A-Za-z0-9]+)*"
    r"(?:[ ]\d{1,4}(?=[\s.,;)]|$)(?!\s*(?:wks?|weeks?|days?|d|mo|months?|yrs?|years?|mg|x|"
    r"pm|am|hrs?|hours?|doses?|pts?)\b))*"
)
_MRN_CUE = (
    r"(?:mrn|m\.r\.n\.?|mr\s*(?:#|no\b)|med(?:ical)?\s*rec(?:ord)?s?(?:\s*(?:no|num|number|#))?|"
    r"(?:health\s+)?record\s*(?:no|num|number|#|id)|chart\s*(?:no|num|number|#|id)?|"
    r"acct\.?(?:\s*(?:no\.?|num|number|#))?|account\s*(?:no|num|number|#)|"
    r"(?:pt|patient)\s*(?:id|#|no|identifier)|member\s*id|"
    # National and payer numbers outsiders write: NHS, health card, SSN, Medicare, Medicaid.
    r"(?:nhs|ohip|health\s*card|health\s*ins(?:urance)?|social\s+security|medicare|medicaid|"
    r"insurance)\s*(?:id|no|num|number|#|card)?|ssn|"
    r"id\s*(?:no|#)|hosp(?:ital)?\s*(?:no|num|number|#|id)|(?:ehr|emr|epic)\s*(?:id|no|num|number|#)?|"
    r"file\s*(?:no|num|number|#)|"
    # "pt record B7-22019": a bare "record" only before an id that looks like one.
    r"record(?=\s*[:#]?\s*(?:[A-Za-z]{1,4}\d|[A-Za-z]{0,4}-?\d{4})))"
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
    "MRN_HINT",
    r"mr|rec|chart|acc|id|member|#|hosp|ehr|emr|epic|file|no\b|nhs|ohip|card|ssn|social|medica|insur",
)
# Cues after which a number written like a phone number is still not a phone.
_add("ID_NOT_PHONE_CUE", r"mrn|m\.r|rec|chart|nhs|ohip|card|ssn|social|medica|insur", re.IGNORECASE)
# A bare record id in a system's shape, letters then digits: "HX-551209", "SCD#10442",
# "CF-0091-22". Read only in a note that names a patient (see detect.py).
_add(
    "ALNUM_ID",
    r"(?P<value>(?!(?:NCT|NDC|LOT|ICD|CPT|HCPCS|PO|REF|PA|ISRCTN|EUDRACT)\b)"
    r"[A-Z](?<![\w\-/#.][A-Z])[A-Z]{0,3}[\-#]?(?=(?:[\-]?\d){5})\d[\d\-]*\d(?:-?[A-Za-z]{1,2})?)(?![\w\-/])",
)
_add("ALNUM_HINT", r"[A-Z][\-#]?\d{3}")
# A versioned document code ("KLX-510-v3", "TVRA-060-v1"): content from the catalog, never
# a record number, whether or not the catalog in use lists it.
_add("CONTENT_CODE", r"[A-Za-z]{2,}[\w\-]*-v\d{1,2}", re.IGNORECASE)
