"""Scores for labels (per-label P/R/F1, macro-F1) and patient-identifier spans."""

from typing import Any

from nlp.labels import LABELS, PII_TYPES

PiiSpan = tuple[int, int, str]


def _prf(tp: int, fp: int, fn: int) -> tuple[float, float, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def label_report(
    gold: list[set[str]], predicted: list[set[str]], labels: tuple[str, ...] = LABELS
) -> dict[str, Any]:
    """Per-label precision/recall/F1/support and the macro-F1 over labels with support."""
    rows: dict[str, dict[str, float]] = {}
    for label in labels:
        tp = sum(1 for g, p in zip(gold, predicted, strict=True) if label in g and label in p)
        fp = sum(1 for g, p in zip(gold, predicted, strict=True) if label not in g and label in p)
        fn = sum(1 for g, p in zip(gold, predicted, strict=True) if label in g and label not in p)
        precision, recall, f1 = _prf(tp, fp, fn)
        rows[label] = {"precision": precision, "recall": recall, "f1": f1, "support": tp + fn}
    supported = [row["f1"] for row in rows.values() if row["support"]]
    macro = sum(supported) / len(supported) if supported else 0.0
    exact = sum(1 for g, p in zip(gold, predicted, strict=True) if g == p)
    return {
        "labels": rows,
        "macro_f1": macro,
        "exact_match": exact / len(gold) if gold else 0.0,
        "notes": len(gold),
    }


def pii_report(gold: list[list[PiiSpan]], predicted: list[list[PiiSpan]]) -> dict[str, Any]:
    """Span precision/recall: exact (same offsets and type) and overlap (same type, any overlap)."""
    out: dict[str, Any] = {}
    for mode in ("exact", "overlap"):
        match = _same if mode == "exact" else _overlaps
        tp_gold = fn = tp_pred = fp = 0
        per_type = {kind: [0, 0] for kind in PII_TYPES}  # found, total (recall per type)
        for g_spans, p_spans in zip(gold, predicted, strict=True):
            for g in g_spans:
                hit = any(match(g, p) for p in p_spans)
                tp_gold += hit
                fn += not hit
                if g[2] in per_type:
                    per_type[g[2]][0] += hit
                    per_type[g[2]][1] += 1
            for p in p_spans:
                hit = any(match(g, p) for g in g_spans)
                tp_pred += hit
                fp += not hit
        precision = tp_pred / (tp_pred + fp) if tp_pred + fp else 0.0
        recall = tp_gold / (tp_gold + fn) if tp_gold + fn else 0.0
        out[mode] = {
            "precision": precision,
            "recall": recall,
            "gold_spans": tp_gold + fn,
            "predicted_spans": tp_pred + fp,
            "recall_by_type": {k: (v[0] / v[1] if v[1] else None) for k, v in per_type.items()},
        }
    return out


def _same(a: PiiSpan, b: PiiSpan) -> bool:
    return a[0] == b[0] and a[1] == b[1] and a[2] == b[2]


def _overlaps(a: PiiSpan, b: PiiSpan) -> bool:
    return a[2] == b[2] and a[0] < b[1] and b[0] < a[1]


def negation_error(notes: list[dict[str, Any]], predicted: list[set[str]]) -> dict[str, Any]:
    """Of the notes whose ``negated`` field lists labels they mention but negate or resolve,
    the share that still get one of those labels (held-out splits carry the field)."""
    counted = errors = 0
    by_label: dict[str, list[int]] = {}  # label -> [wrongly given, notes negating it]
    for note, labels in zip(notes, predicted, strict=True):
        negated = [label for label in note.get("negated") or [] if label in LABELS]
        if not negated:
            continue
        counted += 1
        errors += any(label in labels for label in negated)
        for label in negated:
            row = by_label.setdefault(label, [0, 0])
            row[0] += label in labels
            row[1] += 1
    return {
        "notes": counted,
        "errors": errors,
        "rate": errors / counted if counted else None,
        "by_label": {
            label: {"errors": e, "notes": n} for label, (e, n) in sorted(by_label.items())
        },
    }
