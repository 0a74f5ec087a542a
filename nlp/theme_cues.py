"""Words that name a theme, for the scope rule in ``fieldsignal_compliance``.

A label whose every naming word sits inside a negated or resolved scope ("no pushback on
price", "the PA issues are behind them", "no sample requests") was mentioned to be denied
or closed, so the label is not given, whatever the classifier's bag of words says. One
naming word outside every scope ("no PA trouble, but the copay is $90") keeps the label.

The lists are deliberately generic (what any rep writes in any therapy area) and broad: a
label is only removed when one of its words is inside a scope and none is outside, so the
more words a list holds, the more often a label is kept. They are saved with the model (``compliance.json``), so a model keeps
the words it was built with. Tokens are compared lowercased, one token each.
"""

# fmt: off
# Words that name the complaint, not the product or the good news: "approvals fast now",
# "pts covered now", "the data convinced her", "loves the pen" must not keep a label.
THEME_CUES: dict[str, list[str]] = {
    "objection_price": [
        "price", "prices", "pricing", "priced", "pricey", "cost", "costs", "costly", "copay",
        "copays", "co-pay", "coinsurance", "deductible", "deductibles", "oop", "expensive",
        "afford", "affordable", "unaffordable", "cheap", "cheaper", "overpriced",
    ],
    "objection_access": [
        "pa", "pas", "auth", "auths", "authorization", "authorizations", "preauth",
        "formulary", "formularies", "coverage", "step", "denial", "denials", "denied",
        "deny", "denies", "appeal", "appeals", "tier", "pdl", "access", "barrier", "barriers",
        "rejected", "rejection", "non-preferred", "restriction", "restrictions",
    ],
    "objection_safety": [
        "safety", "unsafe", "side", "se", "ses", "tolerability", "risk", "risks", "risky",
        "toxicity", "toxicities", "worried", "worry", "worries", "worrying", "scared",
        "scares", "nervous", "warning", "warnings", "boxed", "hesitant",
    ],
    "objection_efficacy": [
        "efficacy", "effective", "effectiveness", "ineffective", "doubt", "doubts", "doubted",
        "doubtful", "skeptical", "sceptical", "skepticism", "unconvinced", "proof",
        "underwhelmed", "underwhelming",
    ],
    "objection_dosing": [
        "dosing", "dose", "doses", "dosage", "injection", "injections", "shot", "shots",
        "needle", "needles", "frequency", "schedule", "titration", "titrate", "titrating",
        "administration", "regimen", "burden", "interval", "bid", "tid",
    ],
    "content_request": [
        "request", "requests", "requested", "ask", "asks", "asked", "asking", "want", "wants",
        "wanted", "need", "needs", "send", "reprint", "reprints", "brochure", "brochures",
        "materials", "leaflet", "leaflets", "slides", "deck", "speaker", "handout", "handouts",
    ],
    "sample_request": [
        "sample", "samples", "starter", "starters", "kit", "kits", "vials", "voucher",
        "vouchers",
    ],
    "patient_support": [
        "hub", "hubs", "card", "cards", "enrollment", "enroll", "enrolled", "enrolling",
        "foundation", "assistance", "bridge", "specialty", "onboarding", "reimbursement",
        "navigator", "caseworker", "pap",
    ],
}
# fmt: on
