"""Rewrite token norms into the vocabulary the theme classifier reads.

The classifier never sees a brand name: catalog mentions become ``ownbrand``,
``rivalbrand``, ``assetcurrent``/``assetstale``/``contentasset``, so a model trained on
one catalog works on any other. Words inside a negated clause become ``neg_<word>`` and
inside a resolved clause ``res_<word>``; patient identifiers become ``pii_<type>``;
rep shorthand maps to one spelling ("w/" -> "with", "SE" -> "side_effect"); "PA" reads
as a physician assistant before a name or a speech verb and as prior authorization
otherwise. With ``use_lemmas`` every other word is replaced by its lowercased lemma.
"""

from collections.abc import Iterable
from pathlib import Path

import numpy
import srsly
from spacy.attrs import LEMMA, LOWER, NORM, ORTH
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc
from spacy.vocab import Vocab

from nlp.lexicon import CONCEPTS

SHORTHAND = {
    "w/": "with", "w": "with", "w/o": "without", "b/c": "because", "bc": "because",
    "pt": "patient", "pts": "patients", "pt's": "patient", "ppl": "people",
    "se": "side_effect", "ses": "side_effects", "s/e": "side_effect", "ae": "adverse_event",
    "aes": "adverse_events", "rx": "prescription", "rxs": "prescriptions", "rx'd": "prescribed",
    "f/u": "follow_up", "fu": "follow_up", "wk": "week", "wks": "weeks", "mo": "month",
    "mos": "months", "yr": "year", "yrs": "years", "oop": "out_of_pocket", "ins": "insurance",
    "pbm": "payer", "dr": "doctor", "dr.": "doctor", "doc": "doctor", "docs": "doctors",
    "np": "nurse_practitioner", "ma": "medical_assistant", "appt": "appointment",
    "info": "information", "pls": "please", "thx": "thanks", "tmrw": "tomorrow",
    "mtg": "meeting", "hosp": "hospital", "er": "emergency_room", "ed": "emergency_room",
    "inj": "injection", "approx": "about", "~": "about", "bid": "twice_daily",
    "qd": "once_daily", "tid": "three_times_daily", "prn": "as_needed", "sz": "seizure",
    "hx": "history", "dx": "diagnosis", "tx": "treatment", "sx": "symptoms", "yo": "years_old",
    "y/o": "years_old", "peds": "pediatric", "ped": "pediatric", "msl": "medical_liaison",
}  # fmt: skip
PA_SPEECH = {
    "said", "says", "asked", "asks", "mentioned", "told", "wants", "wanted", "thinks",
    "prefers", "likes", "loves", "reported", "requested", "called", "emailed", "noted",
    "complained", "is", "was", "who", "has", "had", "will", "would", "at", "from", "in",
}  # fmt: skip
PLACEHOLDER_PII = "pii_"


class Normalizer:
    """Set ``token.norm_`` for placeholders, negation marks, PII and shorthand."""

    def __init__(
        self,
        vocab: Vocab,
        name: str = "fieldsignal_normalizer",
        *,
        catalog_key: str = "catalog",
        negation_key: str = "negation",
        pii_key: str = "pii",
        use_lemmas: bool = False,
        use_concepts: bool = True,
    ) -> None:
        self.vocab = vocab
        self.name = name
        self.catalog_key = catalog_key
        self.negation_key = negation_key
        self.pii_key = pii_key
        self.use_lemmas = use_lemmas
        self.use_concepts = use_concepts
        add = vocab.strings.add
        # Norms are hashes; every replacement string is interned once, up front.
        self._concepts = {get_string_id(k): add(v) for k, v in CONCEPTS.items()}
        self._shorthand = {get_string_id(k): add(v) for k, v in SHORTHAND.items()}
        self._pa = get_string_id("pa")
        self._pa_reads = (add("physician_assistant"), add("prior_authorization"))
        self._prefixed: dict[tuple[str, int], int] = {}

    def __call__(self, doc: Doc) -> Doc:
        if not len(doc):
            return doc
        rows = doc.to_array([LOWER, NORM, LEMMA, ORTH])
        lower, norm, lemma, orth = rows[:, 0], rows[:, 1], rows[:, 2], rows[:, 3]
        if self.use_lemmas:
            # Keep tokenizer norms ("n't" -> "not"); elsewhere the lemma, lowercased words as is.
            lemma_or_lower = numpy.where((lemma != orth) & (lemma != 0), lemma, lower)
            base = numpy.where(norm != lower, norm, lemma_or_lower)
        else:
            base = norm.copy()
        concepts = self._concepts if self.use_concepts else {}
        shorthand = self._shorthand
        for i, (low, lem) in enumerate(zip(lower.tolist(), lemma.tolist(), strict=True)):
            if low in shorthand:
                base[i] = shorthand[low]
            elif low == self._pa:
                base[i] = self._pa_reads[0] if self._is_person_pa(doc, i) else self._pa_reads[1]
            elif low in concepts:
                base[i] = concepts[low]
            elif lem in concepts:
                base[i] = concepts[lem]
        spans = doc.spans
        add = self.vocab.strings.add
        if self.pii_key in spans:
            for span in spans[self.pii_key]:
                base[span.start : span.end] = add(PLACEHOLDER_PII + span.label_.lower())
        if self.catalog_key in spans:
            for span in spans[self.catalog_key]:
                base[span.start : span.end] = span.id
        if self.negation_key in spans:
            for span in spans[self.negation_key]:
                prefix = "neg_" if span.label_ == "negated" else "res_"
                for i in range(span.start, span.end):
                    base[i] = self._prefix(prefix, int(base[i]))
        doc.from_array([NORM], base)  # type: ignore[arg-type]
        return doc

    def _prefix(self, prefix: str, norm: int) -> int:
        key = (prefix, norm)
        found = self._prefixed.get(key)
        if found is None:
            found = self.vocab.strings.add(prefix + self.vocab.strings[norm])
            self._prefixed[key] = found
        return found

    @staticmethod
    def _is_person_pa(doc: Doc, i: int) -> bool:
        """ "PA Jenny Moss", "the PA said", "PA-C": a physician assistant, not prior auth."""
        if i + 1 < len(doc):
            nxt = doc[i + 1]
            return bool(
                (nxt.is_title and not nxt.is_sent_start)
                or nxt.lower_ in PA_SPEECH
                or nxt.text == "-C"
            )
        return False

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    # -- serialization ----------------------------------------------------------------

    def _state(self) -> dict[str, object]:
        return {"use_lemmas": self.use_lemmas, "use_concepts": self.use_concepts}

    def _load_state(self, state: dict[str, object]) -> None:
        self.use_lemmas = bool(state["use_lemmas"])
        self.use_concepts = bool(state.get("use_concepts", True))

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(self._state())

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "Normalizer":
        self._load_state(srsly.msgpack_loads(data))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "normalizer.json", self._state())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "Normalizer":
        self._load_state(srsly.read_json(Path(path) / "normalizer.json"))
        return self


@Language.factory(
    "fieldsignal_normalizer",
    default_config={
        "catalog_key": "catalog",
        "negation_key": "negation",
        "pii_key": "pii",
        "use_lemmas": False,
        "use_concepts": True,
    },
    assigns=["token.norm"],
)
def make_normalizer(
    nlp: Language,
    name: str,
    catalog_key: str,
    negation_key: str,
    pii_key: str,
    use_lemmas: bool,
    use_concepts: bool,
) -> Normalizer:
    return Normalizer(
        nlp.vocab,
        name,
        catalog_key=catalog_key,
        negation_key=negation_key,
        pii_key=pii_key,
        use_lemmas=use_lemmas,
        use_concepts=use_concepts,
    )
