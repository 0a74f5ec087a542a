"""spaCy's lookup lemmatizer, reading the same ``lemma_lookup`` table, minus the per-token cost.

The stock ``lemmatizer`` builds a Token object and a string per word; this one maps
ORTH hashes to LEMMA hashes through a cache and writes them with one ``from_array``,
which is what lets the whole tagger keep pace with the tokenizer. Tables come from
spacy-lookups-data at ``initialize`` and are saved with the pipeline, as for the stock one.
"""

from collections.abc import Callable, Iterable
from typing import Any

import numpy
from spacy.attrs import LEMMA, ORTH
from spacy.errors import Errors
from spacy.language import Language
from spacy.lookups import Lookups
from spacy.pipeline import Lemmatizer
from spacy.tokens import Doc
from spacy.training import Example


class FastLookupLemmatizer(Lemmatizer):
    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._cache: dict[int, int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if self.mode != "lookup":
            return super().__call__(doc)
        if not self._validated:
            self._validate_tables(Errors.E1004)
        cache = self._cache
        strings = self.vocab.strings
        table = None
        lemmas = []
        for orth in doc.to_array([ORTH]).tolist():
            lemma = cache.get(orth)
            if lemma is None:
                if table is None:
                    table = self.lookups.get_table("lemma_lookup", {})
                text = strings[orth]
                found = table.get(text, text)
                lemma = strings.add(found[0] if isinstance(found, list) else found)
                cache[orth] = lemma
            lemmas.append(lemma)
        if lemmas:
            doc.from_array([LEMMA], numpy.asarray(lemmas, dtype="uint64"))  # type: ignore[arg-type]
        return doc

    def initialize(
        self,
        get_examples: Callable[[], Iterable[Example]] | None = None,
        *,
        nlp: Language | None = None,
        lookups: Lookups | None = None,
    ) -> None:
        self._cache = {}
        super().initialize(get_examples, nlp=nlp, lookups=lookups)

    def from_disk(self, *args: Any, **kwargs: Any) -> "FastLookupLemmatizer":
        self._cache = {}
        return super().from_disk(*args, **kwargs)  # type: ignore[return-value]

    def from_bytes(self, *args: Any, **kwargs: Any) -> "FastLookupLemmatizer":
        self._cache = {}
        return super().from_bytes(*args, **kwargs)  # type: ignore[return-value]


@Language.factory(
    "fieldsignal_lemmatizer",
    assigns=["token.lemma"],
    default_config={"mode": "lookup", "overwrite": True},
)
def make_fast_lemmatizer(nlp: Language, name: str, mode: str, overwrite: bool) -> Lemmatizer:
    return FastLookupLemmatizer(nlp.vocab, None, name, mode=mode, overwrite=overwrite)
