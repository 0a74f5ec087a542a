"""Off-label use judged against the label: the rule beside the classifier's second opinion.

On ``set_catalog`` every own product's ``indication`` is read into ``LabelConstraints``
(``nlp/label_reader``). On each note, the facts it states about a use (age, pregnancy,
condition and severity, dose, interval, route, repeat dose, line of therapy) are tied to
the product they concern and compared with its constraints.

How rule and classifier combine (runs after ``fieldsignal_compliance``):
- a broken constraint raises ``off_label`` when the classifier's ``off_label`` score is at
  least ``rule_gate`` (0 by default: the rule alone suffices); its confidence becomes at
  least the label's threshold, and each broken constraint is an evidence span whose
  ``kb_id_`` says why (``population: age 14 < 18``);
- with no broken constraint, the classifier's own decision stands (it hears what the
  rule cannot read: "asked for off-label data", an unapproved use named in passing).

Results: ``doc._.off_label`` (the violations), ``doc.cats`` / ``doc._.theme_labels`` and
``doc.spans["evidence"]`` updated. Constraints and word lists are saved with the model.
"""

from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

import numpy
import srsly
from spacy.attrs import SENT_START
from spacy.language import Language
from spacy.tokens import Doc, Span

from nlp.catalog import Catalog
from nlp.label_reader.constraints import LabelConstraints
from nlp.label_reader.indication import IndicationReader
from nlp.label_reader.judge import Judge, Violation
from nlp.label_reader.lexicon import default_lexicon
from nlp.label_reader.terms import Terms

OFF_LABEL = "off_label"

if not Doc.has_extension("off_label"):
    Doc.set_extension("off_label", default=None)
if not Doc.has_extension("theme_labels"):
    Doc.set_extension("theme_labels", default=None)


class OffLabel:
    def __init__(
        self,
        nlp: Language,
        name: str = "fieldsignal_off_label",
        *,
        compliance: str = "fieldsignal_compliance",
        rule_gate: float = 0.0,
        default_threshold: float = 0.5,
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.compliance = compliance
        self.rule_gate = rule_gate
        self.default_threshold = default_threshold
        self.lexicon: dict[str, Any] = default_lexicon()
        self.constraints: dict[str, LabelConstraints] = {}
        self._cache: dict[str, LabelConstraints] = {}
        self._build()

    def _build(self) -> None:
        self.terms = Terms(self.nlp, self.lexicon)
        self.reader = IndicationReader(self.lexicon, self.nlp)
        self._cache = {}
        self.judge = Judge(self.constraints, self.terms)

    def set_catalog(self, catalog: Catalog | dict[str, Any] | None) -> None:
        """Read every own product's indication (rebuilt on each catalog)."""
        parsed = catalog if isinstance(catalog, Catalog) else Catalog.from_dict(catalog)
        constraints = {}
        for product in parsed.products:
            if product.is_own and product.indication:
                if product.indication not in self._cache:
                    self._cache[product.indication] = self.reader.read(product.indication)
                constraints[product.name] = self._cache[product.indication]
        self.constraints = constraints
        self.judge = Judge(constraints, self.terms)

    def describe(self) -> dict[str, list[str]]:
        """What was understood of each product's label, one line per constraint."""
        return {name: c.describe() for name, c in self.constraints.items()}

    # -- decisions --------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        violations = self.judge.violations(doc, _sentences(doc)) if self.constraints else []
        doc._.off_label = violations
        if OFF_LABEL not in doc.cats:
            return doc
        score = doc.cats[OFF_LABEL]
        chosen: dict[str, float] = dict(doc._.theme_labels or {})
        if violations and score >= self.rule_gate:
            confidence = max(score, self._threshold())
            doc.cats = {**doc.cats, OFF_LABEL: confidence}
            chosen[OFF_LABEL] = confidence
        doc._.theme_labels = chosen
        if OFF_LABEL in chosen and violations:
            spans = list(doc.spans.get("evidence", []))
            for v in violations:
                span = doc.char_span(v.start, v.end, alignment_mode="expand")
                if span is not None:
                    spans.append(Span(doc, span.start, span.end, label=OFF_LABEL, kb_id=v.reason))
            doc.spans["evidence"] = spans
        return doc

    def pipe(self, stream: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        for doc in stream:
            yield self(doc)

    def _threshold(self) -> float:
        if self.compliance in self.nlp.pipe_names:
            component = self.nlp.get_pipe(self.compliance)
            threshold = getattr(component, "threshold", None)
            if threshold is not None:
                return float(threshold(OFF_LABEL))
        return self.default_threshold

    # -- serialization ----------------------------------------------------------------

    def _state(self) -> dict[str, Any]:
        return {
            "rule_gate": self.rule_gate,
            "lexicon": self.lexicon,
            "constraints": {name: c.to_dict() for name, c in self.constraints.items()},
        }

    def _load_state(self, state: dict[str, Any]) -> None:
        self.rule_gate = float(state.get("rule_gate", self.rule_gate))
        self.lexicon = state.get("lexicon") or default_lexicon()
        self.constraints = {
            name: LabelConstraints.from_dict(data)
            for name, data in (state.get("constraints") or {}).items()
        }
        self._build()

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(self._state())

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "OffLabel":
        self._load_state(srsly.msgpack_loads(data))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "off_label.json", self._state())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "OffLabel":
        self._load_state(srsly.read_json(Path(path) / "off_label.json"))
        return self


def violations_of(doc: Doc) -> list[Violation]:
    return list(doc._.off_label or [])


def _sentences(doc: Doc) -> list[tuple[int, int]]:
    starts = numpy.flatnonzero(doc.to_array([SENT_START]) == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = [*starts, len(doc)]
    out = []
    for a, b in zip(bounds, bounds[1:], strict=False):
        if b > a:
            out.append((doc[a].idx, doc[b - 1].idx + len(doc[b - 1])))
    return out


@Language.factory(
    "fieldsignal_off_label",
    default_config={"compliance": "fieldsignal_compliance", "rule_gate": 0.0},
    assigns=["doc.cats", "doc.spans", "doc._.theme_labels", "doc._.off_label"],
    requires=["doc.spans", "doc.cats"],
)
def make_off_label(nlp: Language, name: str, compliance: str, rule_gate: float) -> OffLabel:
    return OffLabel(nlp, name, compliance=compliance, rule_gate=rule_gate)
