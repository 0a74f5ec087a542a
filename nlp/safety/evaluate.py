"""Adverse-event figures for ``nlp.evaluate``: recall and precision with 95% Wilson
intervals, recall per safety category (the optional ``ae_category`` field of labeled
notes) and the reportable notes the tagger missed."""

import math
from typing import Any

ADVERSE_EVENT = "adverse_event"
Z95 = 1.959964


def wilson(successes: int, total: int, z: float = Z95) -> tuple[float, float]:
    """The Wilson score interval of a proportion (0, 0 when there is nothing to count)."""
    if total == 0:
        return 0.0, 0.0
    p = successes / total
    denominator = 1 + z * z / total
    centre = (p + z * z / (2 * total)) / denominator
    half = z * math.sqrt(p * (1 - p) / total + z * z / (4 * total * total)) / denominator
    return max(0.0, centre - half), min(1.0, centre + half)


def safety_report(notes: list[dict[str, Any]], predicted: list[set[str]]) -> dict[str, Any]:
    """Recall/precision of ``adverse_event`` with intervals, per-category recall, misses."""
    gold = [ADVERSE_EVENT in set(note.get("labels", [])) for note in notes]
    hits = [ADVERSE_EVENT in labels for labels in predicted]
    tp = sum(1 for g, h in zip(gold, hits, strict=True) if g and h)
    fp = sum(1 for g, h in zip(gold, hits, strict=True) if h and not g)
    fn = sum(1 for g, h in zip(gold, hits, strict=True) if g and not h)
    categories: dict[str, list[int]] = {}
    for note, g, h in zip(notes, gold, hits, strict=True):
        if g:
            row = categories.setdefault(str(note.get("ae_category") or "unspecified"), [0, 0])
            row[0] += h
            row[1] += 1
    return {
        "reportable": tp + fn,
        "flagged": tp + fp,
        "recall": tp / (tp + fn) if tp + fn else 0.0,
        "recall_ci95": wilson(tp, tp + fn),
        "precision": tp / (tp + fp) if tp + fp else 0.0,
        "precision_ci95": wilson(tp, tp + fp),
        "recall_by_category": {
            name: {"found": found, "total": total, "recall": found / total}
            for name, (found, total) in sorted(categories.items())
        },
        "missed": [
            str(note.get("id")) for note, g, h in zip(notes, gold, hits, strict=True) if g and not h
        ],
        "false_alarms": [
            str(note.get("id")) for note, g, h in zip(notes, gold, hits, strict=True) if h and not g
        ],
    }


def format_safety(
    report: dict[str, Any],
    notes: list[dict[str, Any]] | None = None,
    texts: dict[str, str] | None = None,
    show_misses: bool = False,
) -> str:
    """The report as printed by ``nlp.evaluate``; with ``show_misses`` the missed notes, shown
    as ``texts`` gives them (the caller passes the redacted text: no identifier is printed)."""
    r_lo, r_hi = report["recall_ci95"]
    p_lo, p_hi = report["precision_ci95"]
    lines = [
        f"adverse_event recall    {report['recall']:.3f}  95% CI [{r_lo:.3f}, {r_hi:.3f}]  "
        f"({report['reportable'] - len(report['missed'])} of {report['reportable']} reportable)",
        f"adverse_event precision {report['precision']:.3f}  95% CI [{p_lo:.3f}, {p_hi:.3f}]  "
        f"({report['flagged'] - len(report['false_alarms'])} of {report['flagged']} flagged)",
        "adverse_event recall by category: "
        + (
            ", ".join(
                f"{name} {row['recall']:.3f} ({row['found']}/{row['total']})"
                for name, row in report["recall_by_category"].items()
            )
            or "-"
        ),
    ]
    if show_misses:
        by_id = {str(note.get("id")): note for note in notes or []}
        lines.append(f"missed reportable notes ({len(report['missed'])}):")
        for note_id in report["missed"]:
            note = by_id.get(note_id, {})
            category = note.get("ae_category") or "unspecified"
            lines.append(f"  {note_id} [{category}] {(texts or {}).get(note_id, '')!r}")
    return "\n".join(lines)
