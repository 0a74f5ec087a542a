"""Turn classifier scores into labels: per-label thresholds, compliance rules, evidence.

- ``adverse_event`` must concern one of *our* products: a note (or the sentences that
  carry the event) naming only competitors is not reportable here.
- ``off_label`` is also raised, at a lower score, where an own product sits beside an
  age, a dose or a use its catalog ``indication`` excludes.
- Every label gets an evidence span: the sentence that scores highest for it when the
  classifier reads sentences on their own (one batched call per ``pipe`` batch).

Results: ``doc.cats`` (final scores), ``doc._.theme_labels`` ({label: confidence} above
threshold) and ``doc.spans["evidence"]``.
"""

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import srsly
from spacy.language import Language
from spacy.tokens import Doc, Span
from spacy.util import ensure_path

from nlp.catalog import Catalog
from nlp.rules import Mention, OffLabelRules, ae_competitor_only

ADVERSE_EVENT = "adverse_event"
OFF_LABEL = "off_label"

if not Doc.has_extension("theme_labels"):
    Doc.set_extension("theme_labels", default=None)


class Compliance:
    def __init__(
        self,
        nlp: Language,
        name: str = "fieldsignal_compliance",
        *,
        textcat: str = "textcat_multilabel",
        default_threshold: float = 0.5,
        off_label_rule_threshold: float = 0.15,
        ae_veto_factor: float = 0.2,
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.textcat = textcat
        self.default_threshold = default_threshold
        self.off_label_rule_threshold = off_label_rule_threshold
        self.ae_veto_factor = ae_veto_factor
        self.thresholds: dict[str, float] = {}
        self.catalog = Catalog()
        self._off_label = OffLabelRules(self.catalog)

    def set_catalog(self, catalog: Catalog | dict[str, Any] | None) -> None:
        self.catalog = catalog if isinstance(catalog, Catalog) else Catalog.from_dict(catalog)
        self._off_label = OffLabelRules(self.catalog)

    def threshold(self, label: str) -> float:
        return self.thresholds.get(label, self.default_threshold)

    # -- decisions --------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 128) -> Iterator[Doc]:
        stream = iter(stream)
        while batch := list(islice(stream, batch_size)):
            for doc in batch:
                self._decide(doc)
            self._add_evidence(batch)
            yield from batch

    def _decide(self, doc: Doc) -> None:
        cats = dict(doc.cats)
        mentions: list[Mention] = [
            (s.start_char, s.end_char, s.label_, s.kb_id_) for s in doc.spans.get("catalog", [])
        ]
        if ADVERSE_EVENT in cats and ae_competitor_only(mentions):
            cats[ADVERSE_EVENT] *= self.ae_veto_factor
        rule_hits: list[tuple[int, int]] = []
        if OFF_LABEL in cats and self._off_label.rules:
            sentences = [(s.start_char, s.end_char) for s in doc.sents]
            hits = self._off_label.hits(doc.text, mentions, sentences)
            rule_hits = [(h.start, h.end) for h in hits]
            if hits and cats[OFF_LABEL] >= self.off_label_rule_threshold:
                # Lift the score just over the threshold so the label survives.
                cats[OFF_LABEL] = max(cats[OFF_LABEL], self.threshold(OFF_LABEL))
        doc.cats = cats
        doc._.theme_labels = {
            label: score for label, score in cats.items() if score >= self.threshold(label)
        }
        doc.user_data["fieldsignal_off_label_hits"] = rule_hits

    def _add_evidence(self, docs: list[Doc]) -> None:
        multi = [doc for doc in docs if doc._.theme_labels and _n_sents(doc) > 1]
        sents = [sent for doc in multi for sent in doc.sents]
        scores = self._sentence_scores(sents) if sents else None
        labels = list(self._textcat_labels())
        row = 0
        by_doc: dict[int, list[tuple[Span, dict[str, float]]]] = {}
        for doc in multi:
            pairs = []
            for sent in doc.sents:
                assert scores is not None
                pairs.append((sent, dict(zip(labels, scores[row].tolist(), strict=True))))
                row += 1
            by_doc[id(doc)] = pairs
        for doc in docs:
            self._evidence_for(doc, by_doc.get(id(doc)))

    def _evidence_for(
        self, doc: Doc, sent_scores: list[tuple[Span, dict[str, float]]] | None
    ) -> None:
        evidence: list[Span] = []
        labels: dict[str, float] = doc._.theme_labels or {}
        if (
            sent_scores
            and ADVERSE_EVENT in labels
            and self._ae_sentences_competitor_only(doc, sent_scores)
        ):
            labels.pop(ADVERSE_EVENT)
            doc.cats[ADVERSE_EVENT] *= self.ae_veto_factor
        for label in labels:
            if sent_scores:
                sent = max(sent_scores, key=lambda pair: pair[1].get(label, 0.0))[0]
            else:
                sent = next(iter(doc.sents))
            evidence.append(Span(doc, sent.start, sent.end, label=label))
        for start, end in doc.user_data.pop("fieldsignal_off_label_hits", []):
            if OFF_LABEL in labels:
                span = doc.char_span(start, end, label=OFF_LABEL, alignment_mode="expand")
                if span is not None:
                    evidence.append(span)
        doc.spans["evidence"] = evidence
        doc._.theme_labels = labels

    def _ae_sentences_competitor_only(
        self, doc: Doc, sent_scores: list[tuple[Span, dict[str, float]]]
    ) -> bool:
        top = max(scores.get(ADVERSE_EVENT, 0.0) for _, scores in sent_scores)
        carriers = [s for s, scores in sent_scores if scores.get(ADVERSE_EVENT, 0.0) >= 0.5 * top]
        mentions: list[Mention] = [
            (s.start_char, s.end_char, s.label_, s.kb_id_) for s in doc.spans.get("catalog", [])
        ]
        return all(
            ae_competitor_only(mentions, (sent.start_char, sent.end_char)) for sent in carriers
        )

    def _textcat_labels(self) -> tuple[str, ...]:
        return tuple(self.nlp.get_pipe(self.textcat).labels)  # type: ignore[attr-defined]

    def _sentence_scores(self, sents: list[Span]) -> Any:
        return self.nlp.get_pipe(self.textcat).model.predict(sents)  # type: ignore[attr-defined]

    # -- serialization ----------------------------------------------------------------

    def _state(self) -> dict[str, Any]:
        return {
            "thresholds": self.thresholds,
            "default_threshold": self.default_threshold,
            "off_label_rule_threshold": self.off_label_rule_threshold,
            "ae_veto_factor": self.ae_veto_factor,
            "catalog": self.catalog.to_dict(),
        }

    def _load_state(self, state: dict[str, Any]) -> None:
        self.thresholds = {k: float(v) for k, v in state.get("thresholds", {}).items()}
        self.default_threshold = float(state["default_threshold"])
        self.off_label_rule_threshold = float(state["off_label_rule_threshold"])
        self.ae_veto_factor = float(state["ae_veto_factor"])
        self.set_catalog(state.get("catalog"))

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(self._state())

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "Compliance":
        self._load_state(srsly.msgpack_loads(data))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "compliance.json", self._state())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "Compliance":
        self._load_state(srsly.read_json(ensure_path(path) / "compliance.json"))
        return self


def _n_sents(doc: Doc) -> int:
    return sum(1 for _ in doc.sents)


@Language.factory(
    "fieldsignal_compliance",
    default_config={
        "textcat": "textcat_multilabel",
        "default_threshold": 0.5,
        "off_label_rule_threshold": 0.15,
        "ae_veto_factor": 0.2,
    },
    assigns=["doc.cats", "doc.spans", "doc._.theme_labels"],
    requires=["doc.cats"],
)
def make_compliance(
    nlp: Language,
    name: str,
    textcat: str,
    default_threshold: float,
    off_label_rule_threshold: float,
    ae_veto_factor: float,
) -> Compliance:
    return Compliance(
        nlp,
        name,
        textcat=textcat,
        default_threshold=default_threshold,
        off_label_rule_threshold=off_label_rule_threshold,
        ae_veto_factor=ae_veto_factor,
    )
