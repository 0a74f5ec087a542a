"""The tagger's public API, imported by the backend worker and the device client.

    from nlp.api import load_tagger
    tagger = load_tagger(catalog=catalog_dict)       # DESIGN.md catalog JSON
    result = tagger.tag("no pushback on price, but pt on Hartiva got hives - reported")
    result.to_dict()  # labels, scores, evidence, entities, pii, redacted_text, model_version
    result.safety     # {"reportable", "category", "seriousness", "evidence", ...}

The model directory is ``model_dir``, else ``$FIELDSIGNAL_NLP_MODEL``, else the one named
by ``nlp/models/current``. Nothing is downloaded. Redaction fails closed: a model without a
working identifier component raises ``PiiUnavailableError`` (code ``nlp.pii_unavailable``)
when it is loaded, and a doc the component did not run on raises it when tagged. A model
without the off-label or reportable-safety component raises ``ModelIncompleteError`` (code
``nlp.model_incomplete``): nothing is patched in at load time, so a model version always
means one behaviour.
"""

from collections.abc import Iterable
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any, Literal, TypedDict

import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp import components  # noqa: F401  (registers the factories)
from nlp.catalog import Catalog
from nlp.models import ModelIncompleteError, ModelNotFoundError, resolve_model_dir
from nlp.pii import SPANS_KEY, PiiUnavailableError, pii_spans, redact
from nlp.pipeline import OFF_LABEL, SAFETY, set_catalog
from nlp.textutil import doc_text

__all__ = [
    "EntityDict",
    "LabelDict",
    "ModelIncompleteError",
    "ModelNotFoundError",
    "PiiUnavailableError",
    "TagResult",
    "Tagger",
    "load_tagger",
]

EntityKind = Literal["own_product", "competitor", "content_asset"]


class LabelDict(TypedDict):
    label: str
    confidence: float


class EntityDict(TypedDict):
    start: int
    end: int
    text: str
    kind: EntityKind
    ref: str


@dataclass
class TagResult:
    """Everything the tagger says about one note; offsets are characters in the input."""

    labels: list[LabelDict] = field(default_factory=list)
    scores: dict[str, float] = field(default_factory=dict)
    # [start, end, label], plus the broken constraint for an off_label rule hit:
    # [start, end, "off_label", "population: age 14 < 18"]
    evidence: list[list[Any]] = field(default_factory=list)
    entities: list[EntityDict] = field(default_factory=list)
    pii: list[list[Any]] = field(default_factory=list)  # [start, end, TYPE]
    redacted_text: str = ""
    model_version: str = ""
    # Reportable safety (nlp/components/safety.py): reportable, category, categories,
    # seriousness, evidence [[start, end, "category:group"]], products, decided_by, vetoed.
    safety: dict[str, Any] = field(default_factory=dict)

    @property
    def label_names(self) -> list[str]:
        return [item["label"] for item in self.labels]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict (lists and plain numbers only)."""
        return asdict(self)


PII_COMPONENT = "fieldsignal_pii"
# Components whose absence would change what a note is flagged for, silently.
REQUIRED_COMPONENTS = (OFF_LABEL, SAFETY)


class Tagger:
    """A loaded pipeline plus the catalog it matches against."""

    def __init__(self, nlp: Language, model_version: str) -> None:
        if PII_COMPONENT not in nlp.pipe_names:
            raise PiiUnavailableError(
                f"the model has no {PII_COMPONENT} component: it would redact nothing"
            )
        self.nlp = nlp
        self.model_version = model_version

    def set_catalog(self, catalog: dict[str, Any] | Catalog | None) -> None:
        """Swap the product and content catalog (DESIGN.md catalog JSON)."""
        set_catalog(self.nlp, catalog)

    def tag(self, text: str) -> TagResult:
        return self._result(self.nlp(text))

    def tag_many(self, texts: Iterable[str], batch_size: int = 256) -> list[TagResult]:
        """Tag many notes in batches; results come back in input order."""
        return [self._result(doc) for doc in self.nlp.pipe(texts, batch_size=batch_size)]

    def _result(self, doc: Doc) -> TagResult:
        chosen: dict[str, float] = doc._.theme_labels or {}
        pii = _pii_spans(doc)
        text = doc_text(doc)  # cached; ``span.text`` would build Token objects per entity
        return TagResult(
            labels=[
                {"label": label, "confidence": round(score, 4)}
                for label, score in sorted(chosen.items(), key=lambda kv: -kv[1])
            ],
            scores={label: round(score, 4) for label, score in doc.cats.items()},
            evidence=[_evidence(span) for span in doc.spans.get("evidence", [])],
            entities=[
                {
                    "start": span.start_char,
                    "end": span.end_char,
                    "text": text[span.start_char : span.end_char],
                    "kind": span.label_,  # type: ignore[typeddict-item]
                    "ref": span.kb_id_,
                }
                for span in doc.spans.get("catalog", [])
            ],
            pii=[list(span) for span in pii],
            redacted_text=_redact(text, pii),
            model_version=self.model_version,
            safety=doc._.safety or {"reportable": False},
        )


def _evidence(span: Span) -> list[Any]:
    item: list[Any] = [span.start_char, span.end_char, span.label_]
    if span.kb_id_:
        item.append(span.kb_id_)  # why: the constraint an off_label rule hit breaks
    return item


def _pii_spans(doc: Doc) -> list[tuple[int, int, str]]:
    if SPANS_KEY not in doc.spans:
        # The component was disabled or removed after loading: refuse rather than return
        # the note as if nothing in it needed redacting.
        raise PiiUnavailableError(f"{PII_COMPONENT} did not run on this note")
    return [(int(s), int(e), str(t)) for s, e, t in pii_spans(doc)]


def _redact(text: str, spans: list[tuple[int, int, str]]) -> str:
    return redact(text, spans) if spans else text


def load_tagger(model_dir: Path | None = None, catalog: dict[str, Any] | None = None) -> Tagger:
    """Load the trained pipeline (see module docstring for where from) and set the catalog.

    Raises ``ModelNotFoundError`` without a model, ``PiiUnavailableError`` when the model's
    identifier component is missing or cannot load, and ``ModelIncompleteError`` when it
    lacks another component that decides labels (off-label, reportable safety).
    """
    path = resolve_model_dir(model_dir)
    nlp = spacy.load(path)
    meta = nlp.meta.get("fieldsignal", {})
    version = str(meta.get("model_version") or f"{nlp.meta.get('name')}-{nlp.meta.get('version')}")
    tagger = Tagger(nlp, version)  # refuses a model without the identifier component
    missing = [name for name in REQUIRED_COMPONENTS if name not in nlp.pipe_names]
    if missing:
        raise ModelIncompleteError(
            f"the model at {path} has no {', '.join(missing)}: retrain it (python -m nlp.train)"
        )
    if catalog is not None:
        tagger.set_catalog(catalog)
    return tagger
