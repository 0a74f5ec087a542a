"""CPU milliseconds per note for each pipe of the tagger, and for building TagResults.

    python bench/nlp_pipe_cpu.py [--model DIR] [--root CODE_DIR] [--limit N] [--rounds R]

Runs one pipe at a time over the first ``--limit`` notes of nlp/data/train.jsonl (cardio
catalog), timed in process CPU time on one core, and prints the best of ``--rounds``
per pipe. ``--root`` runs another checkout's code, so two versions can be compared in
one run on a loaded machine (run them back to back, or alternate).
"""

import os

for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import json  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--model", type=Path)
    parser.add_argument("--root", type=Path, default=ROOT)
    parser.add_argument("--limit", type=int, default=4000)
    parser.add_argument("--rounds", type=int, default=2)
    args = parser.parse_args()
    sys.path.insert(0, str(args.root.resolve()))
    from nlp.api import load_tagger
    from nlp.corpus import read_notes

    catalog = json.loads((ROOT / "nlp/data/catalogs/cardio.json").read_text(encoding="utf-8"))
    tagger = load_tagger(model_dir=args.model, catalog=catalog)
    nlp = tagger.nlp
    texts = [n["text"] for n in read_notes(ROOT / "nlp/data/train.jsonl")][: args.limit]
    best: dict[str, float] = {}
    for _ in range(args.rounds):
        docs = [nlp.make_doc(text) for text in texts]
        for name, proc in [*nlp.pipeline, ("TagResult", None)]:
            started = time.process_time()
            if proc is None:
                for doc in docs:
                    tagger._result(doc)
            elif hasattr(proc, "pipe"):
                docs = list(proc.pipe(docs, batch_size=256))
            else:
                docs = [proc(doc) for doc in docs]
            spent = (time.process_time() - started) / len(texts) * 1000
            best[name] = min(best.get(name, spent), spent)
    pipes = sum(v for k, v in best.items() if k != "TagResult")
    for name, ms in best.items():
        print(f"{name:28s} {ms:7.3f} ms/note")
    print(f"{'all pipes':28s} {pipes:7.3f} ms/note (+ TagResult {best['TagResult']:.3f})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
