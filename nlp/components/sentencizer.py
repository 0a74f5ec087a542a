"""Sentence splitting for rep notes: ". ! ?" as usual, plus line breaks and bullets.

Notes are often lists ("- pt on X\n- wants samples"); spaCy's ``sentencizer`` keeps those
lines together, which smears negation scopes and evidence across topics. This one ends
a sentence after . ! ? … (and any closing quotes or brackets after them) and at every
line break, and it works on token arrays rather than Token objects.
"""

from collections.abc import Iterable
from pathlib import Path

import numpy
import srsly
from spacy.attrs import IS_SPACE, ORTH, SENT_START
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

DEFAULT_ENDS = [".", "!", "?", "…", "!!", "??", "?!", "!?", "...", "....", "•"]
CLOSERS = [")", "]", '"', "'", "”", "’", "»"]


class NoteSentencizer:
    def __init__(
        self, vocab: Vocab, name: str = "fieldsignal_sentencizer", *, ends: list[str] | None = None
    ) -> None:
        self.vocab = vocab
        self.name = name
        self.ends = list(ends if ends is not None else DEFAULT_ENDS)
        self._compile()

    def _compile(self) -> None:
        self._ends = frozenset(get_string_id(p) for p in self.ends)
        self._closers = frozenset(get_string_id(p) for p in CLOSERS)
        self._newline: dict[int, bool] = {}

    def __call__(self, doc: Doc) -> Doc:
        n = len(doc)
        if not n:
            return doc
        starts = numpy.full(n, -1, dtype="int64")
        starts[0] = 1
        pending = False
        ends, closers, newline = self._ends, self._closers, self._newline
        for i, (orth, space) in enumerate(doc.to_array([ORTH, IS_SPACE]).tolist()):
            if pending and not space and orth not in closers and orth not in ends:
                starts[i] = 1
                pending = False
            if orth in ends:
                pending = True
            elif space:
                has_newline = newline.get(orth)
                if has_newline is None:
                    has_newline = newline[orth] = "\n" in self.vocab.strings[orth]
                pending = pending or has_newline
        doc.from_array([SENT_START], starts.astype("uint64"))  # type: ignore[arg-type]
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"ends": self.ends})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "NoteSentencizer":
        self.ends = list(srsly.msgpack_loads(data)["ends"])
        self._compile()
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "sentencizer.json", {"ends": self.ends})

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "NoteSentencizer":
        self.ends = list(srsly.read_json(Path(path) / "sentencizer.json")["ends"])
        self._compile()
        return self


@Language.factory(
    "fieldsignal_sentencizer", default_config={"ends": None}, assigns=["token.is_sent_start"]
)
def make_sentencizer(nlp: Language, name: str, ends: list[str] | None) -> NoteSentencizer:
    return NoteSentencizer(nlp.vocab, name, ends=ends)
