"""Tag one note and print the result as JSON.

python -m nlp.tag --catalog CATALOG.json "pt on Hartiva got hives after 2nd dose, reported"
"""

import argparse
import json
import sys
from pathlib import Path

from nlp.api import load_tagger


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("text", help="the note text")
    parser.add_argument("--catalog", type=Path, help="catalog JSON (DESIGN.md format)")
    parser.add_argument("--model", type=Path, help="model directory (default: current)")
    args = parser.parse_args(argv)
    catalog = json.loads(args.catalog.read_text(encoding="utf-8")) if args.catalog else None
    tagger = load_tagger(args.model, catalog)
    print(json.dumps(tagger.tag(args.text).to_dict(), indent=2, ensure_ascii=False))
    return 0


if __name__ == "__main__":
    sys.exit(main())
