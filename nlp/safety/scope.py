"""Which candidate events are a case: the scope rules that drop the rest.

A mention is not a case when it is negated, medical history or the condition treated, a
hypothetical or a question, general safety talk or AE-reporting training without a
patient, about a patient never exposed, an item of a topic list, or (for a complaint) not
about a product unit. ``case_hits`` keeps the others and says why each dropped one went.
"""

from spacy.strings import get_string_id

from nlp.safety.course import course_reason
from nlp.safety.doc_context import CLAUSE_BREAKS, DocContext, Hit, breaks
from nlp.safety.hits import DEVICE_FAILURE
from nlp.safety.patients import occurrence, patient_sentences
from nlp.safety.topics import resolved_since_switch, topic_lists

NEGATION_WINDOW = 4  # tokens between a negation cue and the event it denies
SUBJECT_WINDOW = 12  # "none of his 15 Sclerivo pts has had a serious infection"
HISTORY_WINDOW = 3  # tokens between "hx of" / "for" and the event it makes history
NOUN_WINDOW = 8  # tokens between a complaint word and the product unit it is about
_FOR = get_string_id("for")
_ON = get_string_id("on")
_ADMITTED = get_string_id("admitted")
_NEW = get_string_id("new")
STOP_WINDOW = 8  # "stopped gabapentin (made her dizzy)": tokens from the drug to the event
# Start words that, with a time still to come in the sentence, make a plan:
# "Starting Virenza Monday", "Dr Patel starting Migrelux next week".
_START = frozenset(
    get_string_id(w)
    for w in (
        "start",
        "starting",
        "starts",
        "begin",
        "beginning",
        "begins",
        "initiate",
        "initiating",
    )
)
# What "stopped ..." can stop without naming a drug: then it may be ours, so no rule.
_UNNAMED_DRUG = frozenset(
    get_string_id(w)
    for w in (
        "it", "them", "this", "that", "meds", "med", "medication",
        "medications", "drug", "everything", "all", "dose", "doses", "taking", "using", "treatment",
        "tx", "therapy", "injections", "shots", "pills", "tabs",
    )
)  # fmt: skip
_QUESTION_MARK = get_string_id("?")
_COORDINATION = frozenset(get_string_id(w) for w in ("+", "and", "&", "/", "or", ","))
# "admitted" is a hospitalisation unless someone admitted *to* something ("admitted he ...").
NOT_ADMISSION = frozenset(
    get_string_id(w)
    for w in ("he", "she", "they", "that", "it", "he's", "she's", "to", "using", "his", "this")
)


def case_hits(ctx: DocContext) -> tuple[list[Hit], set[str]]:
    """The hits that describe a case; and why the others were dropped."""
    kept: list[Hit] = []
    reasons: set[str] = set()
    frame = _Frame(ctx)
    for hit in ctx.hits:
        reason = frame.reason(hit)
        if reason is None:
            kept.append(hit)
        else:
            reasons.add(reason)
    return kept, reasons


class _Frame:
    """The sentence-level cues of one note, read once for all its hits."""

    def __init__(self, ctx: DocContext) -> None:
        self.ctx = ctx
        patients = patient_sents(ctx)
        self.has_patient = bool(patients) or ctx.has_pii_patient
        self.hypothetical = ctx.sentences_with("hypothetical")
        self.general = ctx.sentences_with("general_discussion") - patients
        self.training = training_sentences(ctx)
        self.never = never_exposed_sentences(ctx)
        self.questions = (
            ctx.sentences_with("question") | asked_aloud(ctx, patients)
        ) - exposed_sentences(ctx, outside_questions=True)
        self.administered = ctx.sentences_with("administered")
        self.not_event = ctx.cues.get("not_event", [])
        self.no_case = bool(ctx.cues.get("no_case"))
        self.off_label = "off_label" in (ctx.doc._.theme_labels or {})
        self.listed = topic_lists(ctx, patient_sentences(ctx, ctx.quantifiers, strong_only=True))

    def reason(self, hit: Hit) -> str | None:
        """Why ``hit`` is not a case (None: it is one)."""
        ctx, s = self.ctx, self.ctx.sent[hit.start]
        if self.no_case:
            return "no_case"
        if hit in self.listed:
            return "topic_list"
        if resolved_since_switch(ctx, hit):
            return "resolved"
        if any(a < hit.end and hit.start < b for a, b in self.not_event) or _admitted_to(ctx, hit):
            return "not_event"
        if hit.section == "events" and _is_indication(ctx, hit):
            return "indication"
        if hit.section == "special" and names_a_topic(ctx, hit, ("topic_noun",)):
            return "topic"  # "pregnancy + lactation data", "overdose info"
        course = course_reason(ctx, hit)
        if course is not None:
            return course
        if hit.group != DEVICE_FAILURE and is_negated(ctx, hit):
            return "negated"
        if is_history(ctx, hit):
            return "history"
        if stopped_other_drug(ctx, hit):
            return "other_product"  # "stopped gabapentin (made her dizzy)", "off his old opioid bc of itching"
        if self.off_label and _off_label_condition(ctx, hit):
            return "off_label_condition"
        for reason, sentences in (
            ("hypothetical", self.hypothetical),
            ("question", self.questions),
            ("training", self.training),
            ("general_discussion", self.general),
        ):
            if s in sentences:
                return reason
        if hit.section == "complaint":
            return None if _about_a_unit(ctx, hit) else "no_product_unit"
        if (
            not self.has_patient
            and not (hit.section == "special" and s in self.administered)
            and not occurrence(ctx, hit.start, hit.end)
            and not (hit.section == "events" and self.implicit_patient(s))
        ):
            # A special situation needs a patient, or a sentence that says the product
            # was given or taken ("infused before caught").
            return "no_patient"
        if s in self.never:
            return "never_exposed"
        return None

    def implicit_patient(self, s: int) -> bool:
        """A note about one patient's course that never names them ("QTc 520 on Visorel,
        held"): it names our product and speaks of no patients in the plural, so the event
        in it happened to someone. General talk was dropped before this is asked."""
        cues = self.ctx.cues
        return (
            any(kind == "own_product" for _, _, kind, _ in self.ctx.mentions)
            and not cues.get("plural_patient")
            and not cues.get("plural_pronoun")
        )


def patient_sents(ctx: DocContext) -> set[int]:
    """Sentences that name a patient (cached on the context)."""
    if ctx.patients is None:
        ctx.patients = patient_sentences(ctx, ctx.quantifiers)
    return ctx.patients


def training_sentences(ctx: DocContext) -> set[int]:
    """Sentences framed by AE-reporting training or a reminder, unless they name a patient
    as no reminder would ("pt events get reported" does not); all of a note that names
    no patient at all."""
    training = ctx.sentences_with("training")
    if not training:
        return set()
    if not patient_sents(ctx):
        return set(ctx.sent)  # nobody in the note: the whole note is the training
    return training - patient_sentences(ctx, ctx.quantifiers, strong_only=True)


def never_exposed_sentences(ctx: DocContext) -> set[int]:
    never = ctx.sentences_with("never_exposed") | planned_start_sentences(ctx)
    if not never:
        return set()
    exposed = exposed_sentences(ctx)
    if not exposed:
        return set(ctx.sent)  # nobody in the note took it: every sentence
    return never - exposed


def planned_start_sentences(ctx: DocContext) -> set[int]:
    """Sentences that start the product at a time still to come ("Starting Virenza Monday",
    "starting Migrelux next week", "starts in Dec"): a start word and a ``context/future_time``
    cue in the same sentence."""
    future = ctx.sentences_with("future_time")
    if not future:
        return set()
    return {ctx.sent[i] for i, word in enumerate(ctx.lowers) if word in _START} & future


def asked_aloud(ctx: DocContext, patients: set[int]) -> set[int]:
    """Sentences that end in a question mark and name no patient ("side effects?",
    "any rash in kids?"): a question about events, not an event."""
    asked: set[int] = set()
    for i in range(len(ctx.lowers)):
        if ctx.lowers[i] != _QUESTION_MARK:
            continue
        rest = next(
            (j for j in range(i + 1, len(ctx.lowers)) if ctx.sent[j] != ctx.sent[i]),
            len(ctx.lowers),
        )
        if all(ctx.punct[j] for j in range(i + 1, rest)):  # "side effects?'" ends it
            asked.add(ctx.sent[i])
    return asked - patients


def exposed_sentences(ctx: DocContext, outside_questions: bool = False) -> set[int]:
    """Sentences that say a patient took the product (not inside "before the first dose";
    with ``outside_questions``, not inside what was asked: "asked if he can get the
    infusion every 4 wks")."""
    blocked = ctx.cues.get("never_exposed", []) + ctx.cues.get("setting", [])
    planned = {ctx.sent[start] for start, _ in ctx.cues.get("never_exposed", [])}
    if outside_questions:
        # What follows "asked if" up to the end of its clause is what was asked.
        blocked = blocked + [(end, clause_end(ctx, end)) for _, end in ctx.cues.get("question", [])]
    # "start her on Keltrova next week" is a plan, so "on <ours>" counts only elsewhere.
    on_ours = [span for span in _on_own_product(ctx) if ctx.sent[span[0]] not in planned]
    return {
        ctx.sent[start]
        for start, end in ctx.cues.get("exposure", []) + on_ours
        if not any(b_start <= start and end <= b_end for b_start, b_end in blocked)
    }


def clause_end(ctx: DocContext, at: int) -> int:
    """The first token after the clause that starts at token ``at`` (punctuation, a clause
    word such as "but", or the sentence end closes it)."""
    end = at
    while (
        end < len(ctx.sent)
        and ctx.sent[end] == ctx.sent[at]
        and not ctx.punct[end]
        and ctx.lowers[end] not in CLAUSE_BREAKS
    ):
        end += 1
    return end


def _on_own_product(ctx: DocContext) -> list[tuple[int, int]]:
    """ "on <our product>" spans."""
    return [
        (start - 1, end)
        for start, end, kind, _ in ctx.mentions
        if kind == "own_product" and start > 0 and ctx.lowers[start - 1] == _ON
    ]


def is_negated(ctx: DocContext, hit: Hit) -> bool:
    """A negation cue (or a negated subject, "none of her pts") governs the hit."""
    if hit.start in ctx.negated:
        return True
    windows = [(s, e, NEGATION_WINDOW) for s, e in ctx.cues.get("negation", [])] + [
        (s, e, SUBJECT_WINDOW) for s, e in ctx.cues.get("negated_subject", [])
    ]
    for start, end, window in windows:
        if end <= hit.start and hit.start - end <= window:
            between = range(end, hit.start)
            if ctx.sent[start] == ctx.sent[hit.start] and not any(
                ctx.punct[i] or ctx.lowers[i] in CLAUSE_BREAKS for i in between
            ):
                return True
    return False


def is_history(ctx: DocContext, hit: Hit) -> bool:
    """ "hx of seizures", "on it for migraine": the event is the past or the indication;
    "scared of bleeding", "worried about falls" (``context/fear``): a fear, not an event."""
    if hit.section != "events":
        return False
    for start, end in ctx.cues.get("history", []) + ctx.cues.get("fear", []):
        if not (end <= hit.start and hit.start - end < HISTORY_WINDOW):
            continue
        if ctx.sent[start] != ctx.sent[hit.start] or breaks(ctx, end, hit.start):
            continue
        if end - start == 1 and ctx.lowers[start] == _FOR and _event_for(ctx, start):
            continue  # "admitted for a GI bleed": the event is why, not the indication
        return True
    return False


def stopped_other_drug(ctx: DocContext, hit: Hit) -> bool:
    """The event is why a drug that is not ours was stopped or not tolerated: "stopped
    gabapentin (made her dizzy)", "took a pt off his old ER opioid because of terrible
    itching", "intolerant of the previous drug (rash)". The stopped thing must be named and
    not be ours: "stopped it bc of dizziness" may be ours (a dechallenge), so it stays."""
    if hit.section != "events":
        return False
    s = ctx.sent[hit.start]
    own = [(m[0], m[1]) for m in ctx.mentions if m[2] == "own_product"]
    for start, end in ctx.cues.get("stop", []):
        if ctx.sent[start] != s or not (end < hit.start <= end + STOP_WINDOW):
            continue
        named = end
        while named < hit.start and ctx.lowers[named] in _DETERMINERS:
            named += 1  # "off his old ER opioid": the drug follows its determiner
        if named >= hit.start or ctx.lowers[named] in _UNNAMED_DRUG or ctx.punct[named]:
            continue
        if any(end <= a < hit.start for a, _ in own):
            continue  # "stopped Paldora bc of dizziness": ours, a dechallenge
        if any(ctx.lowers[i] in _NOT_A_REASON for i in range(end, hit.start)):
            continue  # "stopped the statin, then a rash": a later event, not the reason
        return True
    return False


_DETERMINERS = frozenset(
    get_string_id(w) for w in ("the", "a", "an", "her", "his", "their", "my", "your", "its")
)
_NOT_A_REASON = frozenset(
    get_string_id(w) for w in ("then", "now", "later", "since", "after", "but", "on")
)


def _admitted_to(ctx: DocContext, hit: Hit) -> bool:
    """ "admitted he skipped doses": owning up to something, not a hospital admission."""
    return (
        ctx.lowers[hit.end - 1] == _ADMITTED
        and hit.end < len(ctx.lowers)
        and ctx.lowers[hit.end] in NOT_ADMISSION
    )


def _is_indication(ctx: DocContext, hit: Hit) -> bool:
    """A condition that names who patients are ("his gout pts", "her MS folks") or a topic
    ("pneumonitis rate", "itch relief", "flu clinic"), or the
    condition our products treat (their catalog indication), is not an event; a worsening
    of it ("gout flare", "migraine got worse") is."""
    after = names_a_topic(ctx, hit, ("plural_patient", "patient", "topic_noun"))
    words = ctx.indication_words
    treated = bool(words) and all(ctx.lowers[i] in words for i in range(hit.start, hit.end))
    if not (after or treated):
        return False
    near = range(max(0, hit.start - 2), min(len(ctx.lowers), hit.end + 3))
    return not any(
        start in near and not (after and ctx.lowers[start] == _NEW)  # "new DVT pt": a new patient
        for start, _ in ctx.cues.get("worsening", [])
    )


def names_a_topic(ctx: DocContext, hit: Hit, groups: tuple[str, ...]) -> bool:
    """The hit is a modifier of the noun after it ("pregnancy data", "gout pts"), also
    through a coordination ("pregnancy + lactation data", "rash and itch questions")."""
    starts = {start for group in groups for start, _ in ctx.cues.get(group, [])}
    if hit.end in starts:
        return True
    if hit.end + 1 < len(ctx.lowers) and ctx.lowers[hit.end] in _COORDINATION:
        return any(other.start == hit.end + 1 and other.end in starts for other in ctx.hits)
    return False


def _off_label_condition(ctx: DocContext, hit: Hit) -> bool:
    if hit.section != "events":
        return False
    return any(
        end <= hit.start
        and hit.start - end <= HISTORY_WINDOW + 1
        and ctx.sent[start] == ctx.sent[hit.start]
        and not breaks(ctx, end, hit.start)
        for start, end in ctx.cues.get("off_label_condition", [])
    )


def _event_for(ctx: DocContext, for_at: int) -> bool:
    return any(
        for_at - HISTORY_WINDOW <= end <= for_at
        for _, end in ctx.cues.get("history_exceptions", [])
    )


def _about_a_unit(ctx: DocContext, hit: Hit) -> bool:
    """A complaint word near a product unit: a unit noun, or one of our products named
    ("Trabelix jammed halfway", "the Keltrova was cloudy")."""
    s = ctx.sent[hit.start]
    units = ctx.cues.get("product_nouns", []) + [
        (m[0], m[1]) for m in ctx.mentions if m[2] == "own_product"
    ]
    for start, end in units:
        if ctx.sent[start] == s and (
            abs(start - hit.end) <= NOUN_WINDOW or abs(hit.start - end) <= NOUN_WINDOW
        ):
            return True
    return False
