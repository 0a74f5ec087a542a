"""Notes per second per core: the full tagger beside a bare spacy.blank("en") tokenizer.

    python bench/nlp_throughput.py [--data NOTES.jsonl] [--catalog CATALOG.json] [--repeat N]

Runs on one core (BLAS threads pinned to 1), over the same notes, in the same process,
timed in process CPU time.
Two figures for each: "first pass" on freshly loaded objects (every note is new to the
tokenizer's cache, as in production) and "warm", the best of ``--rounds`` repeated passes
(the tokenizer has cached every word, which flatters it most).
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from collections.abc import Callable  # noqa: E402
from pathlib import Path  # noqa: E402

import spacy  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.api import load_tagger  # noqa: E402
from nlp.corpus import ensure_train_file, read_notes  # noqa: E402


def best_rate(run, texts: list[str], rounds: int) -> float:
    # CPU time of this process, not wall time: notes per CPU-second is the per-core rate,
    # and other work on a shared machine does not leak into it.
    best = 0.0
    for _ in range(rounds):
        started = time.process_time()
        run(texts)
        best = max(best, len(texts) / max(time.process_time() - started, 1e-9))
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, help="notes JSONL (default nlp/data/train.jsonl)")
    parser.add_argument("--catalog", type=Path, default=ROOT / "nlp/data/catalogs/cardio.json")
    parser.add_argument("--repeat", type=int, default=1, help="repeat the notes N times")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = [n["text"] for n in read_notes(args.data or ensure_train_file())] * args.repeat
    catalog = json.loads(args.catalog.read_text(encoding="utf-8"))

    def fresh_tokenizer() -> Callable[[list[str]], None]:
        tokens = spacy.blank("en")

        def run(batch: list[str]) -> None:
            for _ in tokens.pipe(batch, batch_size=256):
                pass

        return run

    def fresh_pipeline() -> Callable[[list[str]], None]:
        nlp = load_tagger(catalog=catalog).nlp

        def run(batch: list[str]) -> None:
            for _ in nlp.pipe(batch, batch_size=256):
                pass

        return run

    tagger = load_tagger(catalog=catalog)
    rows = [
        ("bare spacy.blank('en') tokenizer", fresh_tokenizer),
        ("full tagger pipeline (nlp.pipe)", fresh_pipeline),
        ("full tagger + TagResult (tag_many)", lambda: lambda b: tagger.tag_many(b)),
    ]
    rates = {}
    for name, factory in rows:
        first = best_rate(factory(), texts, 1)
        warm = best_rate(factory(), texts, args.rounds)
        rates[name] = (first, warm)
    chars = sum(len(t) for t in texts) / len(texts)
    print(f"notes: {len(texts)} (mean {chars:.0f} chars), model {tagger.model_version}, 1 core")
    print(f"{'':36s} {'first pass':>12s} {'warm':>12s}   (notes/s/core)")
    for name, (first, warm) in rates.items():
        print(f"{name:36s} {first:12.0f} {warm:12.0f}")
    tok = rates["bare spacy.blank('en') tokenizer"]
    full = rates["full tagger pipeline (nlp.pipe)"]
    print(f"{'pipeline / tokenizer':36s} {full[0] / tok[0]:12.3f} {full[1] / tok[1]:12.3f}")
    print(f"pipeline components: {', '.join(tagger.nlp.pipe_names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
