"""How the note speaks: the rep stating the label or declining, and reports of what
happened (events, exposures, errors) rather than uses chosen."""

import re

from nlp.label_reader.note.fact import Fact

_QUOTE_CUE = re.compile(
    r"\b(?:told|tell|telling|explained|explaining|reminded|reminding|clarified|reiterated|"
    r"advised|informed|pointed out|responded|replied|redirected|said (?:i|we)|i said|"
    r"shared (?:the )?(?:label|pi)|reviewed (?:the )?(?:label|pi|indication))\b(?!\s+(?:me|us)\b)"
    r"|\b(?:label|labeling|indication|pi)\s+(?:is|says|said|states|only|requires|limits|"
    r"reads|=|:)"
    r"|\bper (?:the )?(?:label|pi|indication)\b|\bon[- ]label (?:is|only|for)\b"
    r"|\b(?:only|just) (?:approved|indicated|labell?ed|studied)\b"
    r"|\b(?:approved|indicated|labell?ed) only\b"
    r"|\b(?:not|isn'?t|is not|aren'?t|never been|wasn'?t) (?:approved|indicated|labell?ed|"
    r"studied|recommended)\b"
    r"|\b(?:no|not any) (?:data|studies|approval|indication)\b"
    r"|\bcan'?t (?:discuss|promote|comment|recommend|advise|speak)\b",
    re.I,
)
_QUOTE_END = re.compile(r"[.;!?\n)]|\s[-–—]\s|,\s*(?:but|and|so|she|he|they|dr|will|asked)\b", re.I)


# A request that has stopped ("has stopped asking", "no longer asks about it for teens"): the
# sentence says what is no longer asked, whichever side of the cue the use is named on.
_NO_LONGER_ASKING = re.compile(
    r"\b(?:stopped|stops|quit|no longer|not anymore|gave up)\s+(?:\w+\s+)?"
    r"(?:asking|asks|requesting|requests|pushing|bringing (?:it|that) up)\b",
    re.I,
)
_SENTENCE_END = re.compile(r"[.!?\n]")


def quoted_scopes(text: str) -> list[tuple[int, int]]:
    """Spans where the rep states the label or declines: from the cue to the clause end; and
    sentences saying a request has stopped."""
    scopes = []
    for cue in _QUOTE_CUE.finditer(text):
        end = _QUOTE_END.search(text, cue.end())
        scopes.append((cue.start(), end.start() if end else len(text)))
    lower = text.lower()
    stopped = ("stop", "quit", "longer", "anymore", "gave up")
    for cue in _NO_LONGER_ASKING.finditer(text) if any(w in lower for w in stopped) else []:
        start = max((m.end() for m in _SENTENCE_END.finditer(text, 0, cue.start())), default=0)
        end = _SENTENCE_END.search(text, cue.end())
        scopes.append((start, end.start() if end else len(text)))
    return scopes


# The rep naming the label's limit ("not indicated", "only approved in adults", "off-label")
# means the HCP asked for or described a use outside it: the question is off-label talk.
LABEL_LIMIT = re.compile(
    r"\b(?:off[- ]label|outside (?:the |of |our )?(?:label|labell?ing|indication|pi)|"
    r"not (?:in|on) (?:the |our )?(?:label|pi)|(?:is |are |was )?not (?:indicated|approved|"
    r"labell?ed|on[- ]label)|(?:isn'?t|aren'?t|wasn'?t) (?:indicated|approved|labell?ed)|"
    r"only (?:approved|indicated|labell?ed)|(?:approved|indicated|labell?ed) only|"
    r"unapproved|not a labell?ed|contraindicated|beyond (?:the )?label|not per (?:the )?label|"
    r"(?:isn'?t|is not|not) (?:in|on) (?:the |our )?label|label (?:requires|only)|"
    # "label is q4w", "label says with food": the label set against the use; "label says
    # anything about grapefruit?" asks what the label says, and is no limit
    r"label (?:says|states|is|reads)(?!\s+(?:anything|something|nothing|about|what|whether|if)\b))\b",
    re.I,
)
_NOT_A_LIMIT_BEFORE = re.compile(r"\b(?:no|not|never|any|without|nothing)\s+(?:\w+\s+)?$", re.I)


def label_limits_in(text: str) -> list[Fact]:
    """Where the rep names a limit of the label; not "no off-label talk" or "PA not approved"."""
    found = []
    for m in LABEL_LIMIT.finditer(text):
        if _NOT_A_LIMIT_BEFORE.search(text[max(0, m.start() - 20) : m.start()]):
            continue
        if re.search(
            r"\b(?:pa|prior auth\w*|claim|coverage|formulary|plan|appeal|carton|vial|bottle|box|"
            r"package|packaging|pharmacy|shipping)\W*$",
            text[max(0, m.start() - 25) : m.start()],
            re.I,
        ):
            continue
        found.append(Fact(m.start(), m.end(), 0.0, m.group(0).lower()))
    return found


# A report of something that happened to a patient (an event, a hospital stay): diseases
# named there are what the patient had, not what the drug was used for.
EVENT_WORDS = re.compile(
    r"\b(?:developed|develops|got|had|has had|experienced|reported|reporting|hospitali[sz]\w*|"
    r"admitted|admission|er|ed|urgent care|icu|side effects?|adverse|ae|reaction|onset|"
    r"went to|ended up|diagnosed with|dx'?d)\b",
    re.I,
)
REPORTING = re.compile(
    r"\b(?:reported|reporting|report it|pv|pharmacovigilance|safety line|drug safety|ae form|"
    r"exposure|registry|medwatch)\b",
    re.I,
)


# A report of a special situation (an exposure, an error, an overdose): what the note says
# happened was not chosen by the prescriber, so the label reader leaves it to the classifier.
SPECIAL_SITUATION = re.compile(
    r"\b(?:exposure|overdos\w*|admin(?:istration)? error|medication error|dosing error|"
    r"by mistake|accidental\w*|inadvertent\w*|wrong (?:vaccine|drug|dose|patient|box|product|pen)|"
    r"lactation|breastfe\w*|before she knew|didn'?t know she|misuse|poison control|got into|"
    r"grabbed|swallowed|chewed)\b",
    re.I,
)
# Breastfeeding alone is a special situation when it is reported ("breastfed while on it"),
# not when the HCP asks whether a nursing mother may use the product.
_LACTATION_ONLY = re.compile(r"^(?:lactation|breastfe\w*)$", re.I)
_ASKING = re.compile(
    r"\?|\b(?:can|could|may|ok to|okay to|safe (?:to|in|for|while)|wants?|wanted|asked|asking|"
    r"any data|considering|thinking of|plans? to)\b",
    re.I,
)


def special_situation(text: str) -> bool:
    """An exposure, error or overdose is reported; a question about breastfeeding is none."""
    words = [m.group(0) for m in SPECIAL_SITUATION.finditer(text)]
    if not words:
        return False
    if all(_LACTATION_ONLY.match(w) for w in words):
        return not _ASKING.search(text) or bool(REPORTING.search(text))
    return True
