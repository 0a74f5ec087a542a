"""Prove a refactor changes no output: dump every TagResult, then compare two dumps.

    PYTHONHASHSEED=0 python bench/nlp_equivalence.py dump OUT.jsonl [--model DIR] [--root CODE_DIR]
    python bench/nlp_equivalence.py compare BEFORE.jsonl AFTER.jsonl

``dump`` tags every note of nlp/data/train.jsonl (each with the catalog it names) and of
every dev split (each with its own catalog) and writes one full ``TagResult.to_dict()``
per line, floats rounded to 6 places. ``--root`` runs another checkout's code (e.g. a
``git archive`` of main) on the same notes, so before and after use the same model.
``dump`` needs ``PYTHONHASHSEED=0``: which lexicon group a safety evidence span reports
can depend on set order (nlp/safety/hits.py ``_longest``), so unseeded runs of the same
code differ. ``compare`` prints the number of notes and of differing fields, and exits 1 on any.
"""

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]


def _rounded(value: Any) -> Any:
    if isinstance(value, float):
        return round(value, 6)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [_rounded(v) for v in value]
    return value


def dump(out: Path, model: Path | None, root: Path) -> None:
    if os.environ.get("PYTHONHASHSEED") != "0":
        # The safety evidence's group can follow set order on str hashes, which Python
        # salts per process: two runs of the same code differ without a fixed seed.
        raise SystemExit("run dump with PYTHONHASHSEED=0 (see the module docstring)")
    root = root.resolve()
    sys.path.insert(0, str(root))
    from nlp.api import load_tagger
    from nlp.corpus import DEV_DIR, catalog_for, dev_split_dirs, read_notes, split_notes

    tagger = load_tagger(model_dir=model)
    notes = read_notes(ROOT / "nlp/data/train.jsonl")
    for folder in dev_split_dirs(DEV_DIR):
        notes += split_notes(folder)
    groups: dict[str, list[dict[str, Any]]] = {}
    for note in notes:
        groups.setdefault(str(note.get("catalog")), []).append(note)
    with out.open("w", encoding="utf-8") as fh:
        for group in groups.values():
            tagger.set_catalog(catalog_for(group[0]))
            for note, result in zip(group, tagger.tag_many(n["text"] for n in group), strict=True):
                where = str(note.get("catalog")).removeprefix(f"{root}/")  # same for any root
                row = {"id": note["id"], "catalog": where, **result.to_dict()}
                fh.write(json.dumps(_rounded(row), sort_keys=True) + "\n")
    print(f"{sum(len(g) for g in groups.values())} notes, {len(groups)} catalogs -> {out}")


def compare(before: Path, after: Path) -> int:
    rows_a = [json.loads(line) for line in before.open(encoding="utf-8")]
    rows_b = [json.loads(line) for line in after.open(encoding="utf-8")]
    diffs = 0
    if len(rows_a) != len(rows_b):
        print(f"note counts differ: {len(rows_a)} vs {len(rows_b)}")
        return 1
    for a, b in zip(rows_a, rows_b, strict=True):
        for key in sorted(set(a) | set(b)):
            if a.get(key) != b.get(key):
                diffs += 1
                if diffs <= 20:
                    print(f"{a.get('id')} {key}:\n  before {a.get(key)}\n  after  {b.get(key)}")
    fields = sorted(rows_a[0]) if rows_a else []
    print(f"{len(rows_a)} notes compared on fields {fields}: {diffs} differences")
    return 1 if diffs else 0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    sub = parser.add_subparsers(dest="cmd", required=True)
    d = sub.add_parser("dump")
    d.add_argument("out", type=Path)
    d.add_argument("--model", type=Path)
    d.add_argument("--root", type=Path, default=ROOT)
    c = sub.add_parser("compare")
    c.add_argument("before", type=Path)
    c.add_argument("after", type=Path)
    args = parser.parse_args()
    if args.cmd == "dump":
        dump(args.out, args.model, args.root)
        return 0
    return compare(args.before, args.after)


if __name__ == "__main__":
    raise SystemExit(main())
