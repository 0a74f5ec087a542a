"""Turn classifier scores into labels: sentence blend, per-label thresholds, rules, evidence.

- Long notes mix topics, so each label's score is lifted towards the best single
  sentence's score (the classifier reads every sentence too, one batched call per batch).
- ``adverse_event`` must concern one of *our* products: a note (or the sentences that
  carry the event) naming only competitors is vetoed; reporting language ("reported to
  drug safety", "product complaint") outside a negated clause raises the label at a
  lower score.
- ``stale_content`` needs a sign that content is out of date (a superseded or withdrawn
  asset, or words such as "old", "outdated", "still using"); a note that only mentions a
  current asset is not stale content.
- A label whose every naming word sits inside a negated or resolved scope ("no pushback
  on price", "PA issues behind them", "no sample requests") is vetoed: the mention was
  made to deny or close it (``scope_cues``, lists in nlp/theme_cues.py, saved with the
  model; a model saved before them has none and keeps its behaviour).
- ``off_label`` is judged against each product's label by ``fieldsignal_off_label``
  (nlp/components/off_label.py), which runs after this component.
- Every label gets an evidence span: its best sentence (plus the rule hit, if any).

Results: ``doc.cats`` (final scores), ``doc._.theme_labels`` ({label: confidence} above
threshold) and ``doc.spans["evidence"]``.
"""

from collections.abc import Iterable, Iterator
from itertools import islice
from pathlib import Path
from typing import Any

import numpy
import srsly
from spacy.attrs import LOWER, SENT_START
from spacy.language import Language
from spacy.strings import get_string_id
from spacy.tokens import Doc, Span

from nlp.catalog import Catalog
from nlp.components.negation import scope_offsets
from nlp.rules import (
    AE_CUE_WORDS,
    Mention,
    ae_competitor_only,
    ae_report_cues,
    stale_signal,
)
from nlp.textutil import doc_text

ADVERSE_EVENT = "adverse_event"
OFF_LABEL = "off_label"  # decided with the label's constraints in components/off_label.py
STALE_CONTENT = "stale_content"

if not Doc.has_extension("theme_labels"):
    Doc.set_extension("theme_labels", default=None)

SentenceScores = tuple[list[Span], Any]  # sentences and their (n_sents, n_labels) scores


class Compliance:
    def __init__(
        self,
        nlp: Language,
        name: str = "fieldsignal_compliance",
        *,
        textcat: str = "textcat_multilabel",
        default_threshold: float = 0.5,
        sentence_weight: float = 0.5,
        ae_rule_threshold: float = 0.15,
        ae_veto_factor: float = 0.2,  # also used for the stale-content veto
    ) -> None:
        self.nlp = nlp
        self.name = name
        self.textcat = textcat
        self.default_threshold = default_threshold
        self.sentence_weight = sentence_weight
        self.ae_rule_threshold = ae_rule_threshold
        self.ae_veto_factor = ae_veto_factor
        self.thresholds: dict[str, float] = {}
        self.catalog = Catalog()
        self._stale_refs: set[str] = set()
        self._cue_words = frozenset(get_string_id(word) for word in AE_CUE_WORDS)
        self.set_scope_cues(None)

    def set_scope_cues(self, cues: dict[str, list[str]] | None) -> None:
        """The words that name each theme, for the scope veto (None or {}: no veto)."""
        self.scope_cues = {label: list(words) for label, words in (cues or {}).items()}
        self._scope_label_bit = {label: 1 << i for i, label in enumerate(self.scope_cues)}
        self._scope_bits: dict[int, int] = {}
        for label, words in self.scope_cues.items():
            for word in words:
                key = get_string_id(word.lower())
                self._scope_bits[key] = self._scope_bits.get(key, 0) | self._scope_label_bit[label]

    def set_catalog(self, catalog: Catalog | dict[str, Any] | None) -> None:
        self.catalog = catalog if isinstance(catalog, Catalog) else Catalog.from_dict(catalog)
        self._stale_refs = {a.code for a in self.catalog.content_assets if a.is_stale}

    def threshold(self, label: str) -> float:
        return self.thresholds.get(label, self.default_threshold)

    # -- decisions --------------------------------------------------------------------

    def __call__(self, doc: Doc) -> Doc:
        return next(iter(self.pipe([doc])))

    def pipe(self, stream: Iterable[Doc], batch_size: int = 256) -> Iterator[Doc]:
        stream = iter(stream)
        while batch := list(islice(stream, batch_size)):
            labels = self._labels()  # once per batch: get_pipe walks the pipeline
            for doc, sent_scores in zip(batch, self._sentence_scores(batch), strict=True):
                self._decide(doc, sent_scores, labels)
            yield from batch

    def _sentence_scores(self, docs: list[Doc]) -> list[SentenceScores | None]:
        per_doc = [_sentences(doc) for doc in docs]
        flat = [sent for sents in per_doc if len(sents) > 1 for sent in sents]
        if not flat:
            return [None] * len(docs)
        textcat = self.nlp.get_pipe(self.textcat)
        scores = textcat.model.predict(flat)  # type: ignore[attr-defined]
        out: list[SentenceScores | None] = []
        row = 0
        for sents in per_doc:
            if len(sents) > 1:
                out.append((sents, scores[row : row + len(sents)]))
                row += len(sents)
            else:
                out.append(None)
        return out

    def _decide(
        self, doc: Doc, sent_scores: SentenceScores | None, textcat_labels: list[str]
    ) -> None:
        labels = list(doc.cats)
        cats = dict(doc.cats)
        if sent_scores is not None and self.sentence_weight > 0:
            best = sent_scores[1].max(axis=0).tolist()
            w = self.sentence_weight
            for label, top in zip(textcat_labels, best, strict=True):
                if label in cats:
                    cats[label] = max(cats[label], (1 - w) * cats[label] + w * top)
        mentions: list[Mention] = [
            (s.start_char, s.end_char, s.label_, s.kb_id_) for s in doc.spans.get("catalog", [])
        ]
        evidence: list[tuple[int, int, str]] = []
        self._scope_veto(doc, cats)
        if ADVERSE_EVENT in cats:
            evidence += self._adverse_event(doc, cats, mentions, sent_scores, textcat_labels)
        if cats.get(STALE_CONTENT, 0.0) >= self.threshold(STALE_CONTENT) and not stale_signal(
            doc_text(doc), mentions, self._stale_refs, scope_offsets(doc)
        ):
            cats[STALE_CONTENT] *= self.ae_veto_factor
        doc.cats = {label: cats[label] for label in labels}
        chosen = {label: score for label, score in cats.items() if score >= self.threshold(label)}
        doc._.theme_labels = chosen
        self._set_evidence(doc, chosen, sent_scores, evidence, textcat_labels)

    def _adverse_event(
        self,
        doc: Doc,
        cats: dict[str, float],
        mentions: list[Mention],
        sent_scores: SentenceScores | None,
        textcat_labels: list[str],
    ) -> list[tuple[int, int, str]]:
        if ae_competitor_only(mentions) or self._event_sentences_competitor_only(
            mentions, sent_scores, textcat_labels
        ):
            cats[ADVERSE_EVENT] *= self.ae_veto_factor
            return []
        if cats[ADVERSE_EVENT] < self.ae_rule_threshold or not self._may_have_cue(doc):
            return []
        negated = [(s.start_char, s.end_char) for s in doc.spans.get("negation", [])]
        cues = ae_report_cues(doc_text(doc), negated)
        if cues:
            cats[ADVERSE_EVENT] = max(cats[ADVERSE_EVENT], self.threshold(ADVERSE_EVENT))
            return [(start, end, ADVERSE_EVENT) for start, end in cues]
        return []

    def _scope_veto(self, doc: Doc, cats: dict[str, float]) -> None:
        # At every score, not only above the threshold, so that thresholds tuned on the
        # final scores see the decision the tagger makes.
        for label in self.scope_vetoed(doc, cats):
            cats[label] *= self.ae_veto_factor

    def scope_vetoed(self, doc: Doc, labels: Iterable[str]) -> list[str]:
        """The ``labels`` whose naming words all sit inside negated or resolved scopes."""
        scopes = doc.spans.get("negation")
        if not self._scope_bits or not scopes:
            return []
        inside = [False] * len(doc)
        for span in scopes:
            inside[span.start : span.end] = [True] * (span.end - span.start)
        # One dict lookup per token (a bit per label) beats a numpy call per label on
        # notes of a few dozen tokens.
        bits = self._scope_bits
        named_in = named_out = 0
        for i, word in enumerate(doc.to_array(LOWER).tolist()):
            found = bits.get(word)
            if found:
                if inside[i]:
                    named_in |= found
                else:
                    named_out |= found
        only_in = named_in & ~named_out
        if not only_in:
            return []
        return [label for label in labels if only_in & self._scope_label_bit.get(label, 0)]

    def _may_have_cue(self, doc: Doc) -> bool:
        # Building the text and running the regex on every note costs more than this check
        # (a set test: numpy.isin costs ~100 us per call on a short note).
        return not self._cue_words.isdisjoint(doc.to_array(LOWER).tolist())

    def _event_sentences_competitor_only(
        self,
        mentions: list[Mention],
        sent_scores: SentenceScores | None,
        textcat_labels: list[str],
    ) -> bool:
        if sent_scores is None or not any(m[2] == "competitor" for m in mentions):
            return False
        column = sent_scores[1][:, textcat_labels.index(ADVERSE_EVENT)]
        carriers = numpy.nonzero(column >= 0.5 * column.max())[0].tolist()
        sents = sent_scores[0]
        return all(
            ae_competitor_only(mentions, (sents[i].start_char, sents[i].end_char)) for i in carriers
        )

    def _set_evidence(
        self,
        doc: Doc,
        chosen: dict[str, float],
        sent_scores: SentenceScores | None,
        rule_evidence: list[tuple[int, int, str]],
        labels: list[str],
    ) -> None:
        spans: list[Span] = []
        for label in chosen:
            if sent_scores is not None and label in labels:
                best = int(sent_scores[1][:, labels.index(label)].argmax())
                sent = sent_scores[0][best]
            else:
                sent = doc[:]
            spans.append(Span(doc, sent.start, sent.end, label=label))
        for start, end, label in rule_evidence:
            if label in chosen:
                span = doc.char_span(start, end, label=label, alignment_mode="expand")
                if span is not None:
                    spans.append(span)
        doc.spans["evidence"] = spans

    def _labels(self) -> list[str]:
        return list(self.nlp.get_pipe(self.textcat).labels)  # type: ignore[attr-defined]

    # -- serialization ----------------------------------------------------------------

    def _state(self) -> dict[str, Any]:
        return {
            "thresholds": self.thresholds,
            "default_threshold": self.default_threshold,
            "sentence_weight": self.sentence_weight,
            "ae_rule_threshold": self.ae_rule_threshold,
            "ae_veto_factor": self.ae_veto_factor,
            "scope_cues": self.scope_cues,
            "catalog": self.catalog.to_dict(),
        }

    def _load_state(self, state: dict[str, Any]) -> None:
        self.thresholds = {k: float(v) for k, v in state.get("thresholds", {}).items()}
        self.default_threshold = float(state["default_threshold"])
        self.sentence_weight = float(state["sentence_weight"])
        self.ae_rule_threshold = float(state["ae_rule_threshold"])
        self.ae_veto_factor = float(state["ae_veto_factor"])
        # Models saved before the scope veto have no lists: they keep their behaviour.
        self.set_scope_cues(state.get("scope_cues"))
        self.set_catalog(state.get("catalog"))

    def to_bytes(self, *, exclude: Iterable[str] = ()) -> bytes:
        return srsly.msgpack_dumps(self._state())

    def from_bytes(self, data: bytes, *, exclude: Iterable[str] = ()) -> "Compliance":
        self._load_state(srsly.msgpack_loads(data))
        return self

    def to_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> None:
        path = Path(path)
        path.mkdir(parents=True, exist_ok=True)
        srsly.write_json(path / "compliance.json", self._state())

    def from_disk(self, path: str | Path, *, exclude: Iterable[str] = ()) -> "Compliance":
        self._load_state(srsly.read_json(Path(path) / "compliance.json"))
        return self


def _sentences(doc: Doc) -> list[Span]:
    """Sentence spans from the SENT_START column (cheaper than ``doc.sents``)."""
    starts = numpy.flatnonzero(doc.to_array([SENT_START]) == 1).tolist()
    if not starts or starts[0] != 0:
        starts.insert(0, 0)
    bounds = [*starts, len(doc)]
    return [Span(doc, a, b) for a, b in zip(bounds, bounds[1:], strict=False) if b > a]


@Language.factory(
    "fieldsignal_compliance",
    default_config={
        "textcat": "textcat_multilabel",
        "default_threshold": 0.5,
        "sentence_weight": 0.5,
        "ae_rule_threshold": 0.15,
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
    sentence_weight: float,
    ae_rule_threshold: float,
    ae_veto_factor: float,
    off_label_rule_threshold: float = 0.0,  # unused: lets models saved before 1.2 load
) -> Compliance:
    return Compliance(
        nlp,
        name,
        textcat=textcat,
        default_threshold=default_threshold,
        sentence_weight=sentence_weight,
        ae_rule_threshold=ae_rule_threshold,
        ae_veto_factor=ae_veto_factor,
    )
