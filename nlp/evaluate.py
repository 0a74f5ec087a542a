"""Score the tagger on labeled notes.

    python -m nlp.evaluate --data NOTES.jsonl --catalog CATALOG.json [--predictions OUT.jsonl] [--json]
        [--show-misses]

Prints per-label precision/recall/F1/support, macro-F1 (over labels with support) and
patient-identifier span precision/recall, exact (same offsets and type) and by overlap
(same type, any overlap). ``--predictions`` writes one line per note:
``{"id", "labels", "pii"}``. Adverse-event recall/precision with 95% Wilson intervals and
recall per safety category come from ``nlp.safety.evaluate``; ``--show-misses`` lists the
reportable notes the tagger missed (redacted text).
"""

import argparse
import json
import sys
import time
from pathlib import Path
from typing import Any

from nlp.api import TagResult, load_tagger
from nlp.corpus import read_notes
from nlp.metrics import label_report, pii_report
from nlp.pii.evaluate import by_type as pii_by_type
from nlp.pii.evaluate import format_by_type as format_pii_by_type
from nlp.safety.evaluate import format_safety, safety_report


def evaluate(
    data: Path, catalog: Path, model: Path | None = None
) -> tuple[dict[str, Any], list[dict[str, Any]], list[TagResult]]:
    notes = read_notes(data)
    tagger = load_tagger(model, json.loads(catalog.read_text(encoding="utf-8")))
    started = time.perf_counter()
    results = tagger.tag_many([note["text"] for note in notes])
    seconds = time.perf_counter() - started
    labels = label_report(
        [set(note.get("labels", [])) for note in notes], [set(r.label_names) for r in results]
    )
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
        "pii": pii,
        "pii_by_type": pii_by_type(gold_pii, pred_pii),  # type: ignore[arg-type]
        "safety": safety_report(notes, [set(r.label_names) for r in results]),
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
    parser.add_argument("--data", type=Path, required=True, help="labeled notes JSONL")
    parser.add_argument("--catalog", type=Path, required=True, help="catalog JSON")
    parser.add_argument("--predictions", type=Path, help="write predictions JSONL here")
    parser.add_argument("--json", action="store_true", help="print the report as JSON")
    parser.add_argument("--model", type=Path, help="model directory (default: current)")
    parser.add_argument(
        "--show-misses", action="store_true", help="list the reportable notes that were missed"
    )
    args = parser.parse_args(argv)
    report, notes, results = evaluate(args.data, args.catalog, args.model)
    if args.predictions:
        write_predictions(args.predictions, notes, results)
    print(json.dumps(report, indent=2) if args.json else format_report(report))
    if not args.json:
        texts = {str(n.get("id")): r.redacted_text for n, r in zip(notes, results, strict=True)}
        print()
        print(format_safety(report["safety"], notes, texts, show_misses=args.show_misses))
    return 0


if __name__ == "__main__":
    sys.exit(main())
