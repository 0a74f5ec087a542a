"""kill -9 the field client at random instants of a sync against a live server; count lost and
duplicated notes.

    .venv/bin/python bench/client_faults.py N [--seed S]

Each of the N runs captures 1-40 notes (sometimes one more while the sync runs), starts
`field-client sync` as its own process and sends it SIGKILL at an instant drawn uniformly over
the time a whole sync takes here. After the N runs one clean sync; then a brand-new device of the
same rep pulls everything, and every captured note must be on the server exactly once.
Target (issue 4): 0 lost and 0 duplicated.
"""

from __future__ import annotations

import argparse
import logging
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.field_client.live_server import LiveServer, device, kill_loop  # noqa: E402


def main() -> int:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", type=int, help="number of kill -9 runs")
    parser.add_argument("--seed", type=int, default=1)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fc-faults-"))
    server = LiveServer(work / "server")
    server.prepare()
    server.start()
    try:
        home = device(server, work / "phone", "rep1")
        run = kill_loop(server, home, work, "rep1", iterations=args.runs, seed=args.seed)
    finally:
        server.stop()
    print(
        f"runs: {run.iterations}  killed mid-sync: {run.killed}  finished before the kill: {run.finished_before_kill}"
    )
    print(
        f"runs in which the server applied something: {run.progressed}; "
        f"kills between the server applying a batch and the device recording it: {run.server_ahead}"
    )
    print(f"notes captured: {len(run.notes)}  lost: {run.lost}  duplicated: {run.duplicated}")
    print(
        f"after the clean sync: pending {run.local_pending}, notes not synced locally {run.local_mismatch}, "
        f"integrity_check {run.integrity}"
    )
    print(f"wall time: {run.seconds} s")
    ok = run.lost == 0 and run.duplicated == 0 and run.local_pending == 0 and run.integrity == "ok"
    print("target 0 lost / 0 duplicated:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
