"""Compile a held-out split's ``source.jsonl`` (inline ``[[TYPE:text]]`` markers) to ``notes.jsonl``.

    python -m nlp.data.heldout_compile nlp/data/heldout/<split> [...]

Held-out splits are written by writers who never see the training notes and are never trained
or tuned on; ``nlp.data.build`` never reads this folder.
"""

import argparse
import json
import sys
from collections import Counter
from pathlib import Path

from nlp.data.build import compile_record

HELDOUT_DIR = Path(__file__).resolve().parent / "heldout"


def compile_split(folder: Path) -> int:
    """Write ``folder/notes.jsonl`` from ``folder/source.jsonl``; return the number of notes."""
    records = []
    seen: set[str] = set()
    for number, line in enumerate((folder / "source.jsonl").read_text().splitlines(), 1):
        if not line.strip():
            continue
        raw = json.loads(line)
        try:
            record = compile_record(raw)
        except (ValueError, KeyError) as exc:
            raise SystemExit(f"{folder}/source.jsonl line {number}: {exc}") from exc
        if record["id"] in seen:
            raise SystemExit(f"{folder}/source.jsonl line {number}: duplicate id {record['id']}")
        seen.add(record["id"])
        # Keep the writer's extra fields (ae_category, negated, ...): readers ignore them.
        records.append({**{k: v for k, v in raw.items() if k != "text"}, **record})
    out = folder / "notes.jsonl"
    out.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in records))
    labels = Counter(label for r in records for label in r["labels"])
    pii = Counter(span[2] for r in records for span in r["pii"])
    print(f"{folder.name}: {len(records)} notes; labels {dict(labels)}; pii {dict(pii)}")
    return len(records)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("folders", nargs="*", type=Path, help="default: every held-out split")
    args = parser.parse_args(argv)
    folders = args.folders or sorted(p for p in HELDOUT_DIR.iterdir() if p.is_dir())
    for folder in folders:
        compile_split(folder)
    return 0


if __name__ == "__main__":
    sys.exit(main())
