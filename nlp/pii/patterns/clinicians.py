"""A surname written alone that acts as the clinician: "Brandt's pt", "Stein started X in a
67 yo", "Osei held it", "per Greene", "Reyes: pts forget ...". Reps name prescribers by
surname without a title all the time; a patient named by a bare surname with none of these
cues stays a patient. ``nlp.pii.clinicians`` reads these."""

import re

from nlp.pii.patterns.registry import add as _add

# Someone under a clinician's care, as reps write it.
_CARED = (
    r"(?:pts?|patients?|woman|women|man|men|lady|gentleman|guy|smoker|referrals?|"
    r"\d{1,3}\s*(?:yo|y/?o|y\.o\.|year[\s\-]old)(?!\s+(?:son|daughter|brother|sister|"
    r"grand\w+|niece|nephew|kid|child)))"
)
_DET = r"(?:a|an|another|one|two|three|four|five|several|some|his|her|their|the|this|that|\d+)"
# After the name (possessive kept in the text): the name acts as the clinician.
_add(
    "CLINICIAN_AFTER",
    # "Brandt's pt", "Osei's Crohn's pt", "Brandt's NP", "Brandt's front office"
    r"['’]s\s+(?:[\w'’\-/]+\s+){0,2}?(?:pts?|patients?|folks|caseload|panel|np|rn|ma|nurses?|staff|"
    r"office|front\s+(?:office|desk)|clinic|practice|group|team|scheduler|fellow|residents?)\b"
    # "Farouk has a woman in her 60s", "Stein has a pt on", "Boone has a 2 ppd smoker"
    rf"|\s+(?:has|had|have|is\s+seeing|sees|saw)\s+{_DET}\s+(?:[\w\-/.]+\s+){{0,3}}?{_CARED}\b"
    # "Stein started Pulmatrel in a 67 yo", "wants to load a new pt", "giving a 2nd course"
    r"|\s+(?:\w+\s+){0,1}?(?:started|starts|starting|put|puts|putting|switched|switching|"
    r"loaded|load|loading|gave|gives|giving|prescribed|prescribes|rx['’]?d|wrote|writes|"
    r"doing|uses|using|tried|trying|dosed|dosing|treated|treats|treating|"
    r"use|start|give|put|switch|try|add|wants|wanted)\s+(?:[\w\-/.]+\s+){0,4}?"
    rf"(?:in|for|on|to)\s+{_DET}\s+(?:[\w\-/.]+\s+){{0,3}}?{_CARED}\b"
    # Acts only a prescriber takes: "Osei held it", "Brandt titrated her", "Reyes calling
    # drug safety", "Feld liked the combo data", "Brandt wondered if", "Greene told her take"
    # (not "stopped it": patients stop their own drug)
    r"|\s+(?:(?:also|still|just|now|then)\s+)?(?:held|holds|holding|tightened|titrated|"
    r"bumped)\s+(?:it|them|(?:the|her|his|their)\s+(?:\w+\s+)?(?:dose|doses|meds?|drug))\b"
    r"|\s+(?:is\s+|was\s+)?(?:calling|called|will\s+call|to\s+call|reporting|reported)\s+"
    r"(?:drug\s+safety|pv|med\s*info|the\s+(?:ae|event))"
    # "Greene giving a 2nd 12 wk course": a course or a loading dose is given, not taken
    r"|\s+(?:is\s+)?(?:giving|gives|gave)\s+(?:a|an|another)\s+(?:[\w\-/.]+\s+){0,4}?"
    r"(?:course|round|cycle|loading\s+dose)\b"
    r"|\s+(?:wondered|wonders|is\s+wondering)\s+(?:if|whether|about)\b"
    r"|\s+(?:liked|likes|loves|loved)\s+the\s+(?:\w+\s+)?(?:data|combo|study|trial|results)\b"
    r"|\s+(?:told|tells|telling)\s+(?:her|him|them|the\s+(?:pt|patient|mom|dad|family))\s+"
    r"(?:to\s+)?(?:take|hold|stop|keep|try|use|skip|come|call)\b"
    r"|\s+(?:says|said|thinks|feels)\s+it['’]?s\s+the\s+"
    r"|\s+(?:wants|wanted)\s+(?:to\s+(?:load|start|present|use|try|give|switch|add|put|"
    r"know\s+if)|\d|the\s+(?:pi|label|data|study|dosing))\b"
    # 'Reyes: pts forget ...', 'Vance: if a Colvendra pt gets ...': speaking about patients
    r"|\s*:\s*[^.;!?\n]{0,60}?\b(?:pts|patients|a\s+(?:[\w\-]+\s+)?pt|any\s+pt)\b",
    re.IGNORECASE,
)
# Before the name: "per Greene", "cc Brandt", "Brandt and Dr Ruiz" handled by titles.
_add("CLINICIAN_BEFORE", r"(?<![\w'’])(?:per|cc['’]?d?|fyi)\s+$", re.IGNORECASE)
# A title right before the name ("Dr Brandt", "NP Osei", "Drs Hale and Marquez"); unlike
# ``TITLED_SURNAME`` no word may come between ("nurse says Liam" titles nobody).
_add(
    "CLINICIAN_TITLED",
    r"(?<![\w'’])(?i:dr|doctor|drs|np|pa-c|md|dds)\.?\s+(?:[A-Z][\w'’\-]+\s+(?:and|&)\s+)?"
    r"([A-Z][\w'’\-]+)",
)
