"""Line of therapy and combinations in a note: "first-line", "on top of", "alone";
treating (for a prevention-only label)."""

import re

TREATING = re.compile(
    r"\b(?:to treat|treat(?:ing|s)? (?:an? |the |her |his |their |existing |active )|treatment of|cure|"
    r"clear (?:it |them )?up|shorten (?:it|the)|speed (?:up )?(?:the )?recovery|therapeutic(?:ally)?|"
    # "for an active infection", "in acute malaria", "treating malaria": a disease already there
    r"(?:for|in) (?:an? |the |her |his |their )?(?:active|acute|established)"
    r"(?! (?:season|year|duty|list|roster|stock|supply|patients|pts|ingredients?)\b)|"
    r"treating (?!(?:team|physicians?|doctors?|docs?|providers?|clinicians?|hcps?|nps?|mds?|staff)\b)\w+)\b",
    re.I,
)
FIRST_LINE = re.compile(
    r"\b(?:first[- ]?line|1st[- ]line|1L|front[- ]?line|up[- ]?front|treatment[- ]na[iï]ve|"
    r"newly diagnosed|new diagnosis|as initial (?:therapy|treatment)|first agent|"
    r"before (?:trying|any other)|skip(?:ping|ped|s)? (?:the |a )?(?:step|tnf|mtx|methotrexate|"
    r"steroids|topicals?|first)|without trying|straight to|right away|before (?:a |any )?trial)\b",
    re.I,
)
COMBINATION = re.compile(
    r"\b(?:in combination|combo|combined with|combining|combine|together with|on top of|"
    r"add(?:ed|ing)? (?:it )?(?:on|to)|in addition to|dual therapy|doublet|triplet|stack\w*)\b",
    re.I,
)
# Two treatments at once, for a label that excludes a combination ("not with biologics").
COMBINED = re.compile(
    COMBINATION.pattern + r"|\badd(?:ed|ing|s)?\b|\bplus\b|\balong with\b|\bsame time\b|"
    r"\bboth\b|\bconcomitant\w*|\bwhile (?:on|taking)\b|\b(?:is|are|was) (?:also )?on\b|"
    r"\bon board\b|\balongside\b|\bconcurrent\w*|\bco-?administ\w*",
    re.I,
)
MONOTHERAPY = re.compile(
    r"\b(?:monotherapy|mono therapy|as mono|single[- ]agent|by itself|on its own|alone|"
    r"instead of (?:the |a |their )?(?:statin|base|background|other|antidepressant|ssri))\b",
    re.I,
)
