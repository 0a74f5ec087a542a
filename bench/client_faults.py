"""kill -9 the field client at random instants of a sync against a live server; count lost and
duplicated notes.

    .venv/bin/python bench/client_faults.py N [--seed S] [--chunk K] [--redis URL]

Each of the N runs captures 1-60 notes (sometimes one more while the sync runs), starts
`field-client sync` as its own process and sends it SIGKILL at an instant drawn uniformly over
the time a whole sync takes here. Every K runs (default 1,000) one clean sync; then a brand-new
device of the same rep pulls everything, and every note captured in those K runs must be on the
server exactly once. The server and the device live through all N runs, so their stores grow as
a real device's would; a line is printed per chunk, so a long run shows its figures as it goes.
The server is the embedded one as shipped (`manage.py serve`: tagging and rules in a thread of
the server process). Over thousands of runs that background work, not sync, becomes most of the
server's time; `--redis URL` sends the jobs to that Redis broker instead, with no worker, as in
production where workers run on other machines, so the runs measure the sync path alone.
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

from tests.field_client.live_server import FaultRun, LiveServer, device, kill_loop  # noqa: E402


def _report(runs: list[FaultRun]) -> bool:
    notes = sum(len(r.notes) for r in runs)
    lost = sum(r.lost for r in runs)
    duplicated = sum(r.duplicated for r in runs)
    print(
        f"runs: {sum(r.iterations for r in runs)}  killed mid-sync: {sum(r.killed for r in runs)}"
        f"  finished before the kill: {sum(r.finished_before_kill for r in runs)}"
    )
    print(
        f"runs in which the server applied something: {sum(r.progressed for r in runs)}; "
        "kills between the server applying a batch and the device recording it: "
        f"{sum(r.server_ahead for r in runs)}"
    )
    print(f"notes captured: {notes}  lost: {lost}  duplicated: {duplicated}")
    last = runs[-1]
    print(
        f"after each clean sync: pending {sum(r.local_pending for r in runs)}, notes not synced "
        f"locally {sum(r.local_mismatch for r in runs)}, integrity_check "
        f"{'ok' if all(r.integrity == 'ok' for r in runs) else last.integrity}"
    )
    print(f"wall time: {round(sum(r.seconds for r in runs), 1)} s")
    return (
        lost == 0
        and duplicated == 0
        and all(r.local_pending == 0 and r.local_mismatch == 0 for r in runs)
        and all(r.integrity == "ok" for r in runs)
    )


def main() -> int:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", type=int, help="number of kill -9 runs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=1000, help="runs between two full checks")
    parser.add_argument("--redis", help="broker for the server's jobs (no worker consumes them)")
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fc-faults-"))
    if args.redis:
        import redis

        redis.Redis.from_url(args.redis).flushdb()
    server = LiveServer(
        work / "server", extra_env={"REDIS_URL": args.redis} if args.redis else None
    )
    server.prepare()
    server.start()
    runs: list[FaultRun] = []
    try:
        home = device(server, work / "phone", "rep1")
        remaining = args.runs
        while remaining > 0:
            size = min(args.chunk, remaining)
            runs.append(
                kill_loop(server, home, work, "rep1", iterations=size, seed=args.seed + len(runs))
            )
            remaining -= size
            if remaining > 0:
                print(f"--- after chunk {len(runs)} ---")
                _report(runs)
                print(flush=True)
    finally:
        server.stop()
        if args.redis:
            redis.Redis.from_url(args.redis).flushdb()
    print(
        f"server: {'jobs to ' + args.redis + ', no worker' if args.redis else 'embedded, jobs in-process'}"
    )
    ok = _report(runs)
    print("target 0 lost / 0 duplicated:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
