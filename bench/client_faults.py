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
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from tests.field_client.live_server import FaultRun, LiveServer, device, kill_loop  # noqa: E402


def _report(runs: list[FaultRun], started: float) -> bool:
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
    print(f"wall time: {time.monotonic() - started:.1f} s")
    return (
        lost == 0
        and duplicated == 0
        and all(r.local_pending == 0 and r.local_mismatch == 0 for r in runs)
        and all(r.integrity == "ok" for r in runs)
    )


def _device_loop(
    server: LiveServer, work: Path, username: str, chunks: list[int], seed: int, out: _Runs
) -> None:
    """One device of ``username``: its chunks of kill -9 runs, one after the other."""
    home = device(server, work / f"phone-{username}", username)
    for k, size in enumerate(chunks):
        out.add(username, kill_loop(server, home, work, username, iterations=size, seed=seed + k))


class _Runs:
    """Finished chunks of every device; a summary is printed as each one ends."""

    def __init__(self, total_chunks: int) -> None:
        self.runs: list[FaultRun] = []
        self.total = total_chunks
        self.lock = threading.Lock()
        self.started = time.monotonic()

    def add(self, username: str, run: FaultRun) -> None:
        with self.lock:
            self.runs.append(run)
            if len(self.runs) < self.total:
                print(f"--- after chunk {len(self.runs)} of {self.total} ({username}) ---")
                _report(self.runs, self.started)
                print(flush=True)


def main() -> int:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser()
    parser.add_argument("runs", type=int, help="number of kill -9 runs")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--chunk", type=int, default=1000, help="runs between two full checks")
    parser.add_argument("--redis", help="broker for the server's jobs (no worker consumes them)")
    parser.add_argument(
        "--devices", type=int, default=1, help="devices (rep1, rep2, ...) syncing at once"
    )
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
    sizes = [min(args.chunk, args.runs - i) for i in range(0, args.runs, args.chunk)]
    out = _Runs(len(sizes))
    try:
        # Each device's loop is serial (capture, sync, kill, wait); several devices keep the
        # server busy the way a field force does, and the runs add up to N.
        with ThreadPoolExecutor(max_workers=args.devices) as pool:
            loops = [
                pool.submit(
                    _device_loop,
                    server,
                    work,
                    f"rep{d + 1}",
                    sizes[d :: args.devices],
                    args.seed + 1000 * d,
                    out,
                )
                for d in range(args.devices)
            ]
            for loop in loops:
                loop.result()
    finally:
        server.stop()
        if args.redis:
            redis.Redis.from_url(args.redis).flushdb()
    mode = f"jobs to {args.redis}, no worker" if args.redis else "embedded, jobs in-process"
    print(f"server: {mode}; devices syncing at once: {args.devices}")
    ok = _report(out.runs, out.started)
    print("target 0 lost / 0 duplicated:", "met" if ok else "NOT met")
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
