"""Finding the candidate events in a note: lexicon phrases and the few constructions no
phrase list can hold, gathered with the context cues into one ``DocContext``."""

import re
from collections.abc import Callable

from spacy.attrs import IS_PUNCT, LIKE_NUM, LOWER, SENT_START
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

from nlp.safety.doc_context import CLAUSE_BREAKS, DocContext, Hit, Mention
from nlp.safety.finding import CATEGORY_OF_SECTION
from nlp.safety.lexicon import Lexicon

_PRODUCT_KINDS = ("own_product", "competitor")
DEVICE_FAILURE = "device_failure"
LAB_CHANGE = "lab_change"  # group of the analyte x change rule hits
LAB_WINDOW = 2  # tokens between an analyte and its change: "ALT now up", "K+ was 6.1 high"  # group of the failure-cue x device-action rule hits
# A dose written as a number or strength: "10", "25mg", "0.5ml", "2x".
_LAB_VALUE = re.compile(r"\d+(?:\.\d+)?k?")  # "1.4", "180", "60k"
_TO = frozenset(("to", "->", "→"))
_DOSE_NUMBER = re.compile(r"\d+(?:\.\d+)?(?:mg|mcg|ml|g|u|units|x)?")
# A weight that moved: "gained 25 lbs", "lost 8kg", "put on 10 pounds", "up 12 lb".
_WEIGHT_VERBS = frozenset(("gained", "gain", "gaining", "lost", "losing", "put"))
_WEIGHT_UNITS = frozenset(("lb", "lbs", "pounds", "pound", "kg", "kgs", "kilos", "stone", "st"))
_WEIGHT_AMOUNT = re.compile(r"~?\d+(?:\.\d+)?(lbs?|kgs?|kilos)?")
# "asked Dr Kline if ...", "asked the NP whether ...": who was asked sits between.
_ASKED = frozenset(get_string_id(w) for w in ("asked", "asks", "asking", "ask"))
_IF = frozenset(get_string_id(w) for w in ("if", "whether"))
_DOT = get_string_id(".")
ASKED_WINDOW = 4  # tokens between "asked" and "if": "asked Dr. Kline if"


class EventFinder:
    """The lexicon's matchers; ``context`` reads one doc into a ``DocContext``."""

    def __init__(self, vocab: Vocab, make_doc: Callable[[str], Doc], lexicon: Lexicon) -> None:
        self.matcher = PhraseMatcher(vocab, attr="LOWER")
        self._keys: dict[int, tuple[str, str]] = {}
        for section, groups in lexicon.items():
            for group, terms in groups.items():
                key = f"fieldsignal_safety::{section}/{group}"
                self._keys[vocab.strings.add(key)] = (section, group)
                self.matcher.add(key, [make_doc(term) for term in terms])
        context = lexicon.get("context", {})
        # The rule constructions read these context groups out of the one matcher's
        # matches (a PhraseMatcher per construction cost a pass over the doc each).
        self._failure_key = get_string_id("fieldsignal_safety::context/failure_cue")
        self._action_key = get_string_id("fieldsignal_safety::context/device_action")
        self._analyte_key = get_string_id("fieldsignal_safety::context/analyte")
        self._change_key = get_string_id("fieldsignal_safety::context/lab_change")
        # Words that can start the number rules of ``_rule_hits`` (besides a number).
        self._number_rule_words = _hashes([*_WEIGHT_VERBS, "instead"])
        self._low = frozenset(context.get("analyte_low", []))
        self._units = _hashes(context.get("count_units", []))
        self._quantifiers = _hashes(context.get("quantifier", []))
        self.indication_words: frozenset[int] = frozenset()  # set from the catalog

    def context(self, doc: Doc, classifier_positive: bool) -> DocContext | None:
        """Everything the rules read about ``doc``; None when there is nothing to decide."""
        matches = self.matcher(doc)
        # One array read per doc: Token objects cost more than the rules that read them.
        rows = doc.to_array([SENT_START, LOWER, IS_PUNCT, LIKE_NUM]).tolist()
        rule_hits = self._rule_hits(doc, rows, matches)
        if (
            not classifier_positive
            and not rule_hits
            and not any(self._keys[key][0] in CATEGORY_OF_SECTION for key, _, _ in matches)
        ):
            return None  # most notes: nothing to decide
        hits: list[Hit] = list(rule_hits)
        serious: list[Hit] = []
        cues: dict[str, list[tuple[int, int]]] = {}
        for key, start, end in matches:
            section, group = self._keys[key]
            if section == "context":
                cues.setdefault(group, []).append((start, end))
            elif section == "seriousness":
                serious.append(Hit(start, end, section, group))
            else:
                hits.append(Hit(start, end, section, group))
        asked = _asked_someone(rows)
        if asked:
            cues.setdefault("question", []).extend(asked)
        sent: list[int] = []
        index = -1
        for i, row in enumerate(rows):
            if i == 0 or row[0] == 1:
                index += 1
            sent.append(index)
        negated = {
            i
            for span in doc.spans.get("negation", [])
            if span.label_ == "negated"
            for i in range(span.start, span.end)
        }
        return DocContext(
            doc=doc,
            sent=sent,
            lowers=[row[1] for row in rows],
            punct=[row[2] == 1 for row in rows],
            cues=cues,
            hits=_longest(hits),
            seriousness=serious,
            mentions=_mentions(doc, cues.get("other_product", [])),
            negated=negated,
            has_pii_patient=any(True for _ in doc.spans.get("pii", [])),
            quantifiers=self._quantifiers,
            indication_words=self.indication_words,
        )

    def _rule_hits(
        self, doc: Doc, rows: list[list[int]], matches: list[tuple[int, int, int]]
    ) -> list[Hit]:
        """Hits no phrase list can hold: a failure cue before a device action ("didnt
        click", "wouldnt push down", "never fired"), a lab change, a dose "instead of (the) <number>", and
        a count that is not the count ("26 tabs not 30")."""
        hits: list[Hit] = []
        cues = [(s, e) for k, s, e in matches if k == self._failure_key]
        actions = {s: e for k, s, e in matches if k == self._action_key}
        for start, end in cues:
            for at in (end, end + 1):
                if at in actions and not any(
                    doc[i].is_punct or doc[i].lower in CLAUSE_BREAKS for i in range(end, at)
                ):
                    hits.append(Hit(start, actions[at], "complaint", DEVICE_FAILURE))
                    break
        hits += self._lab_changes(doc, matches)
        if not any(row[3] for row in rows[:-2]) and self._number_rule_words.isdisjoint(
            row[1] for row in rows[:-2]
        ):
            return hits  # no number and no "instead"/"gained": the loop below finds nothing
        strings = doc.vocab.strings
        lowers = [strings[row[1]] for row in rows]
        like_num = [row[3] == 1 for row in rows]
        for i in range(len(doc) - 2):
            if lowers[i] in _WEIGHT_VERBS:
                hits += _weight_change(lowers, i)
            if lowers[i] == "instead" and lowers[i + 1] == "of":
                j = i + 3 if lowers[i + 2] == "the" and i + 3 < len(doc) else i + 2
                counted = i > 1 and rows[i - 1][1] in self._units and like_num[i - 2]
                if not counted and (like_num[j] or _DOSE_NUMBER.fullmatch(lowers[j])):
                    hits.append(Hit(i, j + 1, "special", "medication_error"))
            elif (
                like_num[i]
                and rows[i + 1][1] in self._units
                and lowers[i + 2] in ("not", "instead")
                and i + 3 < len(doc)
                and (like_num[i + 3] or (lowers[i + 3] == "of" and i + 4 < len(doc)))
            ):
                hits.append(Hit(i, min(len(doc), i + 4), "complaint", "quality"))
        return hits

    def _lab_changes(self, doc: Doc, matches: list[tuple[int, int, int]]) -> list[Hit]:
        """An analyte with what it did just after it ("ALT up 5x", "QTc prolonged to 520",
        "plts dropped to 40") or a value that moved ("creat went 1.4 to 2.1", "hgb from 12
        to 8"): a lab change, whatever the analyte is called."""
        changes = {s: e for k, s, e in matches if k == self._change_key}
        hits = []
        for key, start, end in matches:
            if key != self._analyte_key:
                continue
            for at in range(end, min(len(doc), end + LAB_WINDOW + 1)):
                if at in changes:
                    hits.append(Hit(start, changes[at], "events", LAB_CHANGE))
                    break
                moved = _value_moved(doc, at, falls_bad=doc[start:end].text.lower() in self._low)
                if moved:
                    hits.append(Hit(start, moved, "events", LAB_CHANGE))
                    break
                if doc[at].is_punct and doc[at].text not in ("/", "-"):
                    break
        return hits


def _weight_change(lowers: list[str], i: int) -> list[Hit]:
    """ "gained 25 lbs", "lost 8kg", "put on 10 pounds": a weight change, whatever the amount
    (a number no phrase list can hold)."""
    at = i + 2 if lowers[i] == "put" and lowers[i + 1] == "on" else i + 1
    if at >= len(lowers):
        return []
    amount = _WEIGHT_AMOUNT.fullmatch(lowers[at])
    if amount is None:
        return []
    if amount.group(1):  # "25lbs" in one token
        return [Hit(i, at + 1, "events", "metabolic")]
    if at + 1 < len(lowers) and lowers[at + 1] in _WEIGHT_UNITS:
        return [Hit(i, at + 2, "events", "metabolic")]
    return []


def _asked_someone(rows: list[list[int]]) -> list[tuple[int, int]]:
    """ "asked Dr Kline if", "asked the NP whether": a question cue over the asked person
    (the lexicon holds "asked if"; who was asked can sit between)."""
    found = []
    for i, row in enumerate(rows):
        if row[1] not in _ASKED:
            continue
        for j in range(i + 2, min(len(rows), i + ASKED_WINDOW + 2)):
            if rows[j][0] == 1 or (rows[j][2] == 1 and rows[j][1] != _DOT):
                break  # "asked Dr. Kline if": the abbreviation's dot is no break
            if rows[j][1] in _IF:
                found.append((i, j + 1))
                break
    return found


def _value_moved(doc: Doc, at: int, falls_bad: bool) -> int:
    """End of "<value> to <value>" starting at ``at`` when it moved the harmful way (0:
    none there, or it improved: "A1c 9 to 7" on a diabetes drug is a response)."""
    if at + 2 >= len(doc) or doc[at + 1].lower_ not in _TO:
        return 0
    before, after = _LAB_VALUE.fullmatch(doc[at].lower_), _LAB_VALUE.fullmatch(doc[at + 2].lower_)
    if before is None or after is None:
        return 0
    rose = _value(before.group()) < _value(after.group())
    return at + 3 if rose != falls_bad else 0


def _value(text: str) -> float:
    return float(text.rstrip("k"))  # "180 to 60k": both in thousands


def _longest(hits: list[Hit]) -> list[Hit]:
    """Drop hits inside a longer hit ("rash" inside "injection site rash"). Two sections on
    the same words both stay ("wrong strength", "unrefrigerated" are a complaint and a
    medication error): the scope rules decide which one is a case (a medication error
    needs someone exposed, a complaint a unit), whatever order the matcher returned. Ties
    sort by group too, so the group reported does not depend on string hashing."""
    hits = sorted(set(hits), key=lambda h: (h.start, -(h.end - h.start), h.section, h.group))
    out: list[Hit] = []
    for hit in hits:
        if any(
            hit.start >= kept.start
            and hit.end <= kept.end
            and (hit.end - hit.start < kept.end - kept.start or hit.section == kept.section)
            for kept in out[-3:]
        ):
            continue
        out.append(hit)
    return out


def _mentions(doc: Doc, others: list[tuple[int, int]]) -> list[Mention]:
    """Catalog products, plus products the catalog does not hold but the note says are not
    ours ("a rash on the generic"): those count as a competitor's."""
    found: list[Mention] = [
        (s.start, s.end, s.label_, s.kb_id_)
        for s in doc.spans.get("catalog", [])
        if s.label_ in _PRODUCT_KINDS
    ]
    taken = {i for m in found for i in range(m[0], m[1])}
    for start, end in others:
        if not any(i in taken for i in range(start, end)):
            found.append((start, end, "competitor", ""))
    return sorted(found)


def _hashes(words: list[str]) -> frozenset[int]:
    return frozenset(get_string_id(w) for w in words)
