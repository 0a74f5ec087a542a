"""Labeled notes on disk (DESIGN.md JSONL) and the deterministic train/dev split."""

import hashlib
import json
from pathlib import Path
from typing import Any

from nlp.catalog import Catalog
from nlp.data import build

DATA_DIR = Path(__file__).resolve().parent / "data"
CATALOG_DIR = DATA_DIR / "catalogs"
TRAIN_PATH = DATA_DIR / "train.jsonl"
DEV_DIR = (
    DATA_DIR / "dev"
)  # dev splits written apart from training: <name>/{notes.jsonl,catalog.json}
HELDOUT_DIR = DATA_DIR / "heldout"  # never trained or tuned on: only nlp.evaluate reads these

Note = dict[str, Any]


def read_notes(path: Path | str) -> list[Note]:
    """Read labeled notes, one JSON object per line; blank lines are skipped."""
    notes: list[Note] = []
    with Path(path).open(encoding="utf-8") as fh:
        for line in fh:
            if line.strip():
                notes.append(json.loads(line))
    return notes


def split_notes(folder: Path) -> list[Note]:
    """The notes of one split folder (``notes.jsonl`` + ``catalog.json``), each carrying its
    split's catalog path, so ``catalog_for`` finds it."""
    catalog = folder / "catalog.json"
    return [{**note, "catalog": str(catalog)} for note in read_notes(folder / "notes.jsonl")]


def dev_split_dirs(root: Path = DEV_DIR) -> list[Path]:
    """Every dev split folder under ``root`` that has its notes and its catalog."""
    return sorted(
        path.parent
        for path in root.glob("*/notes.jsonl")
        if (path.parent / "catalog.json").exists()
    )


def tuning_notes(folders: list[Path]) -> list[Note]:
    """Notes of dev split folders, each tied to its own catalog; a held-out split is refused."""
    notes: list[Note] = []
    for folder in folders:
        if HELDOUT_DIR.resolve() in (folder.resolve(), *folder.resolve().parents):
            raise SystemExit(f"{folder}: held-out splits are never trained or tuned on")
        notes += split_notes(folder)
    return notes


def ensure_train_file() -> Path:
    """Compile ``nlp/data/train.jsonl`` from the sources when missing or older than them."""
    sources = list(build.SRC_DIR.glob("train_*.jsonl"))
    newest = max((p.stat().st_mtime for p in sources), default=0.0)
    if not TRAIN_PATH.exists() or TRAIN_PATH.stat().st_mtime < newest:
        records = build.load_sources("train")
        with TRAIN_PATH.open("w", encoding="utf-8") as fh:
            for record in records:
                fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    return TRAIN_PATH


def is_dev(note_id: str, fraction: float = 0.15) -> bool:
    """Stable dev membership from a hash of the note id (same answer on every machine)."""
    digest = hashlib.sha1(note_id.encode("utf-8")).digest()
    return int.from_bytes(digest[:4], "big") / 2**32 < fraction


def split_train_dev(notes: list[Note], fraction: float = 0.15) -> tuple[list[Note], list[Note]]:
    train = [n for n in notes if not is_dev(str(n["id"]), fraction)]
    dev = [n for n in notes if is_dev(str(n["id"]), fraction)]
    return train, dev


def catalog_for(note: Note, default: Catalog | None = None) -> Catalog:
    """The catalog a note was written against: its ``catalog`` stem or path, else ``default``."""
    name = note.get("catalog")
    if not name:
        return default or Catalog()
    path = Path(name)
    if not path.suffix:
        path = CATALOG_DIR / f"{name}.json"
    return load_catalog(path)


_CACHE: dict[Path, Catalog] = {}


def load_catalog(path: Path) -> Catalog:
    path = path.resolve()
    if path not in _CACHE:
        _CACHE[path] = Catalog.from_path(path)
    return _CACHE[path]
