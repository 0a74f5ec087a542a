"""Compare classifier candidates on a cross-catalog dev split.

    python -m nlp.compare [--candidates bow,clause_bow,cnn_ensemble,scoped_vectors]
                          [--holdout hep_renal,womens_bone,...] [--dev DEV_SPLIT_DIR]
                          [--epochs N] [--json OUT]

For each held-out *training* catalog H, every candidate is trained on the notes of the
other catalogs and scores H's notes, which it never saw, written against a catalog it
never saw (how the tagger is used); ``--dev DIR`` adds a dev split written by another writer
against its own catalog, scored by the candidate trained on every training catalog. Per-label thresholds (and rule gates) are calibrated
on one half of H's notes and applied to the other half, and the other way round, so no
note is scored with thresholds tuned on it. The test split and nlp/data/heldout are never
read. Prints, per candidate: macro-F1 over the pooled held-out notes and per catalog,
positive_feedback F1, the negation/resolution error on notes that carry a ``negated``
field, training seconds per model and notes/s of the full pipeline (CPU time, one core).
"""

import argparse
import hashlib
import json
import os
import sys
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any, cast

from spacy.language import Language

from nlp.components.compliance import Compliance
from nlp.corpus import Note, catalog_for, ensure_train_file, read_notes, tuning_notes
from nlp.metrics import label_report, negation_error
from nlp.pipeline import CLASSIFIERS, build_pipeline, set_catalog
from nlp.training import (
    classify,
    predict_labels,
    preprocess,
    to_examples,
    train_textcat,
    tune_thresholds,
)

DEFAULT_HOLDOUT = ("hep_renal", "womens_bone", "endo_metabolic", "infectious")


def _half(note: Note) -> int:
    return hashlib.sha1(str(note["id"]).encode()).digest()[0] & 1


def _notes_per_second(nlp: Language, texts: list[str]) -> float:
    started = time.process_time()
    for _ in nlp.pipe(texts, batch_size=256):
        pass
    return len(texts) / max(time.process_time() - started, 1e-9)


def run_holdout(
    classifier: str, notes: list[Note], held_out: str, *, epochs: int, seed: int
) -> dict[str, Any]:
    """Train without ``held_out``; return its notes' 2-fold cross-calibrated predictions."""
    train = [n for n in notes if n.get("catalog") != held_out]
    test = [n for n in notes if n.get("catalog") == held_out]
    return run_split(classifier, train, test, epochs=epochs, seed=seed)


def run_split(
    classifier: str, train: list[Note], test: list[Note], *, epochs: int, seed: int
) -> dict[str, Any]:
    """Train on ``train``; return ``test``'s 2-fold cross-calibrated predictions."""
    nlp = build_pipeline(classifier=classifier)
    nlp.initialize()
    started = time.perf_counter()
    docs = preprocess(nlp, train)
    train_textcat(nlp, to_examples(docs, train), seed=seed, epochs=epochs, feature_drop=0.2)
    seconds = time.perf_counter() - started
    test_docs = preprocess(nlp, test)
    raw = classify(nlp, test_docs)
    compliance = cast(Compliance, nlp.get_pipe("fieldsignal_compliance"))
    predicted: list[set[str]] = [set() for _ in test]
    for fold in (0, 1):
        tune = [i for i, n in enumerate(test) if _half(n) != fold]
        apply = [i for i, n in enumerate(test) if _half(n) == fold]
        tune_thresholds(
            nlp, [test_docs[i] for i in tune], [test[i] for i in tune], [raw[i] for i in tune]
        )
        out = predict_labels(
            compliance,
            [test_docs[i] for i in apply],
            [test[i] for i in apply],
            [raw[i] for i in apply],
        )
        for i, labels in zip(apply, out, strict=True):
            predicted[i] = labels
    set_catalog(nlp, catalog_for(test[0]))
    rate = _notes_per_second(nlp, [n["text"] for n in test])
    return {"notes": test, "predicted": predicted, "seconds": seconds, "notes_per_s": rate}


def compare(
    candidates: list[str],
    holdout: list[str],
    *,
    epochs: int,
    seed: int,
    dev_splits: tuple[Path, ...] = (),
) -> dict[str, Any]:
    notes = read_notes(ensure_train_file())
    present = {n.get("catalog") for n in notes}
    holdout = [h for h in holdout if h in present]
    external = {folder.name: tuning_notes([folder]) for folder in dev_splits}
    results: dict[str, Any] = {}
    for classifier in candidates:
        pooled_notes: list[Note] = []
        pooled_pred: list[set[str]] = []
        per_catalog = {}
        seconds = []
        rates = []
        for held_out, run in _runs(classifier, notes, holdout, external, epochs, seed):
            gold = [set(n.get("labels", [])) for n in run["notes"]]
            per_catalog[held_out] = label_report(gold, run["predicted"])["macro_f1"]
            pooled_notes += run["notes"]
            pooled_pred += run["predicted"]
            seconds.append(run["seconds"])
            rates.append(run["notes_per_s"])
        report = label_report([set(n.get("labels", [])) for n in pooled_notes], pooled_pred)
        results[classifier] = {
            "macro_f1": report["macro_f1"],
            "per_catalog": per_catalog,
            "labels": {k: v["f1"] for k, v in report["labels"].items()},
            "positive_feedback_f1": report["labels"]["positive_feedback"]["f1"],
            "negation": negation_error(pooled_notes, pooled_pred),
            "train_seconds": sum(seconds) / len(seconds),
            "notes_per_s": min(rates),
            "notes": len(pooled_notes),
        }
        print(_row(classifier, results[classifier]), flush=True)
    return results


def _runs(
    classifier: str,
    notes: list[Note],
    holdout: list[str],
    external: dict[str, list[Note]],
    epochs: int,
    seed: int,
) -> Iterator[tuple[str, dict[str, Any]]]:
    """Each held-out training catalog, then each dev split, as (name, its run)."""
    for held_out in holdout:
        yield held_out, run_holdout(classifier, notes, held_out, epochs=epochs, seed=seed)
    for name, dev in external.items():
        yield name, run_split(classifier, notes, dev, epochs=epochs, seed=seed)


def _row(name: str, r: dict[str, Any]) -> str:
    neg = r["negation"]
    neg_text = (
        f"{neg['rate']:.3f} ({neg['errors']}/{neg['notes']})" if neg["rate"] is not None else "n/a"
    )
    cats = " ".join(f"{k}={v:.3f}" for k, v in r["per_catalog"].items())
    return (
        f"{name:16s} macro-F1 {r['macro_f1']:.3f}  pf-F1 {r['positive_feedback_f1']:.3f}  "
        f"neg-err {neg_text}  train {r['train_seconds']:.0f}s/model  "
        f"{r['notes_per_s']:.0f} notes/s  [{cats}]"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--candidates", default=",".join(CLASSIFIERS))
    parser.add_argument("--holdout", default=",".join(DEFAULT_HOLDOUT))
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--dev",
        type=Path,
        action="append",
        default=[],
        metavar="DIR",
        help="also score a dev split with its own catalog (DIR/notes.jsonl, DIR/catalog.json),\n"
        "the candidate trained on every training catalog (repeatable)",
    )
    parser.add_argument("--json", type=Path, help="write the full results here")
    args = parser.parse_args(argv)
    os.environ.setdefault("OMP_NUM_THREADS", "1")
    results = compare(
        args.candidates.split(","),
        [h for h in args.holdout.split(",") if h],
        epochs=args.epochs,
        seed=args.seed,
        dev_splits=tuple(args.dev),
    )
    if args.json:
        args.json.write_text(json.dumps(results, indent=2, default=list))
    return 0


if __name__ == "__main__":
    sys.exit(main())
