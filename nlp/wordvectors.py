"""Pretrained static word-piece vectors for the classifier, taken from the ``wordllama`` wheel.

wordllama ships a 32,000 x 256 embedding table (Llama-2 word pieces, trained so that the
mean of a text's piece vectors embeds the text) inside its wheel. Training reads the table
and the piece vocabulary straight from the installed package's files (no wordllama code
runs, nothing is downloaded) and stores both in the model, so a saved model needs neither
the package nor the network. ``$FIELDSIGNAL_WORDLLAMA_DIR`` points at an unpacked package
directory instead.

A word is split into pieces greedily, longest known piece first, the first piece carrying
the word-start mark; its vector is the mean of its pieces'.
"""

import importlib.util
import json
import os
import struct
from pathlib import Path

import numpy

WEIGHTS = "weights/l2_supercat_256.safetensors"
TOKENIZER = "tokenizers/l2_supercat_tokenizer_config.json"
WORD_START = "\u2581"
ENV_VAR = "FIELDSIGNAL_WORDLLAMA_DIR"


class VectorsUnavailableError(RuntimeError):
    """The wordllama package (the source of the vectors) is not installed."""

    code = "nlp.vectors_missing"


def package_dir() -> Path:
    """Where wordllama's files are: $FIELDSIGNAL_WORDLLAMA_DIR or the installed package."""
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR])
    spec = importlib.util.find_spec("wordllama")  # locates the files without importing it
    if spec is None or not spec.submodule_search_locations:
        raise VectorsUnavailableError("wordllama is not installed (pip install wordllama)")
    return Path(next(iter(spec.submodule_search_locations)))


def load_table(root: Path | None = None) -> tuple[list[str], numpy.ndarray]:
    """The piece vocabulary (in row order) and the float16 embedding table."""
    root = root or package_dir()
    with (root / WEIGHTS).open("rb") as fh:
        (size,) = struct.unpack("<Q", fh.read(8))
        header = json.loads(fh.read(size))
        entry = header["embedding.weight"]
        start, end = entry["data_offsets"]
        fh.seek(8 + size + start)
        raw = fh.read(end - start)
    table = numpy.frombuffer(raw, dtype="<f2").reshape(entry["shape"]).astype("float16")
    vocab: dict[str, int] = json.loads((root / TOKENIZER).read_text(encoding="utf-8"))["model"][
        "vocab"
    ]
    pieces = [""] * len(vocab)
    for piece, row in vocab.items():
        pieces[row] = piece
    return pieces, table


class PieceIndex:
    """Word -> rows of its pieces, greedy longest match, cached per word."""

    def __init__(self, pieces: list[str], max_piece: int = 16) -> None:
        self.rows = {piece: row for row, piece in enumerate(pieces) if piece}
        self.max_piece = max_piece
        self._cache: dict[str, tuple[int, ...]] = {}
        self.tokens = TokenTable()
        self.table32: numpy.ndarray | None = None  # the piece table in float32, made once

    def word_rows(self, word: str) -> tuple[int, ...]:
        found = self._cache.get(word)
        if found is None:
            found = self._cache[word] = self._split(word)
        return found

    def _split(self, word: str) -> tuple[int, ...]:
        text = WORD_START + word
        rows: list[int] = []
        i = 0
        while i < len(text):
            for j in range(min(len(text), i + self.max_piece), i, -1):
                row = self.rows.get(text[i:j])
                if row is not None:
                    rows.append(row)
                    i = j
                    break
            else:
                i += 1  # a character with no piece (the byte fallback is not worth it)
        return tuple(rows)


class TokenTable:
    """One float32 row per token kind seen so far: the sum of its word's piece vectors.

    Row 0 is the zero vector (placeholders, punctuation, words with no piece). ``scoped``
    says whether the kind sits inside a negation or resolution scope. Summing a note's
    token rows equals summing its words' piece rows, with one gathered row per token.
    """

    def __init__(self) -> None:
        self.row_of: dict[int, int] = {}  # token kind key -> row
        self.vectors = numpy.zeros((1, 0), dtype="f")
        self.scoped = numpy.zeros(1, dtype=bool)
        self.size = 1

    def add(self, vector: numpy.ndarray, scoped: bool) -> int:
        if self.vectors.shape[1] != vector.shape[0]:
            self.vectors = numpy.zeros((1024, vector.shape[0]), dtype="f")
            self.scoped = numpy.zeros(1024, dtype=bool)
        if self.size == self.vectors.shape[0]:  # grow by doubling: few resizes per process
            self.vectors = numpy.concatenate([self.vectors, numpy.zeros_like(self.vectors)])
            self.scoped = numpy.concatenate([self.scoped, numpy.zeros_like(self.scoped)])
        row = self.size
        self.vectors[row] = vector
        self.scoped[row] = scoped
        self.size += 1
        return row
