"""Compile hand-written note sources into the DESIGN.md labeled-notes JSONL.

Sources in ``nlp/data/src/*.jsonl`` mark patient identifiers inline as
``[[TYPE:text]]`` so that writers never count character offsets by hand; this
module strips the markers and records ``[start, end, TYPE]`` spans instead.

    python -m nlp.data.build            # writes nlp/data/train.jsonl and test.jsonl
    python -m nlp.data.build --check    # validates only
"""

import argparse
import json
import re
import sys
from collections import Counter
from pathlib import Path
from typing import Any

from nlp.labels import LABELS, PII_TYPES

DATA_DIR = Path(__file__).resolve().parent
SRC_DIR = DATA_DIR / "src"

MARKER = re.compile(r"\[\[([A-Z_]+):(.+?)\]\]")


def compile_text(marked: str) -> tuple[str, list[list[Any]]]:
    """Return the plain text and its PII spans for a text with ``[[TYPE:...]]`` markers."""
    out: list[str] = []
    spans: list[list[Any]] = []
    pos = 0
    length = 0
    for match in MARKER.finditer(marked):
        before = marked[pos : match.start()]
        out.append(before)
        length += len(before)
        kind, value = match.group(1), match.group(2)
        if kind not in PII_TYPES:
            raise ValueError(f"unknown PII type {kind!r}")
        spans.append([length, length + len(value), kind])
        out.append(value)
        length += len(value)
        pos = match.end()
    out.append(marked[pos:])
    text = "".join(out)
    if "[[" in text or "]]" in text:
        raise ValueError("unbalanced [[...]] marker")
    return text, spans


def compile_record(raw: dict[str, Any]) -> dict[str, Any]:
    """Validate one source record and return it in the labeled-notes format."""
    text, spans = compile_text(raw["text"])
    labels = raw.get("labels", [])
    negated = raw.get("negated", [])
    unknown = [label for label in [*labels, *negated] if label not in LABELS]
    if unknown:
        raise ValueError(f"unknown labels {unknown}")
    if set(negated) & set(labels):
        raise ValueError(f"labels both given and negated: {sorted(set(negated) & set(labels))}")
    record = {
        "id": raw["id"],
        "text": text,
        "labels": sorted(set(labels)),
        "products": raw.get("products", []),
        "content_codes": raw.get("content_codes", []),
        "pii": spans,
        "catalog": raw.get("catalog"),
    }
    if negated:  # labels the note mentions but negates or resolves (heldout.md)
        record["negated"] = sorted(set(negated))
    for key in ("therapy_area", "off_label_constraint", "ae_category"):  # optional (heldout.md)
        if raw.get(key):
            record[key] = raw[key]
    return record


def load_sources(split: str) -> list[dict[str, Any]]:
    """Compile every ``src/<split>_*.jsonl`` file; raise with file and line on a bad record."""
    records: list[dict[str, Any]] = []
    for path in sorted(SRC_DIR.glob(f"{split}_*.jsonl")):
        for lineno, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip():
                continue
            try:
                records.append(compile_record(json.loads(line)))
            except (ValueError, KeyError, json.JSONDecodeError) as exc:
                raise ValueError(f"{path.name}:{lineno}: {exc}") from exc
    return records


def summarize(records: list[dict[str, Any]]) -> str:
    counts = Counter(label for record in records for label in record["labels"])
    pii = Counter(span[2] for record in records for span in record["pii"])
    lines = [f"{len(records)} notes"]
    lines += [f"  {label:22s} {counts[label]}" for label in LABELS]
    lines += [f"  pii {kind:18s} {pii[kind]}" for kind in PII_TYPES]
    lines.append(f"  no label               {sum(1 for r in records if not r['labels'])}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--check", action="store_true", help="validate and summarize only")
    args = parser.parse_args(argv)
    for split in ("train", "test"):
        try:
            records = load_sources(split)
        except ValueError as exc:
            print(f"error: {exc}", file=sys.stderr)
            return 1
        ids = Counter(record["id"] for record in records)
        dupes = [key for key, n in ids.items() if n > 1]
        if dupes:
            print(f"error: duplicate ids in {split}: {dupes[:5]}", file=sys.stderr)
            return 1
        print(f"[{split}] {summarize(records)}")
        if not args.check:
            target = DATA_DIR / f"{split}.jsonl"
            with target.open("w", encoding="utf-8") as fh:
                for record in records:
                    fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
