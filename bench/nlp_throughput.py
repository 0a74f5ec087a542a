"""Notes per second per core: the full tagger beside a bare spacy.blank("en") tokenizer.

    python bench/nlp_throughput.py [--data NOTES.jsonl] [--catalog CATALOG.json] [--repeat N]

Runs on one core (BLAS threads pinned to 1), over the same notes, in the same process.
Each rate is the best of ``--rounds`` passes so a cold cache does not count.
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

import spacy  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from nlp.api import load_tagger  # noqa: E402
from nlp.corpus import ensure_train_file, read_notes  # noqa: E402


def best_rate(run, texts: list[str], rounds: int) -> float:
    best = 0.0
    for _ in range(rounds):
        started = time.perf_counter()
        run(texts)
        best = max(best, len(texts) / (time.perf_counter() - started))
    return best


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--data", type=Path, help="notes JSONL (default nlp/data/train.jsonl)")
    parser.add_argument("--catalog", type=Path, default=ROOT / "nlp/data/catalogs/cardio.json")
    parser.add_argument("--repeat", type=int, default=1, help="repeat the notes N times")
    parser.add_argument("--rounds", type=int, default=3)
    args = parser.parse_args()
    texts = [n["text"] for n in read_notes(args.data or ensure_train_file())] * args.repeat
    tokens = spacy.blank("en")
    tagger = load_tagger(catalog=json.loads(args.catalog.read_text(encoding="utf-8")))

    def tokenize(batch: list[str]) -> None:
        for _ in tokens.pipe(batch, batch_size=256):
            pass

    def pipeline(batch: list[str]) -> None:
        for _ in tagger.nlp.pipe(batch, batch_size=256):
            pass

    tok_rate = best_rate(tokenize, texts, args.rounds)
    full_rate = best_rate(pipeline, texts, args.rounds)
    api_rate = best_rate(lambda b: tagger.tag_many(b, batch_size=256), texts, args.rounds)
    chars = sum(len(t) for t in texts) / len(texts)
    print(f"notes: {len(texts)} (mean {chars:.0f} chars), model {tagger.model_version}, 1 core")
    print(f"bare spacy.blank('en') tokenizer : {tok_rate:10.0f} notes/s/core")
    print(f"full tagger pipeline (nlp.pipe)  : {full_rate:10.0f} notes/s/core")
    print(f"full tagger + TagResult (API)    : {api_rate:10.0f} notes/s/core")
    print(f"pipeline / tokenizer             : {full_rate / tok_rate:10.3f}")
    print(f"pipeline components: {', '.join(tagger.nlp.pipe_names)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
