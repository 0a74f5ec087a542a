"""Train the theme classifier and tune its per-label thresholds on the dev split.

The rule components before the classifier have no weights, so each note is run through
them once (with the catalog it was written against) and only the classifier is updated.
"""

import multiprocessing
import random
from collections.abc import Callable, Iterable
from typing import Any

import numpy
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import fix_random_seed, minibatch
from thinc.api import Adam

from nlp.catalog import Catalog
from nlp.components.compliance import ADVERSE_EVENT, OFF_LABEL, STALE_CONTENT, Compliance
from nlp.components.textcat_model import has_vector_table, set_vector_table
from nlp.corpus import Note, catalog_for
from nlp.labels import LABELS
from nlp.pipeline import OFF_LABEL as OFF_LABEL_PIPE
from nlp.pipeline import TEXTCAT, pre_classifier_names, set_catalog
from nlp.wordvectors import load_table

# Recall floors on dev for the labels where a miss is a compliance failure.
RECALL_FLOORS = {ADVERSE_EVENT: 0.97, OFF_LABEL: 0.92}
GRID = [round(0.02 * i, 2) for i in range(2, 48)]


def preprocess(nlp: Language, notes: list[Note], default: Catalog | None = None) -> list[Doc]:
    """Run the rule components over each note with its own catalog, in input order."""
    by_catalog: dict[int, tuple[Catalog, list[int]]] = {}
    for i, note in enumerate(notes):
        catalog = catalog_for(note, default)
        by_catalog.setdefault(id(catalog), (catalog, []))[1].append(i)
    docs: list[Doc | None] = [None] * len(notes)
    enabled = pre_classifier_names(nlp)
    for catalog, indices in by_catalog.values():
        set_catalog(nlp, catalog)
        texts = [notes[i]["text"] for i in indices]
        with nlp.select_pipes(enable=enabled):
            for i, doc in zip(indices, nlp.pipe(texts, batch_size=256), strict=True):
                docs[i] = doc
    return [doc for doc in docs if doc is not None]


def to_examples(
    docs: list[Doc], notes: list[Note], labels: Iterable[str] = LABELS
) -> list[Example]:
    examples = []
    for doc, note in zip(docs, notes, strict=True):
        gold = set(note.get("labels", []))
        cats = {label: float(label in gold) for label in labels}
        examples.append(Example.from_dict(doc, {"cats": cats}))
    return examples


def train_textcat(
    nlp: Language,
    examples: list[Example],
    *,
    seed: int = 0,
    epochs: int = 12,
    learn_rate: float = 0.002,
    batch_size: int = 32,
    l2: float = 0.0,
    feature_drop: float = 0.0,
) -> list[float]:
    """Seeded training of the classifier alone; returns the loss per epoch."""
    fix_random_seed(seed)
    rng = random.Random(seed)
    textcat: Any = nlp.get_pipe(TEXTCAT)
    textcat.initialize(lambda: examples, nlp=nlp, labels=list(LABELS))
    if has_vector_table(textcat.model):
        set_vector_table(textcat.model, *_vector_table())
    _start_bias_at_prior(textcat, examples)
    optimizer = Adam(learn_rate, L2=l2)
    _set_feature_drop(textcat.model, feature_drop)
    history = []
    order = list(examples)
    for _ in range(epochs):
        rng.shuffle(order)
        losses: dict[str, float] = {}
        for batch in minibatch(order, size=batch_size):
            textcat.update(batch, sgd=optimizer, losses=losses)  # type: ignore[attr-defined]
        history.append(losses.get(TEXTCAT, 0.0))
    _set_feature_drop(textcat.model, 0.0)
    return history


_TABLE: list[tuple[list[str], Any]] = []


def _vector_table() -> tuple[list[str], Any]:
    """wordllama's pieces and table, read once per process (see nlp.wordvectors)."""
    if not _TABLE:
        _TABLE.append(load_table())
    return _TABLE[0]


def _start_bias_at_prior(textcat: Any, examples: list[Example]) -> None:
    """Start each label's bias at the log-odds of its share of training notes.

    From a zero bias the word weights soak up the "most notes are not about this" prior,
    leaving a note with few words (or a short sentence) near 0.4 for every label; from
    the prior, a note says nothing until its words do.
    """
    labels = list(textcat.labels)
    counts = numpy.zeros(len(labels), dtype="f")
    for example in examples:
        cats = example.reference.cats
        counts += numpy.asarray([cats.get(label, 0.0) for label in labels], dtype="f")
    share = numpy.clip((counts + 1) / (len(examples) + 2), 1e-3, 1 - 1e-3)
    layer = textcat.model.get_ref("output_layer")
    layer.set_param("b", numpy.log(share / (1 - share)).astype("f"))


def _set_feature_drop(model: Any, rate: float) -> None:
    for layer in model.walk():
        if layer.name == "fieldsignal_extract_ngrams":
            layer.attrs["feature_drop"] = rate


def classify(nlp: Language, docs: list[Doc]) -> list[dict[str, float]]:
    """Raw classifier scores for preprocessed docs (no thresholds, no rules)."""
    textcat = nlp.get_pipe(TEXTCAT)
    out = []
    for doc in textcat.pipe(docs, batch_size=256):  # type: ignore[attr-defined]
        out.append(dict(doc.cats))
    return out


def apply_compliance(
    compliance: Compliance, docs: list[Doc], raw: list[dict[str, float]]
) -> list[set[str]]:
    for doc, cats in zip(docs, raw, strict=True):
        doc.cats = dict(cats)
    decided = list(compliance.pipe(docs))
    for component in _after_compliance(compliance):
        decided = [component(doc) for doc in decided]
    return [set(doc._.theme_labels) for doc in decided]


def _after_compliance(compliance: Compliance) -> list[Any]:
    """The off-label judge, which decides off_label after compliance (when in the pipeline)."""
    names = compliance.nlp.pipe_names
    return [compliance.nlp.get_pipe(OFF_LABEL_PIPE)] if OFF_LABEL_PIPE in names else []


def tune_thresholds(
    nlp: Language,
    docs: list[Doc],
    notes: list[Note],
    raw: list[dict[str, float]],
    *,
    beta: float = 1.0,
    default: Catalog | None = None,
    floored_on: int | None = None,
) -> dict[str, float]:
    """Pick each label's threshold on dev: best F-beta, or the highest meeting a recall floor.

    ``raw`` are the classifier's scores for the dev notes; the rules run on top of them
    for every candidate threshold of the labels they touch. With ``floored_on`` the labels
    with a recall floor and the rule gates are tuned on the first ``floored_on`` notes
    only (the training dev split, whose safety and off-label notes those floors were set
    for); the notes after them calibrate the other labels.
    """
    compliance: Compliance = nlp.get_pipe("fieldsignal_compliance")  # type: ignore[assignment]
    gold = [set(note.get("labels", [])) for note in notes]
    floored = len(notes) if floored_on is None else floored_on
    compliance.thresholds = {}
    predict_labels(compliance, docs, notes, raw, default)
    final_scores = [dict(doc.cats) for doc in docs]
    chosen: dict[str, float] = {}
    for label in LABELS:
        results = []
        for threshold in GRID:
            if label in RULED:
                # Rules move these labels' scores, so run the decisions again.
                compliance.thresholds = {label: threshold}
                predicted = predict_labels(compliance, docs, notes, raw, default)
                hits = [label in p for p in predicted]
            else:
                hits = [scores[label] >= threshold for scores in final_scores]
            if label in RECALL_FLOORS:
                hits, label_gold = hits[:floored], gold[:floored]
            else:
                label_gold = gold
            results.append((threshold, *_fbeta_recall(label, hits, label_gold, beta)))
        chosen[label] = _choose(results, RECALL_FLOORS.get(label))
    compliance.thresholds = chosen
    part = slice(0, floored)
    _tune_rule_gates(compliance, docs[part], notes[part], raw[part], gold[part], default)
    tune_off_label_gate(compliance, docs[part], notes[part], raw[part], default)
    return chosen


def tune_second_opinion(
    compliance: Compliance,
    docs: list[Doc],
    notes: list[Note],
    raw: list[dict[str, float]],
    default: Catalog | None = None,
) -> float:
    """Set the ``off_label`` threshold, the classifier's own say beside the label reader, on
    the dev splits' notes alone: best F2 (a compliance flag: recall weighs twice), middle of
    the plateau, no recall floor.

    The recall floor on the training dev split suits the reader's rule gate; applied to the
    classifier's threshold it pulls the threshold down until the classifier alone raises
    what the reader misses in the training catalogs, which costs precision on every catalog
    the model has not seen (2.2.0: 0.34 from the floor; on the dev splits alone, F2: see
    docs/nlp.md).
    """
    gold = [set(note.get("labels", [])) for note in notes]
    base = dict(compliance.thresholds)
    results = []
    for threshold in GRID:
        compliance.thresholds = {**base, OFF_LABEL: threshold}
        predicted = predict_labels(compliance, docs, notes, raw, default)
        hits = [OFF_LABEL in p for p in predicted]
        results.append((threshold, *_fbeta_recall(OFF_LABEL, hits, gold, 2.0)))
    chosen = _choose(results, None)
    compliance.thresholds = {**base, OFF_LABEL: chosen}
    return chosen


RULE_GATES = {ADVERSE_EVENT: "ae_rule_threshold"}  # off_label's rule: components/off_label.py
GATE_GRID = [0.0, 0.02, 0.05, 0.1, 0.15, 0.2, 0.3]


def _tune_rule_gates(
    compliance: Compliance,
    docs: list[Doc],
    notes: list[Note],
    raw: list[dict[str, float]],
    gold: list[set[str]],
    default: Catalog | None,
) -> None:
    """How low the classifier may be when a rule fires; best F1, ties to the lowest gate."""
    for label, attribute in RULE_GATES.items():
        best = (-1.0, getattr(compliance, attribute))
        for gate in GATE_GRID:
            setattr(compliance, attribute, gate)
            predicted = predict_labels(compliance, docs, notes, raw, default)
            f1, _ = _fbeta_recall(label, [label in p for p in predicted], gold, 1.0)
            if f1 > best[0] + 1e-9:
                best = (f1, gate)
        setattr(compliance, attribute, best[1])


def tune_off_label_gate(
    compliance: Compliance,
    docs: list[Doc],
    notes: list[Note],
    raw: list[dict[str, float]],
    default: Catalog | None = None,
) -> None:
    """How low the classifier's off_label score may be when the label reader finds a broken
    constraint; best F1 on dev, ties to the lowest gate (the rule alone). Dev notes of
    catalogs the classifier never saw (``nlp/data/dev/``) belong here: there the classifier's
    second opinion is weakest, and a gate tuned only on familiar catalogs is set too high."""
    gold = [set(note.get("labels", [])) for note in notes]
    judges = _after_compliance(compliance)
    if not judges:
        return
    judge = judges[0]
    best = (-1.0, judge.rule_gate)
    for gate in GATE_GRID:
        judge.rule_gate = gate
        predicted = predict_labels(compliance, docs, notes, raw, default)
        f1, _ = _fbeta_recall(OFF_LABEL, [OFF_LABEL in p for p in predicted], gold, 1.0)
        if f1 > best[0] + 1e-9:
            best = (f1, gate)
    judge.rule_gate = best[1]


RULED = (ADVERSE_EVENT, OFF_LABEL, STALE_CONTENT)


def _fbeta_recall(
    label: str, hits: list[bool], gold: list[set[str]], beta: float
) -> tuple[float, float]:
    tp = sum(1 for h, g in zip(hits, gold, strict=True) if h and label in g)
    fp = sum(1 for h, g in zip(hits, gold, strict=True) if h and label not in g)
    fn = sum(1 for h, g in zip(hits, gold, strict=True) if not h and label in g)
    recall = tp / (tp + fn) if tp + fn else 1.0
    b2 = beta * beta
    denominator = (1 + b2) * tp + b2 * fn + fp
    return ((1 + b2) * tp / denominator if denominator else 0.0), recall


def _choose(results: list[tuple[float, float, float]], floor: float | None) -> float:
    meeting = [r for r in results if floor is not None and r[2] >= floor] or results
    best_f1 = max(r[1] for r in meeting)
    # Several thresholds tie on a small dev set; the middle of the plateau is the safest.
    return _plateau_middle([r for r in meeting if r[1] >= best_f1 - 1e-9])


def _plateau_middle(rows: list[tuple[float, float, float]]) -> float:
    thresholds = sorted(r[0] for r in rows)
    return thresholds[len(thresholds) // 2]


def predict_labels(
    compliance: Compliance,
    docs: list[Doc],
    notes: list[Note],
    raw: list[dict[str, float]],
    default: Catalog | None = None,
) -> list[set[str]]:
    """Final labels for preprocessed docs from given classifier scores, each note's catalog set."""
    groups: dict[int, tuple[Catalog, list[int]]] = {}
    for i, note in enumerate(notes):
        catalog = catalog_for(note, default)
        groups.setdefault(id(catalog), (catalog, []))[1].append(i)
    predicted: list[set[str]] = [set() for _ in docs]
    for catalog, indices in groups.values():
        for component in (compliance, *_after_compliance(compliance)):
            component.set_catalog(catalog)
        labels = apply_compliance(compliance, [docs[i] for i in indices], [raw[i] for i in indices])
        for i, found in zip(indices, labels, strict=True):
            predicted[i] = found
    return predicted


def cross_catalog_scores(
    make_pipeline: Callable[[], Language],
    train_notes: list[Note],
    dev_notes: list[Note],
    *,
    seed: int,
    epochs: int,
    feature_drop: float,
    default: Catalog | None = None,
    jobs: int = 1,
) -> list[dict[str, float]] | None:
    """Dev scores from models that never saw the dev note's catalog (None with one catalog).

    Thresholds tuned on these fit a catalog the model was not trained on, which is how the
    tagger is used; tuned on same-catalog scores they come out too high for a new one.
    With ``jobs`` > 1 the per-catalog models train in that many forked processes.
    """
    catalogs = {_catalog_key(note) for note in train_notes}
    if len(catalogs) < 2:
        return None
    held_outs = sorted({_catalog_key(note) for note in dev_notes})
    options = {"seed": seed, "epochs": epochs, "feature_drop": feature_drop}
    _CROSS.clear()
    _CROSS.update(
        make_pipeline=make_pipeline,
        train_notes=train_notes,
        dev_notes=dev_notes,
        options=options,
        default=default,
    )
    if jobs > 1 and len(held_outs) > 1:
        # Fork: the workers inherit _CROSS (closures and notes need no pickling).
        with multiprocessing.get_context("fork").Pool(min(jobs, len(held_outs))) as pool:
            parts = pool.map(_held_out_scores, held_outs)
    else:
        parts = [_held_out_scores(held_out) for held_out in held_outs]
    _CROSS.clear()
    raw: list[dict[str, float] | None] = [None] * len(dev_notes)
    for indices, scores in parts:
        for i, cats in zip(indices, scores, strict=True):
            raw[i] = cats
    return [cats for cats in raw if cats is not None]


_CROSS: dict[str, Any] = {}


def _catalog_key(note: Note) -> str:
    return str(note.get("catalog") or "")


def _held_out_scores(held_out: str) -> tuple[list[int], list[dict[str, float]]]:
    """Train on every catalog but ``held_out``; score ``held_out``'s dev notes."""
    train_notes: list[Note] = _CROSS["train_notes"]
    dev_notes: list[Note] = _CROSS["dev_notes"]
    default = _CROSS["default"]
    others = [note for note in train_notes if _catalog_key(note) != held_out]
    indices = [i for i, note in enumerate(dev_notes) if _catalog_key(note) == held_out]
    inner = _CROSS["make_pipeline"]()
    inner.initialize()
    docs = preprocess(inner, others, default)
    train_textcat(inner, to_examples(docs, others), **_CROSS["options"])
    scores = classify(inner, preprocess(inner, [dev_notes[i] for i in indices], default))
    return indices, scores
