"""The safety vocabulary as data: ``lexicon/<section>/<group>.txt``, one term a line.

Sections: ``events`` (adverse reactions by body system), ``special`` (special situations),
``complaint`` (product-quality complaints and the product nouns they attach to),
``seriousness`` (one group per seriousness criterion) and ``context`` (cues that decide
whether a mention is a case). ``#`` starts a comment line. The component copies the whole
lexicon into the model when it is saved, so editing these files never changes a saved model.
"""

import hashlib
import json
from pathlib import Path

LEXICON_DIR = Path(__file__).resolve().parent / "lexicon"
SECTIONS = ("events", "special", "complaint", "seriousness", "context")

Lexicon = dict[str, dict[str, list[str]]]  # section -> group -> terms


def load_lexicon(directory: Path = LEXICON_DIR) -> Lexicon:
    """Read every ``<section>/<group>.txt`` under ``directory`` (lowercased, deduplicated)."""
    lexicon: Lexicon = {}
    for section in SECTIONS:
        groups: dict[str, list[str]] = {}
        for path in sorted((directory / section).glob("*.txt")):
            terms = []
            for line in path.read_text(encoding="utf-8").splitlines():
                term = " ".join(line.strip().lower().split())
                if term and not term.startswith("#"):
                    terms.append(term)
            groups[path.stem] = list(dict.fromkeys(terms))
        lexicon[section] = groups
    return lexicon


def lexicon_digest(lexicon: Lexicon) -> str:
    """A short, stable fingerprint of a lexicon (recorded in the model's meta)."""
    raw = json.dumps(lexicon, sort_keys=True, ensure_ascii=False).encode("utf-8")
    return hashlib.sha1(raw).hexdigest()[:10]
