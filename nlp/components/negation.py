"""Negation and resolution scoping (NegEx-style, tuned for rep shorthand).

A pre-cue ("no", "not", "n't", "never", "without", "w/o") negates the tokens that follow
it up to a clause boundary; a post-cue ("resolved", "went away", "sorted out") marks the
clause before it as resolved. Scopes go to ``doc.spans["negation"]`` labelled
``negated`` or ``resolved``; the normalizer rewrites the words inside so the classifier
sees "no pushback on price" differently from "pushback on price".

Some negations *are* the complaint ("not covered", "doesn't work", "not happy w/ the
hub"): when the word right after the cue is one of those predicates the cue is ignored,
so the theme words after it keep their plain form.
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
DEFAULT_POST_CUES = [
    "resolved",
    "resolving",
    "got fixed",
    "was fixed",
    "is fixed",
    "been fixed",
    "sorted out",
    "cleared",
    "settled",
    "went away",
    "gone away",
    "taken care of",
    "worked out",
    "no longer an issue",
    "not an issue anymore",
    "not a problem anymore",
]
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
    "reply", "callback", "answer", "luck", "one", "way", "access", "time", "longer",
    "getting", "seeing", "see", "seen", "moving", "budging", "budge", "buying",
    "stocked", "available", "received", "get", "receiving", "enrolled", "reached",
]  # fmt: skip
PROBLEM_WORDS = [
    "issue", "issues", "problem", "problems", "concern", "concerns", "complaint", "complaints",
    "trouble", "troubles", "hiccups", "pushback", "objections", "delays", "denials",
]  # fmt: skip
DEFAULT_TERMINATORS = [
    "but", "however", "though", "although", "except", "yet", "so", "because", "bc", "b/c",
    "since", "which", "who", "and", "also", "then", "plus", "while", "whereas", "unless",
    "+", "&", "-", "--", "/", "wants", "asked", "asking", "said", "says",
]  # fmt: skip


def _hashes(words: Iterable[str]) -> frozenset[int]:
    return frozenset(get_string_id(word.lower()) for word in words)


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
    ) -> None:
        self.name = name
        self.spans_key = spans_key
        self.max_scope = max_scope
        self.pre_cues = list(pre_cues if pre_cues is not None else DEFAULT_PRE_CUES)
        self.post_cues = list(post_cues if post_cues is not None else DEFAULT_POST_CUES)
        self.pseudo = list(pseudo if pseudo is not None else DEFAULT_PSEUDO)
        self.terminators = list(terminators if terminators is not None else DEFAULT_TERMINATORS)
        self._compile()

    def _compile(self) -> None:
        self._pre = _hashes(self.pre_cues)
        self._pseudo = _hashes(self.pseudo)
        self._stop = _hashes(self.terminators)
        self._problems = _hashes(PROBLEM_WORDS)
        # Post-cues may be several words; keyed by their last word, matched backwards.
        self._post: dict[int, list[tuple[int, ...]]] = {}
        for cue in self.post_cues:
            words = tuple(get_string_id(w) for w in cue.lower().split())
            self._post.setdefault(words[-1], []).append(words)

    def __call__(self, doc: Doc) -> Doc:
        rows = doc.to_array([NORM, IS_PUNCT, SENT_START]).tolist()
        norms = [row[0] for row in rows]
        # A boundary ends a scope: punctuation, a sentence start or a clause conjunction.
        boundary = [row[1] == 1 or row[2] == 1 or row[0] in self._stop for row in rows]
        spans: list[Span] = []
        # Resolution first, so the "not" of "not an issue anymore" is not read as a pre-cue.
        taken = [False] * len(norms)
        for i, norm in enumerate(norms):
            if norm in self._post:
                start = self._post_cue_start(norms, i)
                if start is not None:
                    begin = self._clause_start(rows, start)
                    taken[begin : i + 1] = [True] * (i + 1 - begin)
                    if begin < start:
                        spans.append(Span(doc, begin, start, label=RESOLVED))
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
                if end > i + 1:
                    spans.append(Span(doc, i + 1, end, label=NEGATED))
                i = end
                continue
            i += 1
        doc.spans[self.spans_key] = sorted(spans, key=lambda span: span.start)
        return doc

    def _pseudo_at(self, norms: list[int], cue: int) -> bool:
        """The cue's next word makes the negation the complaint ("no coverage"), unless a
        problem word follows it ("no coverage issues" is a plain negation again)."""
        if norms[cue + 1] not in self._pseudo:
            return False
        return not (cue + 2 < len(norms) and norms[cue + 2] in self._problems)

    def _clause_start(self, rows: list[list[int]], start: int) -> int:
        # Walk back over the clause; a sentence-start word is its first word.
        begin = start
        while begin > 0 and start - begin < self.max_scope:
            prev = rows[begin - 1]
            if prev[1] == 1 or prev[0] in self._stop:
                break
            begin -= 1
            if prev[2] == 1:
                break
        return begin

    def _post_cue_start(self, norms: list[int], end: int) -> int | None:
        for words in self._post[norms[end]]:
            start = end - len(words) + 1
            if start >= 0 and tuple(norms[start : end + 1]) == words:
                return start
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
        }

    def _load_state(self, state: dict[str, object]) -> None:
        self.max_scope = int(state["max_scope"])  # type: ignore[call-overload]
        self.pre_cues = list(state["pre_cues"])  # type: ignore[call-overload]
        self.post_cues = list(state["post_cues"])  # type: ignore[call-overload]
        self.pseudo = list(state["pseudo"])  # type: ignore[call-overload]
        self.terminators = list(state["terminators"])  # type: ignore[call-overload]
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


@Language.factory(
    "fieldsignal_negation",
    default_config={"spans_key": "negation", "max_scope": 8},
    assigns=["doc.spans"],
    requires=["doc.sents"],
)
def make_negation(nlp: Language, name: str, spans_key: str, max_scope: int) -> NegationScoper:
    return NegationScoper(name, spans_key=spans_key, max_scope=max_scope)
