"""Negation and resolution scoping (NegEx-style, tuned for rep shorthand).

Three kinds of cue, each bounded by the clause (punctuation, a sentence start or a
conjunction such as "but"/"and"):

- a negation pre-cue ("no", "not", "n't", "never", "without", "w/o") negates the words that
  follow it: span labelled ``negated`` (the cue itself left out);
- a resolution pre-cue ("used to", "no longer", "we're past the", "fixed the", "swapped
  the ... out") marks the words that follow it, cue included, as ``resolved``; "now" ends
  that scope ("used to complain about cost, now fine");
- a resolution post-cue ("resolved", "got fixed", "sorted out", "behind them", "up to
  date", "not anymore") marks the clause before it as ``resolved``. A short answer after a
  comma or dash ("copay trouble - not anymore") reaches back over that one clause.

Scopes go to ``doc.spans["negation"]``; the normalizer rewrites the words inside so the
classifier sees "no pushback on price" differently from "pushback on price", and the rules
skip cues inside them (``scope_offsets``).

Some negations *are* the complaint ("not covered", "doesn't work", "no longer covered"):
when the word right after the cue is one of those predicates the cue is ignored, so the
theme words after it keep their plain form. A resolution cue with a modal or "still"
before it ("needs to be fixed", "still not resolved") is a problem, not a resolution.
"""

from collections.abc import Iterable
from pathlib import Path

import srsly
from spacy.attrs import IS_PUNCT, NORM, SENT_START
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

NEGATED = "negated"
RESOLVED = "resolved"

DEFAULT_PRE_CUES = ["no", "not", "never", "without", "w/o", "none", "nothing", "nor", "neither"]
# Forward resolution cues; the span covers the cue and what follows it.
DEFAULT_RESOLUTION_CUES = [
    "used to", "use to", "no longer", "not anymore", "no more",
    "are past", "is past", "got past", "gotten past", "moved past", "now past", "finally past",
    "be past", "'re past", "'s past", "over the hump with",
    "fixed", "resolved", "sorted", "sorted out", "cleared up", "straightened out", "ironed out",
    "worked out", "smoothed out", "fixed up",
    "swapped", "swapped out", "replaced", "tossed", "recycled", "threw out", "thrown out",
    "got rid of", "took down", "taken down", "pulled the old", "pulled all the old",
    "stopped worrying about", "stopped complaining about", "quit complaining about",
    "stopped pushing back on", "stopped worrying", "stopped complaining",
    "pulled the outdated", "removed the old", "removed the outdated", "updated the old",
    "solved",
    # The past told as past: "last time doubted the data, today ..." (ends at "now/today").
    "last time", "at first", "initially", "originally", "previously",
]  # fmt: skip
# Words that must follow a verb-like resolution cue ("fixed the ...", "swapped out their").
RESOLUTION_OBJECTS = [
    "the", "their", "her", "his", "our", "its", "that", "those", "these", "all", "every",
    "it", "them", "everything", "both", "old", "older", "outdated", "expired",
]  # fmt: skip
# Resolution cues that stand on their own (no object word needed after them).
FREESTANDING_RESOLUTION = [
    "used to", "use to", "no longer", "not anymore", "no more", "stopped worrying about",
    "stopped complaining about", "quit complaining about", "stopped pushing back on",
    "stopped worrying", "stopped complaining",
    "last time", "at first", "initially", "originally", "previously",
]  # fmt: skip
DEFAULT_POST_CUES = [
    "resolved", "resolving", "got fixed", "was fixed", "is fixed", "been fixed", "fixed",
    "fixed now", "now fixed", "sorted out", "sorted", "all sorted", "cleared", "cleared up",
    "settled", "went away", "gone away", "taken care of", "worked out", "ironed out",
    "straightened out", "smoothed out", "under control", "behind them", "behind us",
    "behind her", "behind him", "behind them now", "in the past", "a thing of the past",
    "no longer an issue", "no longer a problem", "no longer a concern", "not anymore",
    "not an issue anymore", "not a problem anymore", "not a concern anymore", "not any more",
    "all good now", "fine now", "ok now", "good now", "resolved now", "now resolved",
    "up to date", "up-to-date", "now current", "all current", "is current", "are current",
    "swapped out", "replaced", "been replaced", "was replaced", "were replaced",
    "tossed", "recycled", "thrown out", "taken down", "pulled",
    # "X is not an issue": the predicate negates its subject, before the cue.
    "not an issue", "not a problem", "not a concern", "not the issue", "not the problem",
    "not a barrier", "non issue", "non - issue", "nonissue", "non problem", "handled",
    "is handled", "been handled", "went through", "went thru",
    # Something broken that works again: "the copay card is working again".
    "working again", "works again", "back to normal", "back on track", "running again",
    "solved", "got solved", "is solved", "not a factor", "a non factor", "not an obstacle",
    "not a hurdle", "not a barrier anymore",
    # Only after a problem word in the same clause ("his dosing objection is gone";
    # "samples are all gone" asks for more): see PROBLEM_POST_CUES.
    "gone", "is gone", "are gone", "basically gone", "long gone", "disappeared", "history",
]  # fmt: skip
# Post-cues that resolve a clause only when it names a problem ("the PA hassle is gone").
PROBLEM_POST_CUES = ["gone", "disappeared", "history"]
# Post-cues that, standing alone after a comma or dash, answer for the clause before it.
DEFAULT_BACKREACH = [
    "not anymore", "not any more", "no longer an issue", "no longer a problem", "all sorted",
    "resolved now", "now resolved", "fixed now", "now fixed", "all good now",
    "behind them", "behind us", "behind them now", "a thing of the past", "in the past",
    "not an issue anymore", "not a problem anymore", "not a concern anymore",
    "not an issue", "not a problem", "not a concern", "non issue", "non - issue", "nonissue",
]  # fmt: skip
# Words before a resolution cue that make it a wish or a problem ("needs to be fixed").
DEFAULT_BLOCKERS = [
    "be", "to", "need", "needs", "needed", "not", "never", "still", "if", "until", "hope",
    "hopefully", "should", "must", "will", "would", "get", "gets", "getting", "being", "yet",
    "wants", "want", "asked", "asking", "pls", "please", "can", "could",
]  # fmt: skip
# Words after a negation cue that make the negation itself the signal (or not a negation).
DEFAULT_PSEUDO = [
    "sure", "only", "just", "doubt", "clear", "able", "until", "yet", "much",
    "like", "love", "trust", "believe",
    "happy", "pleased", "satisfied", "impressed", "convinced", "sold", "thrilled", "keen",
    "comfortable", "excited", "interested", "confident", "great", "good", "easy", "worth",
    "work", "works", "working", "worked", "effective", "effect", "helping", "helped", "help",
    "covered", "cover", "covering", "coverage", "formulary", "preferred", "approved",
    "affordable", "afford", "reimbursed", "paying", "tolerating", "tolerate", "tolerated",
    "responding", "respond", "response", "improving", "improved", "improvement", "enough",
    "reply", "callback", "answer", "luck", "one", "way", "access", "time",
    "getting", "seeing", "see", "seen", "moving", "budging", "budge", "buying",
    "stocked", "available", "received", "get", "receiving", "enrolled", "reached",
    "prescribing", "prescribes", "prescribe", "writing", "writes", "using", "uses", "use",
    "recommending", "recommends", "recommend", "on", "carried", "carries", "carrying",
    "covers", "carry", "stock", "stocks", "prefer", "prefers", "accepting", "accepts",
    "stopped", "stop", "quit",  # "never stopped worrying": still worried
    # "doesn't think it beats X", "didn't buy the data": the doubt itself.
    "think", "thinks", "buy", "buys", "feel", "feels",
    # "nurses don't know the titration", "pts can't remember the drops": the burden itself.
    "know", "knows", "understand", "understands", "remember", "remembers", "read",
]  # fmt: skip
# Problem words: "no coverage issues" is a plain negation, "no longer an issue" a post-cue.
# Models saved before 2.2 did not save the list and used the first line's words.
PROBLEM_WORDS_2_1 = [
    "issue", "issues", "problem", "problems", "concern", "concerns", "complaint", "complaints",
    "trouble", "troubles", "hiccups", "pushback", "objections", "delays", "denials",
]  # fmt: skip
PROBLEM_WORDS = PROBLEM_WORDS_2_1 + [
    "barrier", "barriers", "hassle", "hassles", "headache", "headaches", "glitch", "glitches",
    "delay", "objection", "hiccup",
]  # fmt: skip
# What a clause must name for a PROBLEM_POST_CUES cue to resolve it.
GONE_PROBLEMS = PROBLEM_WORDS + ["worry", "worries", "doubts", "fears", "skepticism"]
DEFAULT_TERMINATORS = [
    "but", "however", "though", "although", "except", "yet", "so", "because", "bc", "b/c",
    "since", "which", "who", "and", "also", "then", "plus", "while", "whereas", "unless",
    "+", "&", "-", "--", "/", "wants", "asked", "asking", "said", "says",
    "tho", "altho", "instead", "otherwise", "anyway", "besides",
]  # fmt: skip
# Pseudo words that are themselves a complaint: "no doubt" is no negation, but "used to
# doubt" / "no longer doubts" is a resolved doubt.
RESOLUTION_EXEMPT = ["doubt", "doubts", "doubted", "question", "questions", "questioned"]
# Words that close a negation scope and belong to it: "doesn't have concerns anymore".
SCOPE_CLOSERS = ["anymore"]
# Extra words that end a resolution scope: what follows is the present.
RESOLUTION_STOPS = ["now", "today", "these", "lately", "currently", "still"]
SENTENCE_ENDS = [".", "!", "?", "…", "...", "\n"]


_THAT = get_string_id("that")
_NOW = get_string_id("now")


def _hashes(words: Iterable[str]) -> frozenset[int]:
    return frozenset(get_string_id(word.lower()) for word in words)


def _phrases(cues: Iterable[str]) -> dict[int, list[tuple[int, ...]]]:
    """Multi-word cues keyed by one of their words (``key``: 0 first, -1 last)."""
    out: dict[int, list[tuple[int, ...]]] = {}
    for cue in cues:
        out.setdefault(get_string_id(cue.lower().split()[0]), []).append(
            tuple(get_string_id(w) for w in cue.lower().split())
        )
    for options in out.values():
        options.sort(key=len, reverse=True)  # longest match first
    return out


class NegationScoper:
    """Find negated and resolved clauses; writes spans, never changes tokens."""

    def __init__(
        self,
        name: str = "fieldsignal_negation",
        *,
        spans_key: str = "negation",
        max_scope: int = 8,
        pre_cues: list[str] | None = None,
        post_cues: list[str] | None = None,
        pseudo: list[str] | None = None,
        terminators: list[str] | None = None,
        resolution_cues: list[str] | None = None,
        backreach: list[str] | None = None,
        blockers: list[str] | None = None,
        freestanding: list[str] | None = None,
        problem_post_cues: list[str] | None = None,
        gone_problems: list[str] | None = None,
        scope_closers: list[str] | None = None,
        resolution_exempt: list[str] | None = None,
        problem_words: list[str] | None = None,
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.max_scope = max_scope
        self.pre_cues = list(pre_cues if pre_cues is not None else DEFAULT_PRE_CUES)
        self.post_cues = list(post_cues if post_cues is not None else DEFAULT_POST_CUES)
        self.pseudo = list(pseudo if pseudo is not None else DEFAULT_PSEUDO)
        self.terminators = list(terminators if terminators is not None else DEFAULT_TERMINATORS)
        self.resolution_cues = list(
            resolution_cues if resolution_cues is not None else DEFAULT_RESOLUTION_CUES
        )
        self.backreach = list(backreach if backreach is not None else DEFAULT_BACKREACH)
        self.blockers = list(blockers if blockers is not None else DEFAULT_BLOCKERS)
        self.freestanding = list(
            freestanding if freestanding is not None else FREESTANDING_RESOLUTION
        )
        self.problem_post_cues = list(
            problem_post_cues if problem_post_cues is not None else PROBLEM_POST_CUES
        )
        self.gone_problems = list(gone_problems if gone_problems is not None else GONE_PROBLEMS)
        self.scope_closers = list(scope_closers if scope_closers is not None else SCOPE_CLOSERS)
        self.problem_words = list(problem_words if problem_words is not None else PROBLEM_WORDS)
        self.resolution_exempt = list(
            resolution_exempt if resolution_exempt is not None else RESOLUTION_EXEMPT
        )
        self._compile()

    def set_default_cues(self) -> None:
        """Replace every cue list with this module's (a saved model keeps its own until then)."""
        fresh = NegationScoper(self.name, spans_key=self.spans_key, max_scope=self.max_scope)
        self._load_state(fresh._state())

    def _compile(self) -> None:
        self._pre = _hashes(self.pre_cues)
        self._pseudo = _hashes(self.pseudo)
        self._stop = _hashes(self.terminators)
        self._res_stop = self._stop | _hashes(RESOLUTION_STOPS)
        self._problems = _hashes(self.problem_words)
        self._gone_problems = _hashes(self.gone_problems)
        self._problem_post = {(get_string_id(cue),) for cue in self.problem_post_cues}
        self._closers = _hashes(self.scope_closers)
        self._res_exempt = _hashes(self.resolution_exempt)
        self._objects = _hashes(RESOLUTION_OBJECTS)
        self._problem_heads = self._problems | _hashes(["a", "an"])
        self._blockers = _hashes(self.blockers)
        self._sentence_ends = _hashes(SENTENCE_ENDS)
        self._question = _hashes(["?", "??", "???", "?!"])
        self._answers = _hashes(["no", "none", "nope", "nah", "nothing", "not", "zero", "never"])
        self._answer_blockers = _hashes(["left", "remaining", "in", "on", "yet"])
        self._freestanding = {
            tuple(get_string_id(w) for w in cue.split()) for cue in self.freestanding
        }
        self._backreach = {tuple(get_string_id(w) for w in cue.split()) for cue in self.backreach}
        self._res = _phrases(self.resolution_cues)
        # Post-cues may be several words; keyed by their last word, matched backwards.
        self._post: dict[int, list[tuple[int, ...]]] = {}
        for cue in self.post_cues:
            words = tuple(get_string_id(w) for w in cue.lower().split())
            self._post.setdefault(words[-1], []).append(words)
        for options in self._post.values():
            options.sort(key=len, reverse=True)
        self._res_words = frozenset(self._res)  # sets, so that isdisjoint walks the smaller
        self._post_words = frozenset(self._post)

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array([NORM, IS_PUNCT, SENT_START]).tolist()
        norms = [row[0] for row in rows]
        # Each pass acts only at its own cue words: most notes hold none of them, and one
        # set test per pass is cheaper than walking the tokens.
        present = set(norms)
        spans: list[Span] = []
        taken = [False] * len(norms)
        boundary: list[bool] = []
        if not present.isdisjoint(self._res_words) or not present.isdisjoint(self._pre):
            # A boundary ends a scope: punctuation, a sentence start or a clause conjunction.
            boundary = [row[1] == 1 or row[2] == 1 or row[0] in self._stop for row in rows]
        if not present.isdisjoint(self._res_words):
            self._resolution_pre(doc, rows, boundary, taken, spans)
        # Post-cues before negation, so the "not" of "not an issue anymore" is not a pre-cue.
        if not present.isdisjoint(self._post_words):
            self._resolution_post(doc, rows, taken, spans)
        if not present.isdisjoint(self._pre):
            self._negation_pre(doc, norms, boundary, taken, spans)
        if not present.isdisjoint(self._question):
            self._answered_no(doc, rows, taken, spans)
        doc.spans[self.spans_key] = sorted(spans, key=lambda span: span.start)
        return doc

    def _answered_no(
        self, doc: Doc, rows: list[list[int]], taken: list[bool], spans: list[Span]
    ) -> None:
        """ "side effects? none" / "PA problems? not anymore": a question answered no is
        negated, although the answer sits in the next sentence ("samples? none left" is
        not: it asks for more)."""
        norms = [row[0] for row in rows]
        for i, norm in enumerate(norms[:-1]):
            if norm not in self._question or norms[i + 1] not in self._answers:
                continue
            if i + 2 < len(norms) and norms[i + 2] in self._answer_blockers:
                continue
            end = i
            while end > 0 and norms[end - 1] in self._question:
                end -= 1  # "samples??"
            begin = end
            while begin > 0 and rows[begin][2] != 1 and end - begin < self.max_scope:
                begin -= 1
            if rows[begin][1] == 1:
                begin += 1
            if begin < end and not any(taken[begin:end]):
                spans.append(Span(doc, begin, end, label=NEGATED))
                taken[begin:end] = [True] * (end - begin)

    # -- the three kinds of cue ------------------------------------------------------

    def _resolution_pre(
        self,
        doc: Doc,
        rows: list[list[int]],
        boundary: list[bool],
        taken: list[bool],
        spans: list[Span],
    ) -> None:
        norms = [row[0] for row in rows]
        n = len(norms)
        i = 0
        while i < n:
            cue = self._match_forward(norms, i) if norms[i] in self._res else None
            if cue is None or taken[i] or self._blocked(norms, i):
                i += 1
                continue
            after = i + len(cue)
            freestanding = cue in self._freestanding or cue[-1] in self._objects
            if (
                after >= n
                or (not freestanding and norms[after] not in self._objects)
                or norms[after] in self._problem_heads
            ):
                i += 1  # "no longer an issue" is a post-cue: the clause before is resolved
                continue
            if (
                freestanding
                and self._pseudo_at(norms, after - 1)
                and norms[after] not in self._res_exempt
            ):
                taken[i:after] = [True] * (after - i)  # "no longer covered": the complaint
                i = after
                continue
            end = after
            if freestanding and rows[after][1] != 1 and norms[after] in self._stop:
                end += 1  # "no longer asking for data": the verb is the cue's, not a new clause
            while (
                end < n
                and end - after < self.max_scope
                and not (rows[end][1] == 1 or rows[end][2] == 1 or norms[end] in self._res_stop)
            ):
                end += 1
            if end > after:
                spans.append(Span(doc, i, end, label=RESOLVED))
                taken[i:end] = [True] * (end - i)
            i = max(end, i + 1)

    def _resolution_post(
        self, doc: Doc, rows: list[list[int]], taken: list[bool], spans: list[Span]
    ) -> None:
        norms = [row[0] for row in rows]
        for i, norm in enumerate(norms):
            if norm not in self._post or taken[i]:
                continue
            cue = self._match_backward(norms, i)
            if cue is None:
                continue
            start = i - len(cue) + 1
            if self._blocked(norms, start):
                continue
            begin = self._clause_start(rows, start)
            if begin == start and cue in self._backreach:
                begin = self._previous_clause(rows, start)
            if cue[-1:] in self._problem_post and not any(
                norms[j] in self._gone_problems for j in range(begin, start)
            ):
                continue  # "samples all gone": a need, not a resolved problem
            stop = start
            while stop > begin and (rows[stop - 1][1] == 1 or rows[stop - 1][0] in self._stop):
                stop -= 1  # "copay trouble - not anymore": the dash is not resolved
            if begin < stop and not any(taken[begin:stop]):
                spans.append(Span(doc, begin, stop, label=RESOLVED))
            taken[begin : i + 1] = [True] * (i + 1 - begin)

    def _negation_pre(
        self,
        doc: Doc,
        norms: list[int],
        boundary: list[bool],
        taken: list[bool],
        spans: list[Span],
    ) -> None:
        n = len(norms)
        i = 0
        while i < n:
            if (
                norms[i] in self._pre
                and not taken[i]
                and i + 1 < n
                and not self._pseudo_at(norms, i)
            ):
                end = i + 1
                while (
                    end < n and end - i <= self.max_scope and not boundary[end] and not taken[end]
                ):
                    end += 1
                    if norms[end - 1] in self._closers:
                        break  # "doesn't have concerns anymore": what follows is new
                if end > i + 1:
                    spans.append(Span(doc, i + 1, end, label=NEGATED))
                i = end
                continue
            i += 1

    # -- helpers ---------------------------------------------------------------------

    def _pseudo_at(self, norms: list[int], cue: int) -> bool:
        """The cue's next word makes the negation the complaint ("no coverage"), unless a
        problem word follows it ("no coverage issues" is a plain negation again)."""
        if cue + 1 >= len(norms) or norms[cue + 1] not in self._pseudo:
            return False
        return not (cue + 2 < len(norms) and norms[cue + 2] in self._problems)

    def _blocked(self, norms: list[int], start: int) -> bool:
        """A modal, "still" or a negation just before a resolution cue: not resolved yet."""
        return any(norms[j] in self._blockers for j in range(max(0, start - 2), start))

    def _clause_start(self, rows: list[list[int]], start: int) -> int:
        # Walk back over the clause; a sentence-start word is its first word.
        begin = start
        while begin > 0 and start - begin < self.max_scope:
            prev = rows[begin - 1]
            if prev[1] == 1 or prev[0] in self._stop:
                break
            if prev[0] == _THAT and begin > 1 and rows[begin - 2][0] == _NOW:
                break  # "the copay is the problem now that the step is gone"
            begin -= 1
            if prev[2] == 1:
                break
        return begin

    def _previous_clause(self, rows: list[list[int]], start: int) -> int:
        """Start of the clause before a comma or dash (never across a sentence end)."""
        if start == 0 or rows[start][2] == 1:
            return start
        prev = start - 1
        if rows[prev][0] in self._sentence_ends:
            return start
        while prev > 0 and (rows[prev][1] == 1 or rows[prev][0] in self._stop):
            if rows[prev][2] == 1:
                return start
            prev -= 1
        return self._clause_start(rows, prev + 1) if prev < start - 1 else start

    def _match_forward(self, norms: list[int], start: int) -> tuple[int, ...] | None:
        for words in self._res[norms[start]]:
            if tuple(norms[start : start + len(words)]) == words:
                return words
        return None

    def _match_backward(self, norms: list[int], end: int) -> tuple[int, ...] | None:
        for words in self._post[norms[end]]:
            start = end - len(words) + 1
            if start >= 0 and tuple(norms[start : end + 1]) == words:
                return words
        return None

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    # -- serialization ----------------------------------------------------------------

    def _state(self) -> dict[str, object]:
        return {
            "max_scope": self.max_scope,
            "pre_cues": self.pre_cues,
            "post_cues": self.post_cues,
            "pseudo": self.pseudo,
            "terminators": self.terminators,
            "resolution_cues": self.resolution_cues,
            "backreach": self.backreach,
            "blockers": self.blockers,
            "freestanding": self.freestanding,
            "problem_post_cues": self.problem_post_cues,
            "gone_problems": self.gone_problems,
            "scope_closers": self.scope_closers,
            "resolution_exempt": self.resolution_exempt,
            "problem_words": self.problem_words,
        }

    def _load_state(self, state: dict[str, object]) -> None:
        self.max_scope = int(state["max_scope"])  # type: ignore[call-overload]
        self.pre_cues = list(state["pre_cues"])  # type: ignore[call-overload]
        self.post_cues = list(state["post_cues"])  # type: ignore[call-overload]
        self.pseudo = list(state["pseudo"])  # type: ignore[call-overload]
        self.terminators = list(state["terminators"])  # type: ignore[call-overload]
        # Models saved before resolution pre-cues existed have none.
        self.resolution_cues = list(state.get("resolution_cues", []))  # type: ignore[call-overload]
        self.backreach = list(state.get("backreach", []))  # type: ignore[call-overload]
        self.blockers = list(state.get("blockers", []))  # type: ignore[call-overload]
        # Models saved before the list was part of the state used the module's.
        self.freestanding = list(state.get("freestanding", FREESTANDING_RESOLUTION))  # type: ignore[call-overload]
        # Models saved before 2.2 had none of these (and none of the cues they qualify).
        self.problem_post_cues = list(state.get("problem_post_cues", []))  # type: ignore[call-overload]
        self.gone_problems = list(state.get("gone_problems", []))  # type: ignore[call-overload]
        self.scope_closers = list(state.get("scope_closers", []))  # type: ignore[call-overload]
        self.resolution_exempt = list(state.get("resolution_exempt", []))  # type: ignore[call-overload]
        self.problem_words = list(state.get("problem_words", PROBLEM_WORDS_2_1))  # type: ignore[call-overload]
        self._compile()

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(self._state())

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "NegationScoper":
        self._load_state(srsly.msgpack_loads(data))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "negation.json", self._state())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "NegationScoper":
        self._load_state(srsly.read_json(Path(path) / "negation.json"))
        return self


def scope_offsets(doc: Doc, key: str = "negation") -> list[tuple[int, int]]:
    """Character spans of the negated and resolved scopes (what the rules must skip)."""
    return [(span.start_char, span.end_char) for span in doc.spans.get(key, [])]


def in_scopes(position: int, scopes: list[tuple[int, int]]) -> bool:
    """True when a character offset falls inside one of ``scopes``."""
    return any(start <= position < end for start, end in scopes)


@Language.factory(
    "fieldsignal_negation",
    default_config={"spans_key": "negation", "max_scope": 8},
    assigns=["doc.spans"],
    requires=["doc.sents"],
)
def make_negation(nlp: Language, name: str, spans_key: str, max_scope: int) -> NegationScoper:
    return NegationScoper(name, spans_key=spans_key, max_scope=max_scope)
