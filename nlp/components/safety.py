"""Reportable-safety component: decides ``adverse_event`` the way pharmacovigilance does.

Runs after ``fieldsignal_compliance``. ``nlp.safety.detect`` finds the case (lexicon hits
that survive the context rules); this component combines it with the classifier:

- a rule hit on one of our products (a specific patient for reactions and special
  situations; a product unit for complaints) makes the note reportable, whatever the
  classifier scored;
- a classifier positive with no rule hit stands unless a rule says it is not a case
  (competitor only, never exposed, negated, hypothetical, training);
- otherwise the note is not reportable.

The decision goes to ``doc._.safety`` (a dict: reportable, category, categories,
seriousness, evidence, products, decided_by, vetoed), ``doc.cats["adverse_event"]``
(lifted to the threshold or cut), ``doc._.theme_labels`` and ``doc.spans["evidence"]``.
The lexicon is saved with the model (``safety_lexicon.json``); editing the data files
later changes only newly built pipelines.
"""

from collections.abc import Callable, Iterable
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.catalog import Catalog
from nlp.safety.detect import SafetyDetector, SafetyFinding
from nlp.safety.lexicon import Lexicon, lexicon_digest, load_lexicon

ADVERSE_EVENT = "adverse_event"
LEXICON_FILE = "safety_lexicon.json"
CONFIG_FILE = "safety.json"
# A classifier positive with no event evidence in the note (no lexicon hit, no reporting
# cue) is raised only at this score or above. Set on the dev splits: the
# evidence-free positives there that were not cases scored 0.52-0.69 (billing, praise,
# a PV contact sheet), the evidence-free cases 0.84-1.00.
CLASSIFIER_ALONE_GATE = 0.8

if not Doc.has_extension("safety"):
    Doc.set_extension("safety", default=None)
if not Doc.has_extension("theme_labels"):
    Doc.set_extension("theme_labels", default=None)


class Safety:
    def __init__(
        self,
        nlp: Language,
        name: str = "fieldsignal_safety",
        *,
        compliance: str = "fieldsignal_compliance",
        unnamed_product_gate: float = 0.2,
        veto_factor: float = 0.2,
        classifier_alone_gate: float = CLASSIFIER_ALONE_GATE,
        lexicon: Lexicon | None = None,
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.compliance = compliance
        self.unnamed_product_gate = unnamed_product_gate
        self.veto_factor = veto_factor
        self.classifier_alone_gate = classifier_alone_gate
        self._make_doc: Callable[[str], Doc] = nlp.make_doc
        self._indication_words: frozenset[int] = frozenset()
        self.set_lexicon(lexicon if lexicon is not None else load_lexicon())

    def set_lexicon(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon
        self.detector = SafetyDetector(self.nlp.vocab, self._make_doc, lexicon)
        self.detector.finder.indication_words = self._indication_words

    def set_catalog(self, catalog: Catalog | dict[str, Any] | None) -> None:
        """Learn the words of our products' indications: the condition treated is no event."""
        parsed = catalog if isinstance(catalog, Catalog) else Catalog.from_dict(catalog)
        words = {
            token.lower
            for product in parsed.products
            if product.is_own and product.indication
            for token in self._make_doc(product.indication)
            if not token.is_punct
        }
        self._indication_words = frozenset(words)
        self.detector.finder.indication_words = self._indication_words

    @property
    def lexicon_version(self) -> str:
        return lexicon_digest(self.lexicon)

    def threshold(self) -> float:
        if self.compliance in self.nlp.pipe_names:
            pipe: Any = self.nlp.get_pipe(self.compliance)
            return float(pipe.threshold(ADVERSE_EVENT))
        return 0.5

    def __call__(self, doc: Doc) -> Doc:
        return self._apply(doc, self.threshold())

    def pipe(self, stream: Iterable[Doc], batch_size: int = 256) -> Iterable[Doc]:
        threshold = self.threshold()
        for doc in stream:
            yield self._apply(doc, threshold)

    def _apply(self, doc: Doc, threshold: float) -> Doc:
        labels: dict[str, float] = dict(doc._.theme_labels or {})
        score = float(doc.cats.get(ADVERSE_EVENT, 0.0))
        finding = self.detector.detect(
            doc,
            classifier_positive=ADVERSE_EVENT in labels,
            score=score,
            unnamed_gate=self.unnamed_product_gate,
            alone_gate=self.classifier_alone_gate,
        )
        doc._.safety = finding.to_dict()
        if finding.reportable:
            lifted = max(score, threshold)
            labels[ADVERSE_EVENT] = lifted
            if ADVERSE_EVENT in doc.cats:
                doc.cats = {**doc.cats, ADVERSE_EVENT: lifted}
            self._add_evidence(doc, finding)
        elif ADVERSE_EVENT in labels:
            del labels[ADVERSE_EVENT]
            doc.cats = {**doc.cats, ADVERSE_EVENT: score * self.veto_factor}
            doc.spans["evidence"] = [
                s for s in doc.spans.get("evidence", []) if s.label_ != ADVERSE_EVENT
            ]
        doc._.theme_labels = labels
        return doc

    @staticmethod
    def _add_evidence(doc: Doc, finding: SafetyFinding) -> None:
        spans = list(doc.spans.get("evidence", []))
        if not any(s.label_ == ADVERSE_EVENT for s in spans):
            spans.append(Span(doc, 0, len(doc), label=ADVERSE_EVENT))
        for start, end, _ in finding.evidence:
            span = doc.char_span(start, end, label=ADVERSE_EVENT, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.spans["evidence"] = spans

    # -- serialization ----------------------------------------------------------------

    def _config(self) -> dict[str, Any]:
        return {
            "unnamed_product_gate": self.unnamed_product_gate,
            "veto_factor": self.veto_factor,
            "classifier_alone_gate": self.classifier_alone_gate,
            "lexicon_version": self.lexicon_version,
        }

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps({"config": self._config(), "lexicon": self.lexicon})

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "Safety":
        state = srsly.msgpack_loads(data)
        self._load(state["config"], state["lexicon"])
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / CONFIG_FILE, self._config())
        srsly.write_json(path / LEXICON_FILE, self.lexicon)

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "Safety":
        path = Path(path)
        self._load(srsly.read_json(path / CONFIG_FILE), srsly.read_json(path / LEXICON_FILE))
        return self

    def _load(self, config: dict[str, Any], lexicon: Lexicon) -> None:
        self.unnamed_product_gate = float(config["unnamed_product_gate"])
        self.veto_factor = float(config["veto_factor"])
        # Models saved before the gate existed load with the default.
        self.classifier_alone_gate = float(
            config.get("classifier_alone_gate", CLASSIFIER_ALONE_GATE)
        )
        self.set_lexicon(lexicon)


@Language.factory(
    "fieldsignal_safety",
    default_config={
        "compliance": "fieldsignal_compliance",
        "unnamed_product_gate": 0.2,
        "veto_factor": 0.2,
        "classifier_alone_gate": CLASSIFIER_ALONE_GATE,
    },
    assigns=["doc._.safety", "doc.cats", "doc._.theme_labels", "doc.spans"],
    requires=["doc.spans"],
)
def make_safety(
    nlp: Language,
    name: str,
    compliance: str,
    unnamed_product_gate: float,
    veto_factor: float,
    classifier_alone_gate: float,
) -> Safety:
    return Safety(
        nlp,
        name,
        compliance=compliance,
        unnamed_product_gate=unnamed_product_gate,
        veto_factor=veto_factor,
        classifier_alone_gate=classifier_alone_gate,
    )
