"""Score the tagger on labeled notes.

    python -m nlp.evaluate                                  # the onco test split
    python -m nlp.evaluate --heldout everyday               # nlp/data/heldout/everyday/
    python -m nlp.evaluate --heldout all                    # every held-out split in turn
    python -m nlp.evaluate --data NOTES.jsonl --catalog CATALOG.json [--predictions OUT.jsonl] [--json]
        [--show-misses]

Prints per-label precision/recall/F1/support, macro-F1 (over labels with support),
positive_feedback F1, the negation/resolution error (of the notes whose ``negated`` field
lists labels they mention but negate or resolve, the share that get one of them) and
patient-identifier span precision/recall, exact (same offsets and type) and by overlap
(same type, any overlap). ``--predictions`` writes one line per note:
``{"id", "labels", "pii"}``. Adverse-event recall/precision with 95% Wilson intervals and
recall per safety category come from ``nlp.safety.evaluate``; ``--show-misses`` lists the
reportable notes the tagger missed (redacted text). ``off_label`` precision/recall per
therapy area (and how many hits the label reader decided) come from ``nlp.off_label_report``.
"""

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from nlp.api import TagResult, load_tagger
from nlp.catalog import Catalog
from nlp.corpus import CATALOG_DIR, DATA_DIR, HELDOUT_DIR, read_notes
from nlp.metrics import label_report, negation_error, pii_report
from nlp.off_label_report import format_off_label, off_label_report
from nlp.pii.evaluate import by_type as pii_by_type
from nlp.pii.evaluate import format_by_type as format_pii_by_type
from nlp.safety.evaluate import format_safety, safety_report

TEST_DATA = DATA_DIR / "test.jsonl"
TEST_CATALOG = CATALOG_DIR / "test_onco.json"


def evaluate(
    data: Path, catalog: Path, model: Path | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]], list[TagResult]]:
    notes = read_notes(data)
    tagger = load_tagger(model, json.loads(catalog.read_text(encoding="utf-8")))
    started = time.perf_counter()
    results = tagger.tag_many([note["text"] for note in notes])
    seconds = time.perf_counter() - started
    predicted = [set(r.label_names) for r in results]
    labels = label_report([set(note.get("labels", [])) for note in notes], predicted)
    pii = pii_report(
        [[tuple(span) for span in note.get("pii", [])] for note in notes],  # type: ignore[misc]
        [[tuple(span) for span in r.pii] for r in results],  # type: ignore[misc]
    )
    gold_pii = [[tuple(span) for span in note.get("pii", [])] for note in notes]
    pred_pii = [[tuple(span) for span in r.pii] for r in results]
    report = {
        "model_version": tagger.model_version,
        "data": str(data),
        "catalog": str(catalog),
        "notes": len(notes),
        "seconds": round(seconds, 2),
        "labels": labels["labels"],
        "macro_f1": labels["macro_f1"],
        "exact_match": labels["exact_match"],
        "positive_feedback_f1": labels["labels"]["positive_feedback"]["f1"],
        "negation": negation_error(notes, predicted),
        "pii": pii,
        "pii_by_type": pii_by_type(gold_pii, pred_pii),  # type: ignore[arg-type]
        "safety": safety_report(notes, [set(r.label_names) for r in results]),
        "off_label": off_label_report(notes, results, [Catalog.from_path(catalog)] * len(notes)),
    }
    return report, notes, results


def format_report(report: dict[str, Any]) -> str:
    lines = [
        f"model {report['model_version']}  data {report['data']}  catalog {report['catalog']}",
        f"{report['notes']} notes tagged in {report['seconds']} s",
        "",
        f"{'label':24s} {'P':>6s} {'R':>6s} {'F1':>6s} {'support':>8s}",
    ]
    for label, row in report["labels"].items():
        lines.append(
            f"{label:24s} {row['precision']:6.3f} {row['recall']:6.3f} {row['f1']:6.3f} "
            f"{row['support']:8d}"
        )
    lines.append(f"{'macro-F1':24s} {report['macro_f1']:20.3f}")
    lines.append(f"{'exact label-set match':24s} {report['exact_match']:20.3f}")
    lines.append(f"{'positive_feedback F1':24s} {report['positive_feedback_f1']:20.3f}")
    negation = report["negation"]
    if negation["rate"] is None:
        lines.append("negation/resolution error: no note has a `negated` field")
    else:
        lines.append(
            f"negation/resolution error: {negation['rate']:.3f} "
            f"({negation['errors']} of {negation['notes']} notes with a negated or resolved "
            "mention get a label they negate)"
        )
        lines.append(
            "  per negated label (wrongly given / notes): "
            + ", ".join(f"{k} {v['errors']}/{v['notes']}" for k, v in negation["by_label"].items())
        )
    lines.append("")
    for mode, title in (("exact", "exact span + type"), ("overlap", "overlap, same type")):
        row = report["pii"][mode]
        lines.append(
            f"PII spans, {title:20s} P {row['precision']:.3f}  R {row['recall']:.3f}  "
            f"(gold {row['gold_spans']}, predicted {row['predicted_spans']})"
        )
    by_type = report["pii"]["exact"]["recall_by_type"]
    lines.append(
        "PII exact recall by type: "
        + ", ".join(f"{k} {v:.2f}" for k, v in by_type.items() if v is not None)
    )
    lines += ["", "Patient identifiers by type (exact span + type; R ovl = by overlap):"]
    lines.append(format_pii_by_type(report["pii_by_type"]))
    lines += ["", *format_off_label(report["off_label"])]
    return "\n".join(lines)


def write_predictions(path: Path, notes: list[dict[str, Any]], results: list[TagResult]) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for note, result in zip(notes, results, strict=True):
            line = {"id": note.get("id"), "labels": result.label_names, "pii": result.pii}
            fh.write(json.dumps(line, ensure_ascii=False) + "\n")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--data", type=Path, help="labeled notes JSONL (default: the test split)")
    parser.add_argument("--catalog", type=Path, help="catalog JSON")
    parser.add_argument(
        "--heldout", metavar="SPLIT", help="a held-out split: nlp/data/heldout/SPLIT/notes.jsonl"
    )
    parser.add_argument("--predictions", type=Path, help="write predictions JSONL here")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--model", type=Path, help="model directory (default: current)")
    parser.add_argument(
        "--show-misses", action="store_true", help="list the reportable notes that were missed"
    )
    args = parser.parse_args(argv)
    if args.heldout == "all":
        splits = sorted(p.parent for p in HELDOUT_DIR.glob("*/notes.jsonl"))
        if not splits:
            parser.error(f"no compiled held-out split under {HELDOUT_DIR}")
        for folder in splits:
            _run(folder / "notes.jsonl", folder / "catalog.json", args)
            print()
        return 0
    if args.heldout:
        folder = HELDOUT_DIR / args.heldout
        if not (folder / "notes.jsonl").is_file():
            parser.error(
                f"no held-out split at {folder} (compile it: python -m nlp.data.heldout_compile)"
            )
        data, catalog = folder / "notes.jsonl", folder / "catalog.json"
    elif args.data:
        if not args.catalog:
            parser.error("--data needs --catalog")
        data, catalog = args.data, args.catalog
    else:
        data, catalog = TEST_DATA, args.catalog or TEST_CATALOG
    _run(data, catalog, args)
    return 0


def _run(data: Path, catalog: Path, args: argparse.Namespace) -> None:
    report, notes, results = evaluate(data, catalog, args.model)
    if args.predictions:
        write_predictions(args.predictions, notes, results)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    if not args.json:
        texts = {str(n.get("id")): r.redacted_text for n, r in zip(notes, results, strict=True)}
        print()
        print(format_safety(report["safety"], notes, texts, show_misses=args.show_misses))


if __name__ == "__main__":
    sys.exit(main())
