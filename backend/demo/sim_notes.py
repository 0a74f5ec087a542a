"""Visit notes for the simulated reps, drawn from a corpus written for the demo.

``notes/corpus.jsonl`` holds several hundred visit notes, each written individually the way
reps type (see ``notes/README.md``); it is never trained on, so the living demo shows what the
model really does with notes it has not seen. A rep's deck deals them in random order; a rep
only gets notes about the products of their territory, and a storyline can ask for notes about
one product with one theme (the deck re-shuffles when it runs out).
"""

import json
import random
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import Any

CORPUS_FILE = Path(__file__).parent / "notes" / "corpus.jsonl"
CHANNELS = ["in_person"] * 6 + ["remote", "phone", "email"]


@dataclass(frozen=True)
class CorpusNote:
    """One written note: product and asset names as in the demo catalog, labels a reader expects."""

    id: str
    text: str
    products: tuple[str, ...]
    content_codes: tuple[str, ...]
    expected_labels: tuple[str, ...]
    channel: str | None = None


def _parse(line: str, where: str) -> CorpusNote:
    raw = json.loads(line)
    try:
        return CorpusNote(
            id=str(raw["id"]),
            text=str(raw["text"]),
            products=tuple(raw.get("products") or ()),
            content_codes=tuple(raw.get("content_codes") or ()),
            expected_labels=tuple(raw.get("expected_labels") or ()),
            channel=raw.get("channel") or None,
        )
    except KeyError as exc:
        raise ValueError(f"{where}: note without {exc}") from exc


@lru_cache(maxsize=4)
def load_corpus(path: Path = CORPUS_FILE) -> tuple[CorpusNote, ...]:
    """The corpus, in file order (read once per path)."""
    notes = []
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                notes.append(_parse(line, f"{path.name}:{number}"))
    return tuple(notes)


@dataclass
class Catalog:
    """The reference data a rep's device pulled: products by name and content pieces by code."""

    own: list[dict[str, Any]]
    by_name: dict[str, dict[str, Any]] = field(default_factory=dict)
    assets: dict[str, dict[str, Any]] = field(default_factory=dict)

    @classmethod
    def from_device(cls, products: list[dict[str, Any]], assets: list[dict[str, Any]]) -> "Catalog":
        return cls(
            own=[p for p in products if p.get("company") == "own"],
            by_name={str(p.get("name")): p for p in products},
            assets={str(a.get("code")): a for a in assets},
        )

    def own_names(self) -> set[str]:
        return {str(p.get("name")) for p in self.own}


@dataclass
class DraftNote:
    note: str
    themes: list[str]  # the labels the note's writer expects (what an honest tagger finds)
    products: list[str]  # product ids as pulled
    content_shown: list[dict[str, Any]]
    channel: str
    corpus_id: str = ""


@dataclass
class NoteDeck:
    """A rep's shuffled copy of the corpus; notes come off the top, matching what is asked."""

    rng: random.Random
    notes: tuple[CorpusNote, ...] = field(default_factory=load_corpus)
    _pending: list[CorpusNote] = field(default_factory=list, init=False)

    def _refill(self) -> None:
        fresh = list(self.notes)
        self.rng.shuffle(fresh)
        self._pending.extend(fresh)

    def draw(
        self,
        catalog: Catalog,
        *,
        territory_products: set[str] | None = None,
        product: str | None = None,
        theme: str | None = None,
    ) -> CorpusNote:
        """The next note whose products the rep's device knows and whose own products are in
        ``territory_products`` (when given); ``product``/``theme`` narrow it (a storyline)."""
        own = catalog.own_names()

        def fits(note: CorpusNote, *, strict: bool) -> bool:
            if any(name not in catalog.by_name for name in note.products):
                return False
            mine = {name for name in note.products if name in own}
            if territory_products is not None and not mine <= territory_products:
                return False
            if strict and product is not None and product not in note.products:
                return False
            return not (strict and theme is not None and theme not in note.expected_labels)

        for strict in (True, False):
            if not any(fits(n, strict=strict) for n in self.notes):
                continue  # nothing in the corpus fits: ask for less
            if not any(fits(n, strict=strict) for n in self._pending):
                self._refill()
            for index, note in enumerate(self._pending):
                if fits(note, strict=strict):
                    return self._pending.pop(index)
        if not self._pending:
            self._refill()
        return self._pending.pop(0)


def draft_from(note: CorpusNote, catalog: Catalog, rng: random.Random) -> DraftNote:
    """A corpus note as a device would capture it: names become the pulled ids."""
    products = [str(catalog.by_name[n]["id"]) for n in note.products if n in catalog.by_name]
    shown = [
        {"asset": code, "version": str(catalog.assets[code].get("version", ""))}
        for code in note.content_codes
        if code in catalog.assets
    ]
    return DraftNote(
        note=note.text,
        themes=list(note.expected_labels),
        products=products,
        content_shown=shown,
        channel=note.channel or rng.choice(CHANNELS),
        corpus_id=note.id,
    )
