"""The living demo's alerts, as an analyst meets them: how many signals each type raised and
how many are open after N minutes of simulated reps.

Runs exactly what ``./scripts/run`` runs — ``manage.py serve --demo`` on the embedded default
(SQLite, in-process jobs, six simulated reps with six weeks of back-filled visits) — on a scratch
data directory (its own SQLite database and device stores) and a free port, then reads the
signals from that database.

    .venv/bin/python bench/demo_alerts.py [--minutes 15] [--every 5]

Prints, per type: raised (signals ever) and open (not resolved), overall and in analyst1's
scope, and any two unresolved signals about the same type and subject (there should be none).
Target: after 15 minutes at most 15 open non-safety signals in analyst1's scope.
"""

import argparse
import os
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench._support import PYTHON, free_port, manage, wait_healthy  # noqa: E402


def _env(data_dir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update(
        {
            "FIELDSIGNAL_DATA_DIR": str(data_dir),
            "DATABASE_URL": f"sqlite:///{data_dir / 'demo.sqlite3'}",
            "LOG_LEVEL": "WARNING",
        }
    )
    return env


def _django(env: dict[str, str]) -> None:
    os.environ.update(env)
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    import django

    django.setup()


def _subject(signal: Any) -> tuple[Any, ...]:
    if signal.type == "adverse_event":
        return (signal.type, signal.group_key)  # each reportable note is its own subject
    label = (signal.stats or {}).get("label")  # an objection's subject includes its label
    return (signal.type, label, signal.product_id, signal.territory_id, signal.content_asset_id)


def report(minutes: float) -> dict[str, Any]:
    from backend.accounts.models import User
    from backend.alerts.models import UNRESOLVED, Signal
    from backend.alerts.selectors import signals_visible_to
    from backend.observations.models import Observation

    analyst = User.objects.get(username="analyst1")
    everything = list(Signal.objects.all())
    scoped = set(signals_visible_to(analyst).values_list("id", flat=True))
    raised = Counter(s.type for s in everything)
    open_all = Counter(s.type for s in everything if s.state in UNRESOLVED)
    open_scoped = Counter(s.type for s in everything if s.state in UNRESOLVED and s.pk in scoped)
    subjects = Counter(_subject(s) for s in everything if s.state in UNRESOLVED)
    twins = {k: n for k, n in subjects.items() if n > 1}
    print(f"\n== after {minutes:.1f} min: {Observation.objects.count()} notes stored ==")
    print(f"{'type':<18}{'raised':>8}{'open':>8}{'open (analyst1)':>18}")
    for kind in sorted(raised):
        print(f"{kind:<18}{raised[kind]:>8}{open_all[kind]:>8}{open_scoped[kind]:>18}")
    non_safety = sum(n for k, n in open_scoped.items() if k != "adverse_event")
    print(f"open non-safety signals in analyst1's scope: {non_safety} (target <= 15)")
    print(f"unresolved signals sharing a type and subject: {len(twins)} {twins or ''}")
    updated = sum(1 for s in everything if s.revision > 1)
    print(f"signals updated at least once (roll-up): {updated}")
    return {"non_safety_open_analyst1": non_safety, "twins": len(twins)}


def main() -> None:
    sys.stdout.reconfigure(line_buffering=True)  # type: ignore[union-attr]
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--minutes", type=float, default=15.0)
    parser.add_argument("--every", type=float, default=5.0, help="print a report every N minutes")
    args = parser.parse_args()
    data_dir = Path(tempfile.mkdtemp(prefix="fieldsignal-demo-alerts-"))
    env = _env(data_dir)
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "seed_demo")
    port = free_port()
    log = data_dir / "serve.log"
    print(f"serving the demo on 127.0.0.1:{port} (data in {data_dir}, log {log})")
    server = subprocess.Popen(
        [PYTHON, "manage.py", "serve", "--demo", "--port", str(port)],
        cwd=ROOT,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=open(log, "wb"),  # noqa: SIM115
    )
    try:
        wait_healthy(f"http://127.0.0.1:{port}", timeout=120)
        _django(env)
        started = time.monotonic()
        next_report = args.every
        while (elapsed := (time.monotonic() - started) / 60) < args.minutes:
            if server.poll() is not None:
                sys.exit(f"the server stopped (exit {server.returncode}); see {log}")
            if elapsed >= next_report:
                report(elapsed)
                next_report += args.every
            time.sleep(5)
        report(args.minutes)
    finally:
        server.terminate()
        try:
            server.wait(timeout=30)
        except subprocess.TimeoutExpired:
            server.kill()


if __name__ == "__main__":
    main()
