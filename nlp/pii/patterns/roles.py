"""Who a lone given name is, read from the note itself: the patient (the subject of clinical
facts) or someone at the office (the subject of office actions, addressed as a colleague,
given a role). ``nlp.pii.roles`` makes the decision; these are its cues."""

import re

from nlp.pii.patterns.registry import add as _add

_ADVERB = r"(?:(?:also|still|just|now|then|finally|already|never|even|only)\s+)?"
# After a name (possessive stripped): a clinical fact about that person. "Jaylen is 15",
# "Vi felt tingling", "Teddy has had zero growth", "Ava's mom", "Rosa, 72F".
_add(
    "PATIENT_FACT_AFTER",
    r"(?:['’]s\s+(?:\w+\s+)?(?:mom|mother|dad|father|parents?|grandma|grandmother|grandpa|"
    r"grandfather|wife|husband|son|daughter|caregiver|guardian|family|dose|doses|shot|shots|"
    r"injection|infusion|pen|inhaler|meds?|rx|refill|rash|hives|labs?|a1c|levels?|weight|"
    r"symptoms?|reaction|seizures?|dx|diagnosis|chart|school|teacher|arm|leg|skin|face|eyes?|"
    r"site|growth|height|scan|mri|bloodwork|blood)\b"
    rf"|\s+{_ADVERB}(?:is|was|turned|turns)\s+(?:\d|fine|better|worse|ok\b|okay|doing|back\s+on|"
    r"allergic|pregnant|on\b|off\b|in\s+(?:the\s+)?(?:hospital|er|icu|ed)\b|admitted|"
    r"hospitali[sz]ed|sick|tolerating|having|responding|stable|due|scheduled\s+for|"
    r"getting|taking|starting|nauseous|dizzy|itchy|swollen|tired|exhausted|bedbound)"
    r"|\s*[,(]?\s*(?:born|b\.|dob|d\.o\.b\.?|age\s+\d|aged\s+\d)"
    r"|\s+(?:doing|feeling)\s+(?:better|worse|well|great|ok|okay|fine|good)"
    rf"|(?:\s*[-–:]\s*|\s+){_ADVERB}(?:had(?!\s+\w+ed\b)|has\s+had|has\s+been\s+on|has\s+(?:a|an|been)\b|got|gets|started|starts|"
    r"stopped|restarted|took|takes|taking|felt|feels|feeling|developed|broke\s+out|"
    r"ended\s+up|went\s+to\s+(?:the\s+)?(?:er|ed|hospital|urgent)|used|uses|missed|skipped|"
    r"c/o|complain\w*|vomited|threw\s+up|passed\s+out|fainted|died|passed\s+away|"
    r"tolerated|tolerates|responded|weighs|wiggled|reacted|itches|itched|injected|"
    r"self[\s\-]injects?|double[\s\-]dosed|overdosed|can'?t\s+(?:swallow|breathe|sleep)|"
    r"hasn'?t\s+(?:started|taken|had)|needs\s+(?:a|an|his|her|the)\s+(?:pa|refill|dose))\b"
    r"|\s*[,(]\s*\d{1,3}\s*(?:yo|y/?o|yrs?|years?\s+old|mos?|months?\s+old|[mf])\b"
    # "Zoe, 12 - started", "Cassidy, 22, took": a bare age set off by punctuation.
    r"|\s*,\s*\d{1,3}\s*(?:[,)]|\s[-–]))",
    re.IGNORECASE,
)
# Before a name: what is done for a patient. "rx for Tyrese", "f/u on Mateo", "PA for Lotte".
_add(
    "PATIENT_FACT_BEFORE",
    r"(?<![\w'’])(?:(?:rx|script|prescription|refill|pa|prior\s+auth|enrollment|infusion|"
    r"dose|doses|shot|injection)\s+for"
    # "Dr Varga wrote Aurevia for Lotte": prescribed for a person.
    r"|(?:wrote|prescribed|rx['’]?d|approved|started|restarted|switched)\s+(?:\S+\s+){0,3}?for"
    r"|f/u\s+(?:on|with|w/)|follow[\s\-]?up\s+(?:on|with|w/)|"
    r"pts?\s+(?:of|at|w/|with)\s+(?:\S+\s+){0,3}?[-–:,(])\s*$",
    re.IGNORECASE,
)
_PERSON_FACT = (
    rf"\s+{_ADVERB}(?:(?:is|was)\s+(?:fine|better|worse|doing\s+(?:better|well|ok|okay|fine)|"
    r"\d{1,3}\b(?!\s*(?:%|mg|mcg|ml|units?)))|felt|feels|developed|broke\s+out|vomited|"
    r"threw\s+up|passed\s+out|fainted|died|passed\s+away|has\s+had|had\s+(?:a|an|hives|"
    r"rash|seizures?|nausea)\b)"
    r"|\s*[,(]\s*\d{1,3}\s*(?:yo|y/?o|[mf])\b"
)
# A capitalised word no name list knows, followed by a fact only a person has ("Ilya is
# fine now", "Oluwaseun had hives"): never what is said of a payer or a drug. One scan.
_add(
    "UNLISTED_PERSON",
    # The capital comes first and the look at the character before it second, so the
    # engine can skip straight to capitals (about twice as fast over a note).
    r"(?P<name>[A-ZÀ-ÖØ-Þ](?<![\w'’\-./@].)[a-zß-öø-ÿā-ſ]{2,})(?![\w'’\-@])"
    rf"(?=(?i:{_PERSON_FACT}))",
)
_STAFF_DOES = (
    r"(?:sent|sends|emailed|emails|faxed|faxes|called\s+(?:me|us|back|to\s+say)|"
    r"calls\s+(?:me|us)|texted|texts\s+me|scheduled|schedules|rescheduled|booked|books|"
    r"set\s+up|sets\s+up|handles|handled|manages|managed|runs\s+the|ran\s+the|coordinates|"
    r"coordinated|ordered|orders|confirmed|confirms|forwarded|forwards|resent|submitted|"
    r"submits|signed\s+for|stocks|stocked|put\s+(?:it|them|those|the)|printed|filed|"
    r"dispensed|gave\s+(?:me|us|her|him|them|it|the|a|an)\b|got\s+back\s+to|gets\s+back|"
    r"(?:will|to|'ll|’ll)\s+(?:get\s+back|send|email|fax|call\s+(?:me|us)|schedule|"
    r"set\s+up|follow\s+up|report|check\s+with)|follow(?:s|ed)?\s+up|reached\s+out|"
    r"left\s+(?:me|a\s+(?:vm|voicemail|message))|asked\s+for|asks\s+for|requested|requests|"
    r"wants\s+(?:more|extra|copies|samples|materials|posters|a\s+copy|the\s+new)|"
    r"is\s+reporting|reporting|reported\s+(?:it|this|the\s+(?:event|ae))|"
    r"(?:is\s+)?out\s+(?:today|sick|this\s+week|until|till)|(?:is\s+)?on\s+(?:vacation|leave|pto)|"
    r"(?:is\s+)?back\s+from\s+(?:vacation|leave|pto)|"
    # Asking the rep: "asks if that's ok", "asked me"; not "asked Dr Kessler if".
    r"(?:asked|asks)\s+(?:me|us|if|whether|about|what|when|how|why)\b|"
    r"(?:is\s+)?appeal(?:ing|ed|s)|(?:is\s+)?resubmitt(?:ing|ed)|"
    r"says|said|mentioned|mentions|told\s+(?:me|us)|tells\s+(?:me|us)|agreed|"
    r"agrees|noted|explained|thanked|reminded|promised|loves\s+the|liked\s+the|"
    r"(?:was\s+)?disappointed|(?:is\s+|was\s+)?happy\s+with|(?:is\s+|was\s+)?frustrated\s+with)"
)
# After a name: what office staff do for the rep or the practice ("Joanne sent the photo",
# "Helen asks for samples", "Rita said the pharmacy issue is over", "Tom says thanks").
_add("STAFF_ACTION_AFTER", rf"\s+{_ADVERB}{_STAFF_DOES}(?![\w'’])", re.IGNORECASE)
# The name and the patient as two people in one clause ("Helen found out from the pt"),
# a quoted speaker ('Lisa: "she's $800 over"'), an office thing of theirs ("Sharon's email").
_add(
    "STAFF_BESIDE_PATIENT",
    r"(?:['’]s)?\s+(?:\w+\s+){0,4}?(?:from|to|with|w/|told|tell|tells|called|calls|"
    r"for|about)\s+(?:the\s+|this\s+|that\s+|our\s+)?(?:pt|patient)(?![\w'’])"
    r"|\s*:\s*[\"“'‘]"
    r"|['’]s\s+(?:work\s+)?(?:email|e-mail|desk|office|extension|ext|inbox|calendar|voicemail|vm)\b",
    re.IGNORECASE,
)
# ... unless what the person says is about their own body: "Ilya says his rash is gone".
_add(
    "SELF_REPORT",
    r"(?:\s+that)?\s+(?:(?:he|she|they|i)\s+(?:feels?|felt|is|was|has|had|got|gets|can'?t|"
    r"couldn'?t|didn'?t|hasn'?t|keeps|threw|vomited|still)\b|(?:his|her|my)\s)",
    re.IGNORECASE,
)
_ROLE = (
    r"(?:np|pa|rn|md|dr|do|doctor|nurse|lpn|ma|cma|pharmacist|pharmd|rph|manager|mgr|om|"
    r"coordinator|scheduler|receptionist|biller|sw|social\s+worker|front\s+desk|desk|rep|msl|"
    r"navigator|educator|counselor|admin|assistant|tech|technician|secretary|staff|"
    r"office\s+manager|practice\s+manager|case\s+manager|fellow|resident|attending)"
)
# Before a name: a role it is set beside ("pharmacist at the onc center, Gary", "met new NP
# at Riverbend, Anjali", "Dr Kim (the younger one, Daniel)") - no patient word between.
_add(
    "ROLE_APPOSITIVE_BEFORE",
    r"(?<!\bpt\sof\s)(?<!\bpt\sat\s)(?<!\bpts\sof\s)(?<!\bpts\sat\s)"
    rf"(?<![\w'’]){_ROLE}\b(?:(?!\bpts?\b|\bpatients?\b)[^.;!?\n]){{0,32}}"
    # Only a comma or a bracket sets a name beside a role: "Dr Ferrante - Nkechi Obi on
    # Korvanta" and "Dr Moreau: kids ..." name the HCP, then the patient.
    r"(?:,|\()\s*$",
    re.IGNORECASE,
)
# A name the note addresses: "thanks Jen", "Hi Marta,", "cc Dawn", "Jen, can you ...".
_add(
    "ADDRESSED_BEFORE",
    r"(?<![\w'’])(?:thanks|thank\s+you|thx|ty|hi|hey|hello|fyi|cc|attn|@)[\s,:]*$",
    re.IGNORECASE,
)
_add(
    "ADDRESSED_AFTER",
    r"\s*[,:]\s*(?:can|could|would|will|please|pls|plz|fyi|heads\s+up|thanks|thx|let\s+me|"
    r"see\s+below)(?![\w'’])",
    re.IGNORECASE,
)
# Anywhere in a note: someone who is a patient, or a clinical fact about a person. A note
# without any ("Janelle put the PV sheet in the binder", "Tom says thanks") names no patient.
_add(
    "NOTE_PATIENT",
    r"(?<![\w'’])(?:pt|patient|pt['’]s|patient['’]s|mom|mother|dad|father|son|daughter|"
    r"husband|wife|kid|child|baby|toddler|infant|teen|teenager|boy|girl|grandson|"
    r"granddaughter|caregiver|parents?|pts|patients|kids|children|ae|aes|adverse|born|dob|"
    r"f/u|follow[\s\-]?up|age\s+\d{1,3}|taken|has\s+been\s+on|been\s+on|nosebleeds?|"
    r"\d{1,3}\s*(?:yo|y/?o|yrs?\s+old|years?\s+old|mos?\s+old|months?\s+old)|"
    r"\d{1,3}\s*(?:mo|mos|months?|wks?|weeks?|yrs?|years?)\s+(?:on|into|after|since)|"
    r",\s*\d{1,3}\s*[,)]|\d{1,3}\s*[mf]|dx|diagnosed|admitted|hospitali[sz]ed|icu|er|ed|"
    r"(?:he|she)\s+(?:had|has|got|was|is|felt|feels|started|took|developed|broke|vomited|"
    r"died|passed|cant|can't|can’t|didnt|didn't|didn’t|hasnt|hasn't|hasn’t|never)|"
    r"(?:his|her)\s+(?:own\s+)?(?!office|practice|clinic|desk|team|staff|boss|manager|"
    r"email|e-mail|cell|phone|number|#|fax|notes?|calendar|schedule|lunch|car|colleague|"
    r"coworkers?|np|pa|md|dr|doc|pts|patients|patient|pt)[a-z]+|"
    r"took|taking|started|stopped|restarted|dose|doses|dosed|injected|sprayed|inhaled|swallowed|"
    r"rash|hives|itch\w*|nause\w*|vomit\w*|threw\s+up|dizz\w*|lightheaded|faint\w*|"
    r"seizures?|pain|ache\w*|swell\w*|swollen|fell|fracture\w*|broke|bleed\w*|bruis\w*|"
    r"died|death|fever|headaches?|migraines?|insomnia|fatigue|tired|tingl\w*|numb\w*|"
    r"wheez\w*|cough\w*|hypotension|hypertension|flushing|palpitations?|worse|better|"
    r"suicid\w*|overdose\w*|pregnan\w*|breastfeeding|allerg\w*|reaction|symptoms?|"
    r"side\s+effects?|labs?|a1c|growth|weight|oxygen|scoliosis|infection|flare\w*)"
    r"(?![\w'’])",
    re.IGNORECASE,
)
# Before a word: a drug is taken, started or switched to; a person is not ("on Sorvnta").
_add(
    "DRUG_BEFORE",
    r"(?<![\w'’])(?:on|started|starting|taking|using|switched\s+to|of|with|to|after)\s+$",
    re.IGNORECASE,
)
