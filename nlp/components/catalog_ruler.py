"""Catalog ruler: finds own products, competitors and content assets named in a note.

Products match by name or alias, case-insensitively, and also with one typing slip
(deletion, insertion, substitution or swap) in names of six letters or more. Content
assets match by code (``HTV-214-v3``), by code stem (``HTV-214``) and by title, with or
without the product name in front. Each match is a span in ``doc.spans["catalog"]``:
``label_`` is the kind, ``kb_id_`` the product name or asset code, and ``id_`` the
placeholder the normalizer shows the classifier instead of the brand name.
"""

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import srsly
from spacy.attrs import LOWER, ORTH
from spacy.language import Language
from spacy.matcher import PhraseMatcher
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span
from spacy.util import filter_spans
from spacy.vocab import Vocab

from nlp.catalog import Catalog

OWN_PRODUCT = "own_product"
COMPETITOR = "competitor"
CONTENT_ASSET = "content_asset"
PLACEHOLDERS = {
    OWN_PRODUCT: "ownbrand",
    COMPETITOR: "rivalbrand",
    "asset_current": "assetcurrent",
    "asset_stale": "assetstale",
    "asset_unknown": "contentasset",
}
_LETTERS = "abcdefghijklmnopqrstuvwxyz"
_VERSION_SUFFIX = re.compile(r"[-_ ]?v\d+$", re.I)


@dataclass(frozen=True)
class Entry:
    kind: str
    ref: str
    placeholder: str


def typo_variants(word: str) -> set[str]:
    """All strings one deletion, swap, substitution or insertion away from ``word``."""
    splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
    deletes = {a + b[1:] for a, b in splits if b}
    swaps = {a + b[1] + b[0] + b[2:] for a, b in splits if len(b) > 1}
    subs = {a + c + b[1:] for a, b in splits if b for c in _LETTERS}
    inserts = {a + c + b for a, b in splits for c in _LETTERS}
    return (deletes | swaps | subs | inserts) - {word}


def _asset_entry(assets: list[Any], ref_hint: str | None = None) -> Entry:
    stale = {asset.is_stale for asset in assets}
    if stale == {True}:
        placeholder = PLACEHOLDERS["asset_stale"]
    elif stale == {False}:
        placeholder = PLACEHOLDERS["asset_current"]
    else:
        placeholder = PLACEHOLDERS["asset_unknown"]
    current = [asset for asset in assets if not asset.is_stale]
    ref = ref_hint or (current or assets)[-1].code
    return Entry(CONTENT_ASSET, ref, placeholder)


class CatalogRuler:
    """Match catalog products and content assets; the catalog is swapped at run time."""

    def __init__(
        self,
        vocab: Vocab,
        make_doc: Callable[[str], Doc],
        name: str = "fieldsignal_catalog_ruler",
        *,
        spans_key: str = "catalog",
        fuzzy: bool = True,
        min_fuzzy_length: int = 6,
    ) -> None:
        self.vocab = vocab
        self.name = name
        self.make_doc = make_doc
        self.spans_key = spans_key
        self.fuzzy = fuzzy
        self.min_fuzzy_length = min_fuzzy_length
        self.catalog = Catalog()
        self._build()

    # -- patterns ---------------------------------------------------------------------

    def set_catalog(self, catalog: Catalog | dict[str, Any] | None) -> None:
        """Replace the catalog and rebuild every pattern."""
        self.catalog = catalog if isinstance(catalog, Catalog) else Catalog.from_dict(catalog)
        self._build()

    def _patterns(self) -> dict[str, Entry]:
        patterns: dict[str, Entry] = {}
        for product in self.catalog.products:
            kind = OWN_PRODUCT if product.is_own else COMPETITOR
            entry = Entry(kind, product.name, PLACEHOLDERS[kind])
            for term in (product.name, *product.aliases):
                patterns.setdefault(term.strip(), entry)
        by_text: dict[str, list[Any]] = {}
        for asset in self.catalog.content_assets:
            patterns[asset.code] = _asset_entry([asset], asset.code)
            stem = _VERSION_SUFFIX.sub("", asset.code)
            if stem != asset.code:
                by_text.setdefault(stem.lower(), []).append(asset)
            by_text.setdefault(asset.title.lower(), []).append(asset)
            prefix = asset.product.lower()
            if prefix and asset.title.lower().startswith(prefix + " "):
                short = asset.title[len(prefix) + 1 :].strip()
                if len(short.split()) >= 2:
                    by_text.setdefault(short.lower(), []).append(asset)
        for text, assets in by_text.items():
            if text and text not in {p.lower() for p in patterns}:
                patterns[text] = _asset_entry(assets)
        return patterns

    def _build(self) -> None:
        # Single-token terms are looked up by hash in one pass over the token array,
        # which is much cheaper than a matcher per note; longer terms go to a PhraseMatcher.
        self._by_lower: dict[int, Entry] = {}
        self._by_orth: dict[int, Entry] = {}
        self._multi: dict[int, Entry] = {}
        self.matcher = PhraseMatcher(self.vocab, attr="LOWER")
        fuzzy_words: dict[str, Entry] = {}
        for text, entry in self._patterns().items():
            if not text:
                continue
            pattern = self.make_doc(text)
            if len(pattern) == 1:
                word = pattern[0].text
                if len(word) <= 3 and entry.kind != CONTENT_ASSET:
                    # Two- and three-letter codes ("ORV") collide with ordinary words
                    # when lowercased, so they match only as typed or in capitals.
                    for form in {word, word.upper()}:
                        self._by_orth[get_string_id(form)] = entry
                    continue
                self._by_lower[get_string_id(word.lower())] = entry
                fuzzy = self.fuzzy and entry.kind != CONTENT_ASSET and word.isalpha()
                if fuzzy and len(word) >= self.min_fuzzy_length:
                    fuzzy_words[word.lower()] = entry
            else:
                key = f"fieldsignal_catalog::{text.lower()}"
                self._multi[self.vocab.strings.add(key)] = entry
                self.matcher.add(key, [pattern])
        for word, entry in fuzzy_words.items():
            for variant in typo_variants(word):
                self._by_lower.setdefault(get_string_id(variant), entry)

    # -- matching ---------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        spans: list[Span] = []
        if self._by_lower or self._by_orth:
            by_lower, by_orth = self._by_lower, self._by_orth
            for i, (lower, orth) in enumerate(doc.to_array([LOWER, ORTH]).tolist()):
                entry = by_lower.get(lower) or by_orth.get(orth)
                if entry is not None:
                    spans.append(self._span(doc, i, i + 1, entry))
        if self._multi:
            for key, start, end in self.matcher(doc):
                spans.append(self._span(doc, start, end, self._multi[key]))
            spans = filter_spans(spans)
        doc.spans[self.spans_key] = spans
        return doc

    @staticmethod
    def _span(doc: Doc, start: int, end: int, entry: Entry) -> Span:
        return Span(doc, start, end, label=entry.kind, kb_id=entry.ref, span_id=entry.placeholder)

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    # -- serialization ----------------------------------------------------------------

    def _state(self) -> dict[str, Any]:
        return {
            "catalog": self.catalog.to_dict(),
            "fuzzy": self.fuzzy,
            "min_fuzzy_length": self.min_fuzzy_length,
        }

    def _load_state(self, state: dict[str, Any]) -> None:
        self.fuzzy = bool(state.get("fuzzy", self.fuzzy))
        self.min_fuzzy_length = int(state.get("min_fuzzy_length", self.min_fuzzy_length))
        self.set_catalog(state.get("catalog"))

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(self._state())

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "CatalogRuler":
        self._load_state(srsly.msgpack_loads(data))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "catalog_ruler.json", self._state())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "CatalogRuler":
        self._load_state(srsly.read_json(Path(path) / "catalog_ruler.json"))
        return self


@Language.factory(
    "fieldsignal_catalog_ruler",
    default_config={"spans_key": "catalog", "fuzzy": True, "min_fuzzy_length": 6},
    assigns=["doc.spans"],
)
def make_catalog_ruler(
    nlp: Language, name: str, spans_key: str, fuzzy: bool, min_fuzzy_length: int
) -> CatalogRuler:
    return CatalogRuler(
        nlp.vocab,
        nlp.make_doc,
        name,
        spans_key=spans_key,
        fuzzy=fuzzy,
        min_fuzzy_length=min_fuzzy_length,
    )
