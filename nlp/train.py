"""Train the theme classifier, tune thresholds on dev, save a versioned model.

    python -m nlp.train [--classifier NAME] [--seed N] [--corrections FILE.jsonl] [--output DIR]
                        [--calibration DEV_SPLIT_DIR ...]

Reads nlp/data/train.jsonl (compiled from nlp/data/src when missing or stale), holds out
a dev split by a hash of each note id, trains on the rest, tunes per-label thresholds on
dev and writes ``nlp/models/fieldsignal-themes-<version>/``; ``nlp/models/current`` is
then pointed at it (only for models saved under nlp/models, unless --promote).
The dev splits written apart from training (``nlp/data/dev/*``, each against its own
catalog, never trained on) join the training dev notes for the per-label thresholds and the
off-label rule gate; ``--calibration DIR`` (repeatable) names other splits instead.
``--corrections`` adds analysts' corrected notes (DESIGN.md JSONL) to the training part;
give ``--corrections-catalog`` for those without a ``catalog`` field.
"""

import argparse
import hashlib
import json
import os
import sys
import time
from pathlib import Path
from typing import Any, cast

from spacy.language import Language

from nlp.catalog import Catalog
from nlp.components.compliance import OFF_LABEL, Compliance
from nlp.corpus import (
    dev_split_dirs,
    ensure_train_file,
    read_notes,
    split_train_dev,
    tuning_notes,
)
from nlp.metrics import label_report
from nlp.models import MODEL_PREFIX, MODELS_DIR, write_current
from nlp.pipeline import CLASSIFIERS, DEFAULT_CLASSIFIER, SAFETY, build_pipeline, set_catalog
from nlp.training import (
    classify,
    cross_catalog_scores,
    predict_labels,
    preprocess,
    to_examples,
    train_textcat,
    tune_off_label_gate,
    tune_second_opinion,
    tune_thresholds,
)

# 1.1: five training catalogs (3,060 notes). 2.0: resolution scopes in the negation
# component, seven catalogs (3,360 notes), the classifier chosen in docs/nlp.md. 2.1:
# subject-negating predicates and "stopped worrying" in the negation component, the gastro
# notes (train_themes_s3), thresholds calibrated with the everyday dev split as well. 2.2:
# seven more independent writers (7,039 notes, 20 catalogs), every dev split in the
# calibration, the scope veto, safety rounds 3-4, the identifier shapes, label reader round 2.
BASE_VERSION = "2.2.0"


def _version(args: argparse.Namespace) -> str:
    if args.version:
        return str(args.version)
    if args.corrections:
        digest = hashlib.sha1(Path(args.corrections).read_bytes()).hexdigest()[:8]
        return f"{BASE_VERSION}+c{digest}"
    return BASE_VERSION


def train(args: argparse.Namespace) -> dict[str, Any]:
    started = time.perf_counter()
    notes = read_notes(args.data or ensure_train_file())
    train_notes, dev_notes = split_train_dev(notes, args.dev_fraction)
    default = Catalog.from_path(args.corrections_catalog) if args.corrections_catalog else None
    if args.corrections:
        train_notes += read_notes(args.corrections)

    def make_pipeline() -> Language:
        return build_pipeline(
            classifier=args.classifier,
            ngram_size=args.ngrams,
            use_lemmas=args.lemmas,
            length=2**17,
        )

    nlp = make_pipeline()
    nlp.initialize()
    train_docs = preprocess(nlp, train_notes, default)
    dev_docs = preprocess(nlp, dev_notes, default)
    options = {"seed": args.seed, "epochs": args.epochs, "feature_drop": args.feature_drop}
    losses = train_textcat(nlp, to_examples(train_docs, train_notes), **options)
    own_scores = classify(nlp, dev_docs)
    cross = cross_catalog_scores(
        make_pipeline, train_notes, dev_notes, default=default, jobs=args.jobs, **options
    )
    calibration = "cross-catalog" if cross is not None else "same-catalog"
    # One choice for the dev splits written apart from training (never trained on): every one
    # of them (or those named by --calibration) joins the training dev notes both for the
    # per-label thresholds and for the off-label rule gate.
    splits = dev_split_dirs() if args.calibration is None else args.calibration
    extra = tuning_notes(splits)
    extra_docs = preprocess(nlp, extra)
    extra_scores = classify(nlp, extra_docs)
    if extra:
        calibration += f" + {len(extra)} notes of {len(splits)} dev split(s)"
    thresholds = tune_thresholds(
        nlp,
        dev_docs + extra_docs,
        dev_notes + extra,
        (cross or own_scores) + extra_scores,
        default=default,
        # adverse_event / off_label keep their recall floors on the training dev split:
        # the safety and off-label notes there are what those floors were set for.
        floored_on=len(dev_notes),
    )
    compliance = cast(Compliance, nlp.get_pipe("fieldsignal_compliance"))
    if extra:  # the off-label gate also on the dev splits of catalogs never trained on
        tune_off_label_gate(
            compliance,
            dev_docs + extra_docs,
            dev_notes + extra,
            (cross or own_scores) + extra_scores,
            default,
        )
        # The classifier's own off_label say: on the dev splits alone (see the docstring).
        thresholds[OFF_LABEL] = tune_second_opinion(
            compliance, extra_docs, extra, extra_scores, default
        )
    gold = [set(n.get("labels", [])) for n in dev_notes]
    reports = {
        "dev": label_report(
            gold, predict_labels(compliance, dev_docs, dev_notes, own_scores, default)
        ),
    }
    if cross is not None:
        reports["dev_cross_catalog"] = label_report(
            gold, predict_labels(compliance, dev_docs, dev_notes, cross, default)
        )
    if extra:
        reports["calibration_splits"] = label_report(
            [set(n.get("labels", [])) for n in extra],
            predict_labels(compliance, extra_docs, extra, extra_scores, default),
        )
    version = _version(args)
    name = f"{MODEL_PREFIX}{version}"
    output = Path(args.output) if args.output else MODELS_DIR / name
    set_catalog(nlp, None)  # a model carries no catalog; the caller sets one at run time
    nlp.meta.update(
        {
            "name": "fieldsignal_themes",
            "version": version,
            "description": "FieldSignal field-note tagger (themes, catalog, negation, compliance)",
            "fieldsignal": {
                "model_version": name,
                "classifier": args.classifier,
                **options,
                "ngram_size": args.ngrams,
                "lemmas": args.lemmas,
                "train_notes": len(train_notes),
                "dev_notes": len(dev_notes),
                "dev_split_notes": len(extra),
                "threshold_calibration": calibration,
                "thresholds": thresholds,
                "rule_gates": {
                    "adverse_event": compliance.ae_rule_threshold,
                    "off_label": _off_label_gate(nlp),
                },
                "dev_macro_f1": round(reports["dev"]["macro_f1"], 4),
                # The safety lexicon is saved inside the model; its digest names the version.
                "safety_lexicon": getattr(nlp.get_pipe(SAFETY), "lexicon_version", None),
                "final_loss": round(losses[-1], 4) if losses else None,
            },
        }
    )
    nlp.to_disk(output)
    promoted = bool(args.promote or output.resolve().parent == MODELS_DIR.resolve())
    if promoted:
        write_current(output)
    return {
        "output": str(output),
        "model_version": name,
        "promoted": promoted,
        "train_notes": len(train_notes),
        "dev_notes": len(dev_notes),
        "threshold_calibration": calibration,
        "thresholds": thresholds,
        "rule_gates": {
            "adverse_event": compliance.ae_rule_threshold,
            "off_label": _off_label_gate(nlp),
        },
        "seconds": round(time.perf_counter() - started, 1),
        "reports": reports,
    }


def _off_label_gate(nlp: Language) -> float:
    return float(getattr(nlp.get_pipe("fieldsignal_off_label"), "rule_gate", 0.0))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--seed", type=int, default=0)
    parser.add_argument(
        "--classifier",
        choices=CLASSIFIERS,
        default=DEFAULT_CLASSIFIER,
        help=f"classifier architecture (default {DEFAULT_CLASSIFIER}, see docs/nlp.md)",
    )
    parser.add_argument("--corrections", type=Path, help="extra labeled notes (DESIGN.md JSONL)")
    parser.add_argument("--corrections-catalog", type=Path, help="catalog for corrections")
    parser.add_argument("--output", type=Path, help="model directory to write")
    parser.add_argument(
        "--version", help=f"model version (default {BASE_VERSION}, +c<hash> with corrections)"
    )
    parser.add_argument("--promote", action="store_true", help="point nlp/models/current here")
    parser.add_argument("--data", type=Path, help="training notes (default nlp/data/train.jsonl)")
    parser.add_argument("--epochs", type=int, default=12)
    parser.add_argument("--ngrams", type=int, default=1, help="n-gram size of the classifier")
    parser.add_argument(
        "--no-lemmas",
        dest="lemmas",
        action="store_false",
        help="classifier reads words, not lemmas",
    )
    parser.add_argument("--dev-fraction", type=float, default=0.15)
    parser.add_argument(
        "--calibration",
        type=Path,
        action="append",
        default=None,
        metavar="DIR",
        help="a dev split (DIR/notes.jsonl, DIR/catalog.json) never trained on whose notes\n"
        "join the dev notes for the thresholds and the off-label gate (repeatable;\n"
        "default: every split under nlp/data/dev); held-out splits are refused",
    )
    parser.add_argument(
        "--jobs",
        type=int,
        default=min(2, os.cpu_count() or 1),
        help="processes for the cross-catalog models (default: 2, or 1 on one core)",
    )
    parser.add_argument("--feature-drop", type=float, default=0.2, help="feature dropout")
    args = parser.parse_args(argv)
    result = train(args)
    reports = result.pop("reports")
    print(json.dumps(result, indent=2))
    for name, report in reports.items():
        print(f"{name}: macro-F1 {report['macro_f1']:.3f} over {report['notes']} notes")
        for label, row in report["labels"].items():
            print(
                f"  {label:22s} P {row['precision']:.2f} R {row['recall']:.2f} "
                f"F1 {row['f1']:.2f} n={row['support']}"
            )
    return 0


if __name__ == "__main__":
    sys.exit(main())
