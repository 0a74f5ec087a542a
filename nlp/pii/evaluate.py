"""Patient-identifier precision/recall by type.

``by_type`` and ``format_by_type`` score any predictions (``nlp.evaluate`` prints them for
the full tagger). Run as a module, it scores the detector alone on labeled notes, a
development aid: the training sources (``nlp/data/src/train_*.jsonl``) by default, or any
labeled notes JSONL in the DESIGN.md format. Never point it at a held-out split while tuning.

    python -m nlp.pii.evaluate                 # train sources, exact-span scores
    python -m nlp.pii.evaluate --errors        # also print every miss and false alarm
    python -m nlp.pii.evaluate --data nlp/data/src/train_pii_hard.jsonl --errors
    python -m nlp.pii.evaluate --data nlp/data/dev/safety/notes.jsonl   # its catalog.json too
    python -m nlp.pii.evaluate --bench         # also time the component against the tokenizer
"""

import argparse
import json
import sys
import time
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Any

from nlp.data.build import DATA_DIR, SRC_DIR, compile_record
from nlp.pii.detect import PII_TYPES, PiiDetector, PiiSpan
from nlp.pii.rules import PiiRules

Span = tuple[int, int, str]


def by_type(gold: list[list[Span]], predicted: list[list[Span]]) -> dict[str, dict[str, Any]]:
    """Per type (and ``ALL``): exact-span tp/fp/fn, precision and recall, and recall by
    overlap (a gold span counts as found when a predicted span of its type overlaps it)."""
    rows: dict[str, Counter[str]] = {kind: Counter() for kind in (*PII_TYPES, "ALL")}
    for gold_spans, pred_spans in zip(gold, predicted, strict=True):
        g = {(int(s), int(e), str(t)) for s, e, t in gold_spans}
        p = {(int(s), int(e), str(t)) for s, e, t in pred_spans}
        for kind, spans in (("tp", g & p), ("fn", g - p), ("fp", p - g)):
            for span in spans:
                rows[span[2]][kind] += 1
                rows["ALL"][kind] += 1
        for s, e, t in g:
            hit = any(t == pt and ps < e and s < pe for ps, pe, pt in p)
            rows[t]["overlap_found"] += hit
            rows["ALL"]["overlap_found"] += hit
    report: dict[str, dict[str, Any]] = {}
    for kind, c in rows.items():
        gold_n, pred_n = c["tp"] + c["fn"], c["tp"] + c["fp"]
        report[kind] = {
            "gold": gold_n,
            "predicted": pred_n,
            "tp": c["tp"],
            "fp": c["fp"],
            "fn": c["fn"],
            "precision": c["tp"] / pred_n if pred_n else None,
            "recall": c["tp"] / gold_n if gold_n else None,
            "overlap_recall": c["overlap_found"] / gold_n if gold_n else None,
        }
    return report


def format_by_type(report: dict[str, dict[str, Any]]) -> str:
    """A table: one row per identifier type, exact-span P/R and overlap recall."""

    def num(value: float | None) -> str:
        return "     -" if value is None else f"{value:6.3f}"

    lines = [
        f"{'identifier type':16s} {'P':>6s} {'R':>6s} {'R ovl':>6s} {'gold':>5s} "
        f"{'pred':>5s} {'fp':>4s} {'fn':>4s}"
    ]
    for kind, row in report.items():
        lines.append(
            f"{kind:16s} {num(row['precision'])} {num(row['recall'])} "
            f"{num(row['overlap_recall'])} {row['gold']:5d} {row['predicted']:5d} "
            f"{row['fp']:4d} {row['fn']:4d}"
        )
    return "\n".join(lines)


def load_notes(paths: Iterable[Path]) -> list[dict[str, Any]]:
    """Labeled notes from JSONL files; source files with ``[[TYPE:...]]`` markers too.

    Lines that do not parse are skipped (sources are edited while we read them).
    """
    notes: list[dict[str, Any]] = []
    for path in paths:
        for line in path.read_text(encoding="utf-8").splitlines():
            try:
                raw = json.loads(line)
                notes.append(raw if "pii" in raw else compile_record(raw))
            except (ValueError, KeyError):
                continue
    return notes


_RULES: list[PiiRules] = []


def detector_for(
    stem: str | None, cache: dict[str | None, PiiDetector], catalog: Path | None = None
) -> PiiDetector:
    """A detector that ignores the product names of the note's catalog, as the pipeline does
    (``catalog``, when given, is the catalog of every note: a dev split's own)."""
    if not _RULES:
        _RULES.append(PiiRules.from_package())
    if stem not in cache:
        path = catalog or DATA_DIR / "catalogs" / f"{stem}.json"
        words: list[str] = []
        if (stem or catalog) and path.exists():
            data = json.loads(path.read_text(encoding="utf-8"))
            for product in data.get("products", []):
                for term in (product.get("name", ""), *(product.get("aliases") or ())):
                    words += term.split()
            words += [asset.get("code", "") for asset in data.get("content_assets", [])]
        cache[stem] = PiiDetector(_RULES[0], ignore_words=words)
    return cache[stem]


def score(
    notes: list[dict[str, Any]], *, use_catalog: bool = True, catalog: Path | None = None
) -> tuple[dict[str, Counter[str]], list[str]]:
    """Per-type tp/fp/fn counts (exact spans), gold spans overlapped by a prediction of
    their type (``overlap``; "the 2nd of March 2011" found as "2nd of March 2011"), and a
    readable list of errors."""
    counts: dict[str, Counter[str]] = {kind: Counter() for kind in (*PII_TYPES, "ALL")}
    errors: list[str] = []
    detectors: dict[str | None, PiiDetector] = {}
    for note in notes:
        stem = note.get("catalog") if use_catalog else None
        detector = detector_for(stem, detectors, catalog if use_catalog else None)
        text = note["text"]
        gold = {(s, e, t) for s, e, t in note["pii"]}
        pred: set[PiiSpan] = set(detector.find(text))
        for s, e, t in gold:
            if any(t == pt and ps < e and s < pe for ps, pe, pt in pred):
                counts[t]["overlap"] += 1
                counts["ALL"]["overlap"] += 1
        for kind, spans, verdict in (
            ("tp", gold & pred, ""),
            ("fn", gold - pred, "MISS"),
            ("fp", pred - gold, "FALSE"),
        ):
            for s, e, t in sorted(spans):
                counts[t][kind] += 1
                counts["ALL"][kind] += 1
                if verdict:
                    context = text[max(0, s - 50) : e + 30].replace("\n", " ")
                    errors.append(
                        f"{verdict:5s} {t:12s} {text[s:e]!r:32s} {note['id']}: ...{context}..."
                    )
    return counts, errors


def report(counts: dict[str, Counter[str]]) -> str:
    """Exact-span precision and recall per type, and recall by overlap (``R ovl``)."""
    lines = [f"{'type':14s} {'P':>6s} {'R':>6s} {'R ovl':>6s} {'tp':>5s} {'fp':>5s} {'fn':>5s}"]
    for kind, c in counts.items():
        gold = c["tp"] + c["fn"]
        p = c["tp"] / (c["tp"] + c["fp"]) if c["tp"] + c["fp"] else 1.0
        r = c["tp"] / gold if gold else 1.0
        ovl = c["overlap"] / gold if gold else 1.0
        lines.append(
            f"{kind:14s} {p:6.3f} {r:6.3f} {ovl:6.3f} {c['tp']:5d} {c['fp']:5d} {c['fn']:5d}"
        )
    return "\n".join(lines)


def bench(texts: list[str], rounds: int = 3) -> str:
    """Milliseconds per note: the spaCy component alone, and a blank tokenizer for scale."""
    import spacy

    import nlp.pii  # noqa: F401  (registers the factory)

    blank = spacy.blank("en")
    pipe = spacy.blank("en")
    component = pipe.add_pipe("fieldsignal_pii")
    docs = [blank(text) for text in texts]

    def best(run: Any) -> float:
        timings = []
        for _ in range(rounds):
            start = time.perf_counter()
            run()
            timings.append(time.perf_counter() - start)
        return min(timings) / len(texts) * 1000

    component_ms = best(lambda: [component(doc) for doc in docs])
    tokenizer_ms = best(lambda: [blank(text) for text in texts])
    chars = sum(map(len, texts)) / len(texts)
    return (
        f"{len(texts)} notes, mean {chars:.0f} chars: fieldsignal_pii {component_ms:.4f} ms/note, "
        f"blank tokenizer {tokenizer_ms:.4f} ms/note (best of {rounds})"
    )


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, action="append", help="labeled notes JSONL")
    parser.add_argument("--errors", action="store_true", help="print misses and false alarms")
    parser.add_argument("--bench", action="store_true", help="time the component per note")
    parser.add_argument(
        "--no-catalog", action="store_true", help="do not ignore the notes' catalog products"
    )
    parser.add_argument(
        "--catalog",
        type=Path,
        help="catalog of every note (default: catalog.json next to a single --data file)",
    )
    args = parser.parse_args(argv)
    paths = args.data or sorted(SRC_DIR.glob("train_*.jsonl"))
    catalog = args.catalog
    if catalog is None and args.data and len(args.data) == 1:
        beside = args.data[0].parent / "catalog.json"
        catalog = beside if beside.exists() else None
    notes = load_notes(paths)
    counts, errors = score(notes, use_catalog=not args.no_catalog, catalog=catalog)
    print(f"{len(notes)} notes, {sum(1 for n in notes if n['pii'])} with patient identifiers")
    print(report(counts))
    if args.errors:
        print("\n".join(errors))
    if args.bench:
        print(bench([note["text"] for note in notes]))
    return 0


if __name__ == "__main__":
    sys.exit(main())
