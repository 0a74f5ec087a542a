"""off_label precision and recall per therapy area, and how each hit was decided.

A note's area is its ``therapy_area`` field, else the therapeutic area of the first
catalog product it lists (own products first), else "(none)". A note is a rule hit when
its evidence carries a broken constraint (``[start, end, "off_label", reason]``).
"""

from collections import defaultdict
from typing import Any

from nlp.api import TagResult
from nlp.catalog import Catalog

OFF_LABEL = "off_label"


def therapy_area(note: dict[str, Any], catalog: Catalog) -> str:
    if note.get("therapy_area"):
        return str(note["therapy_area"])
    products = [catalog.product(str(name)) for name in note.get("products") or []]
    known = sorted((p for p in products if p is not None), key=lambda p: not p.is_own)
    for product in known:
        if product.therapeutic_area:
            return product.therapeutic_area.split(" - ")[0].strip().lower()
    return "(none)"


def rule_hit(result: TagResult) -> bool:
    return any(len(item) > 3 and item[2] == OFF_LABEL for item in result.evidence)


def off_label_report(
    notes: list[dict[str, Any]], results: list[TagResult], catalogs: list[Catalog]
) -> dict[str, dict[str, Any]]:
    """{area: {precision, recall, support, predicted, rule_hits}} plus an "all" row."""
    rows: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
    for note, result, catalog in zip(notes, results, catalogs, strict=True):
        gold = OFF_LABEL in note.get("labels", [])
        predicted = OFF_LABEL in result.label_names
        for area in (therapy_area(note, catalog), "all"):
            row = rows[area]
            row["support"] += gold
            row["predicted"] += predicted
            row["tp"] += gold and predicted
            row["rule_hits"] += predicted and rule_hit(result)
    report: dict[str, dict[str, Any]] = {}
    for area in sorted(rows, key=lambda a: (a == "all", a)):
        row = rows[area]
        if not row["support"] and not row["predicted"] and area != "all":
            continue
        report[area] = {
            "precision": row["tp"] / row["predicted"] if row["predicted"] else 0.0,
            "recall": row["tp"] / row["support"] if row["support"] else 0.0,
            "support": row["support"],
            "predicted": row["predicted"],
            "rule_hits": row["rule_hits"],
        }
    return report


def format_off_label(report: dict[str, dict[str, Any]]) -> list[str]:
    lines = [
        "off_label by therapy area",
        f"  {'area':28s} {'P':>6s} {'R':>6s} {'support':>8s} {'predicted':>10s} {'by rule':>8s}",
    ]
    for area, row in report.items():
        lines.append(
            f"  {area[:28]:28s} {row['precision']:6.3f} {row['recall']:6.3f} {row['support']:8d} "
            f"{row['predicted']:10d} {row['rule_hits']:8d}"
        )
    return lines
