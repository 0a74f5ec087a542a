"""Fuzz the live API with schemathesis, once per role, and count what must never happen.

    .venv/bin/python bench/fuzz.py                  # a long pass: 10 minutes per role
    .venv/bin/python bench/fuzz.py --budget 180     # CI: about 3 minutes in all

Starts the embedded server (a scratch SQLite database under a temp dir, the demo world, in-process
jobs) on 127.0.0.1 only, then runs ``schemathesis run`` against its OpenAPI schema for rep,
analyst, orchestrator and admin, each with its own token. Prints, per role and in total:
requests, server errors (5xx), hangs (no answer within --request-timeout) and responses that do
not match the schema. Exit status 1 if any server error or hang was seen; schema conformance is
reported, not enforced (the contract issue owns it).
"""

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

import httpx

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _support import ROOT, free_port, manage, token, wait_healthy  # noqa: E402

ROLES = {"rep": "rep1", "analyst": "analyst1", "orchestrator": "orchestrator1", "admin": "admin"}
SCHEMATHESIS = str(ROOT / ".venv" / "bin" / "schemathesis")


def _serve(env: dict[str, str], port: int, log: Path) -> subprocess.Popen[bytes]:
    return subprocess.Popen(
        [sys.executable, "manage.py", "serve", "--host", "127.0.0.1", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=log.open("wb"),
    )


def _fuzz_role(
    url: str, key: str, seconds: int, report: Path, timeout: float, seed: int
) -> tuple[int, str]:
    cmd = [
        SCHEMATHESIS,
        "run",
        f"{url}/api/schema/",
        "--header",
        f"Authorization: Token {key}",
        "--checks",
        "not_a_server_error,response_schema_conformance",
        "--max-time",
        str(seconds),
        "--request-timeout",
        str(timeout),
        "--workers",
        "1",
        "--seed",
        str(seed),
        "--no-shrink",
        "--continue-on-failure",
        "--suppress-health-check",
        "all",
        "--report",
        "ndjson",
        "--report-ndjson-path",
        str(report),
        "--warnings",
        "off",
    ]
    # Wall-clock guard on top of --max-time: the phases before fuzzing are not all bounded by it.
    try:
        done = subprocess.run(
            cmd,
            cwd=report.parent,  # schemathesis keeps a .schemathesis cache in its working dir
            capture_output=True,
            text=True,
            timeout=seconds * 2 + 120,
            check=False,
        )
    except subprocess.TimeoutExpired:
        return -1, "schemathesis itself did not finish in time"
    return done.returncode, done.stdout[-3000:]


def _count(report: Path) -> Counter[str]:
    """requests, server_errors / schema_mismatches (distinct operations failing the check),
    server_error_responses, and hangs (requests with no response, timeouts reported)."""
    counts: Counter[str] = Counter()
    failing: dict[str, set[str]] = {"server_errors": set(), "schema_mismatches": set()}
    if not report.exists():
        counts["missing_report"] = 1
        return counts
    for line in report.read_text().splitlines():
        try:
            event = json.loads(line)
        except ValueError:
            continue
        if not isinstance(event, dict):
            continue
        if "NonFatalError" in event or "FatalError" in event:
            text = json.dumps(event).lower()
            if "timeout" in text or "timed out" in text:
                counts["hangs"] += 1
            else:
                counts["network_errors"] += 1
        finished = event.get("ScenarioFinished")
        if not isinstance(finished, dict):
            continue
        recorder = finished.get("recorder") or {}
        label = str(recorder.get("label", "?"))
        for interaction in (recorder.get("interactions") or {}).values():
            response = interaction.get("response") if isinstance(interaction, dict) else None
            if response is None:
                counts["hangs"] += 1
                continue
            counts["requests"] += 1
            if int(response.get("status_code", 0)) >= 500:
                counts["server_error_responses"] += 1
        for checks in (recorder.get("checks") or {}).values():
            for check in checks if isinstance(checks, list) else []:
                if check.get("status") != "failure":
                    continue
                if check.get("name") == "not_a_server_error":
                    failing["server_errors"].add(label)
                elif check.get("name") == "response_schema_conformance":
                    failing["schema_mismatches"].add(label)
    counts["server_errors"] = len(failing["server_errors"])
    counts["schema_mismatches"] = len(failing["schema_mismatches"])
    return counts


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--budget", type=int, default=2400, help="seconds in all (4 roles)")
    parser.add_argument("--request-timeout", type=float, default=15.0, help="a hang, seconds")
    parser.add_argument("--seed", type=int, default=int(time.time()) % 100_000)
    parser.add_argument("--roles", default=",".join(ROLES))
    parser.add_argument("--keep", help="copy the schemathesis reports into this directory")
    args = parser.parse_args()
    roles = [r for r in args.roles.split(",") if r in ROLES]
    per_role = max(10, args.budget // max(1, len(roles)))

    with tempfile.TemporaryDirectory(prefix="fieldsignal-fuzz-") as tmp:
        env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
        env.update({"FIELDSIGNAL_DATA_DIR": tmp, "LOG_LEVEL": "WARNING", "DEBUG": "false"})
        env["PASSWORD_PBKDF2_ITERATIONS"] = "100000"  # logins are not what this run measures
        env["THROTTLE_ENABLED"] = "false"  # 429s would hide the inputs behind them
        manage(env, "migrate", "--verbosity", "0")
        manage(env, "seed_demo")
        port = free_port()
        url = f"http://127.0.0.1:{port}"
        log = Path(tmp) / "server.log"
        server = _serve(env, port, log)
        totals: Counter[str] = Counter()
        failed_runs = []
        try:
            wait_healthy(url)
            print(f"fuzzing {url} (seed {args.seed}, {per_role} s per role)")
            for role in roles:
                key = token(url, ROLES[role])
                report = Path(tmp) / f"{role}.ndjson"
                code, tail = _fuzz_role(url, key, per_role, report, args.request_timeout, args.seed)
                counts = _count(report)
                if args.keep and report.exists():
                    Path(args.keep).mkdir(parents=True, exist_ok=True)
                    (Path(args.keep) / report.name).write_bytes(report.read_bytes())
                alive = True
                try:
                    alive = httpx.get(f"{url}/healthz", timeout=10).status_code in (200, 503)
                except httpx.HTTPError:
                    alive = False
                if not alive:
                    counts["hangs"] += 1
                totals.update(counts)
                print(
                    f"{role:>12}: requests {counts['requests']:>6}  server errors "
                    f"{counts['server_errors']} ({counts['server_error_responses']} responses)  "
                    f"hangs {counts['hangs']}  schema mismatches {counts['schema_mismatches']} "
                    "operations"
                )
                if counts["server_errors"] or counts["server_error_responses"] or counts["hangs"]:
                    failed_runs.append((role, tail))
        finally:
            server.terminate()
            try:
                server.wait(timeout=20)
            except subprocess.TimeoutExpired:
                server.kill()
        print(
            f"{'total':>12}: requests {totals['requests']:>6}  server errors "
            f"{totals['server_errors']} ({totals['server_error_responses']} responses)  "
            f"hangs {totals['hangs']}  schema mismatches {totals['schema_mismatches']} "
            "(reported, not enforced)"
        )
        for role, tail in failed_runs:
            print(f"\n--- {role}: schemathesis said ---\n{tail}")
        if failed_runs:
            errors = log.read_text(errors="replace")[-4000:]
            print(f"\n--- server log (tail) ---\n{errors}")
            return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
