"""Patient-identifier detection and redaction as a spaCy component.

``fieldsignal_pii`` sets ``doc.spans["pii"]``: spans labelled PATIENT_NAME, DOB, PHONE,
EMAIL, MRN or ADDRESS. HCP and office-staff names, practice phone numbers and e-mails are
not patient identifiers and are left alone. Works on ``spacy.blank("en")``; a sentencizer
before it is optional (the component finds its own clause boundaries).

Everything that decides redaction (word lists, name lexicons, patterns) is part of the
component's state and goes through ``to_disk``/``from_disk``: a saved model redacts the
same way whatever the package's data files or Python say later.

    nlp = spacy.blank("en")
    nlp.add_pipe("fieldsignal_pii")
    doc = nlp("pt Rosa Delgado dob 4/11/58 cell 555-201-3344")
    redact(doc.text, pii_spans(doc))  # "pt [PATIENT_NAME] dob [DOB] cell [PHONE]"
"""

# No ``from __future__ import annotations``: spaCy reads the factory's signature.
from collections.abc import Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc, SpanGroup

from nlp.pii.context import PATIENT, PRACTICE
from nlp.pii.detect import PII_TYPES, PiiDetector
from nlp.pii.errors import PiiUnavailableError
from nlp.pii.rules import PiiRules

__all__ = ["PII_TYPES", "SPANS_KEY", "PatientIdentifierDetector", "pii_spans", "redact"]


SPANS_KEY = "pii"
# Exact character offsets per detection; token-aligned spans may be wider.
_CHARS_KEY = "fieldsignal_pii.chars"
_STATE_FILE = "pii.json"
_RULES_FILE = "rules.json"


@Language.factory(
    "fieldsignal_pii",
    default_config={
        "spans_key": SPANS_KEY,
        "extra_names": [],
        "ignore_words": [],
        "default_owner": PATIENT,
    },
    assigns=["doc.spans"],
)
def make_pii_detector(
    nlp: Language,
    name: str,
    spans_key: str,
    extra_names: list[str],
    ignore_words: list[str],
    default_owner: str,
) -> "PatientIdentifierDetector":
    return PatientIdentifierDetector(
        name=name,
        spans_key=spans_key,
        extra_names=extra_names,
        ignore_words=ignore_words,
        default_owner=default_owner,
    )


class PatientIdentifierDetector:
    """Marks patient identifiers; state is its rules, two word lists and the default owner.

    ``extra_names`` are words always accepted as names after a patient cue;
    ``ignore_words`` are never names (pass the catalog's product names and aliases).
    ``default_owner`` decides a phone/e-mail/address with no cue word in its sentence.
    """

    def __init__(
        self,
        *,
        name: str = "fieldsignal_pii",
        spans_key: str = SPANS_KEY,
        extra_names: Iterable[str] = (),
        ignore_words: Iterable[str] = (),
        default_owner: str = PATIENT,
        rules: PiiRules | None = None,
    ) -> None:
        if default_owner not in (PATIENT, PRACTICE):
            raise ValueError(f"default_owner must be {PATIENT!r} or {PRACTICE!r}")
        self.name = name
        self.spans_key = spans_key
        self.extra_names = sorted({w.lower() for w in extra_names})
        self.ignore_words = sorted({w.lower() for w in ignore_words})
        self.default_owner = default_owner
        # A fresh component takes the package's rules; a loaded one, the rules it was saved with.
        self.rules = rules if rules is not None else PiiRules.from_package()
        self._rebuild()

    def _rebuild(self) -> None:
        self.detector = PiiDetector(
            self.rules,
            extra_names=self.extra_names,
            ignore_words=self.ignore_words,
            default_owner=self.default_owner,
        )

    def add_ignore_words(self, words: Iterable[str]) -> None:
        """Never read these words as names (e.g. product names and aliases of a catalog)."""
        split = (part for word in words for part in word.split())
        self.ignore_words = sorted(set(self.ignore_words) | {w.lower() for w in split})
        self._rebuild()

    def set_ignore_words(self, words: Iterable[str]) -> None:
        """Replace the ignored words, e.g. when the pipeline is given another catalog."""
        self.ignore_words = []
        self.add_ignore_words(words)

    def set_catalog(self, catalog: Any) -> None:
        """Take product names, aliases and content codes from a catalog as never identifiers.

        Accepts the DESIGN.md catalog dict or any object whose ``products`` have ``name``
        and ``aliases`` (``nlp.catalog.Catalog``); the pipeline calls this on a catalog swap.
        """
        products = catalog.get("products", []) if isinstance(catalog, dict) else catalog.products
        words: list[str] = []
        for product in products or ():
            if isinstance(product, dict):
                words += [product.get("name", ""), *(product.get("aliases") or ())]
            else:
                words += [product.name, *product.aliases]
        assets = (
            catalog.get("content_assets", [])
            if isinstance(catalog, dict)
            else catalog.content_assets
        )
        for asset in assets or ():
            words.append(asset.get("code", "") if isinstance(asset, dict) else asset.code)
        self.set_ignore_words(w for w in words if w)

    def add_names(self, words: Iterable[str]) -> None:
        """Always accept these words as names after a patient cue."""
        self.extra_names = sorted(set(self.extra_names) | {w.lower() for w in words})
        self._rebuild()

    def __call__(self, doc: Doc) -> Doc:
        found = self.detector.find(doc.text)
        spans = []
        chars = []
        for start, end, label in found:
            span = doc.char_span(start, end, label=label, alignment_mode="strict")
            if span is None:
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
                chars.append((start, end, label))
        doc.spans[self.spans_key] = SpanGroup(doc, name=self.spans_key, spans=spans)
        doc.user_data[_CHARS_KEY] = chars
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterable[Doc]:
        for doc in stream:
            yield self(doc)

    # -- serialization ------------------------------------------------------------

    def _state(self) -> dict[str, Any]:
        return {
            "spans_key": self.spans_key,
            "extra_names": self.extra_names,
            "ignore_words": self.ignore_words,
            "default_owner": self.default_owner,
        }

    def _load_state(self, state: dict[str, Any], rules: dict[str, Any] | None) -> None:
        if rules is None:
            # Every model since 2.0.0 saves its rules; without them the component would run on
            # whatever the package holds today, so it refuses to load instead.
            raise PiiUnavailableError("the saved model holds no identifier rules")
        try:
            self.rules = PiiRules.from_dict(rules)
        except (KeyError, TypeError, ValueError) as exc:
            raise PiiUnavailableError(f"saved identifier rules cannot be read: {exc}") from exc
        self.spans_key = state.get("spans_key", self.spans_key)
        self.extra_names = list(state.get("extra_names", []))
        self.ignore_words = list(state.get("ignore_words", []))
        self.default_owner = state.get("default_owner", self.default_owner)
        self._rebuild()

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"state": self._state(), "rules": self.rules.to_dict()})

    def from_bytes(
        self, bytes_data: bytes, *, exclude: Iterable[str] = ()
    ) -> "PatientIdentifierDetector":
        data = srsly.msgpack_loads(bytes_data)
        self._load_state(data["state"], data.get("rules"))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        directory = Path(path)
        directory.mkdir(parents=True, exist_ok=True)
        srsly.write_json(directory / _STATE_FILE, self._state())
        srsly.write_json(directory / _RULES_FILE, self.rules.to_dict())

    def from_disk(
        self, path: str | Path, *, exclude: Iterable[str] = ()
    ) -> "PatientIdentifierDetector":
        directory = Path(path)
        state_file, rules_file = directory / _STATE_FILE, directory / _RULES_FILE
        if not state_file.is_file():
            raise PiiUnavailableError(f"the identifier component's state is missing: {state_file}")
        try:
            state = srsly.read_json(state_file)
            rules = srsly.read_json(rules_file) if rules_file.exists() else None
        except ValueError as exc:
            raise PiiUnavailableError(f"the identifier component cannot load: {exc}") from exc
        self._load_state(state, rules)
        return self


def pii_spans(doc: Doc, spans_key: str = SPANS_KEY) -> list[tuple[int, int, str]]:
    """``(start_char, end_char, TYPE)`` for every patient identifier found in ``doc``."""
    group = doc.spans.get(spans_key, [])
    chars = doc.user_data.get(_CHARS_KEY)
    if chars is not None and len(chars) == len(group):
        return [tuple(c) for c in chars]  # type: ignore[misc]
    return [(span.start_char, span.end_char, span.label_) for span in group]


def redact(text: str, spans: Iterable[tuple[int, int, str]]) -> str:
    """``text`` with each span replaced by ``[TYPE]``; overlapping spans become one.

    Where spans overlap, the merged stretch takes the type of the span that starts
    first (the longer one on a tie).
    """
    ordered = sorted(spans, key=lambda s: (s[0], -(s[1] - s[0])))
    merged: list[list[Any]] = []
    for start, end, label in ordered:
        start, end = max(0, start), min(len(text), end)
        if end <= start:
            continue
        if merged and start < merged[-1][1]:
            merged[-1][1] = max(merged[-1][1], end)
        else:
            merged.append([start, end, label])
    out: list[str] = []
    pos = 0
    for start, end, label in merged:
        out.append(text[pos:start])
        out.append(f"[{label}]")
        pos = end
    out.append(text[pos:])
    return "".join(out)
