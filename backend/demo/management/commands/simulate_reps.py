"""python manage.py simulate_reps — simulated reps log and sync notes against a running server."""

import signal
import threading
from typing import Any

from django.core.management.base import BaseCommand, CommandParser

from backend.demo.simulator import (
    DEFAULT_REPS,
    SimulationConfig,
    ensure_default_rules,
    run_simulation,
)


class Command(BaseCommand):
    help = (
        "Drive simulated field reps: each logs notes with field_client and syncs them through "
        "the HTTP API every few seconds (the server must be running)."
    )

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--server", default="http://127.0.0.1:8000")
        parser.add_argument(
            "--reps", default=",".join(DEFAULT_REPS), help="comma-separated usernames"
        )
        parser.add_argument("--interval", type=float, default=4.0, help="seconds between notes")
        parser.add_argument("--backfill-days", type=int, default=42, help="0: no history")
        parser.add_argument("--count", type=int, default=None, help="stop after this many notes")

    def handle(self, *args: Any, **options: Any) -> None:
        stop = threading.Event()
        # SIGTERM (and Ctrl-C) end the loop after the current note; nothing is half-synced:
        # an unsent note stays in its device's outbox for the next run.
        signal.signal(signal.SIGTERM, lambda *_: stop.set())
        signal.signal(signal.SIGINT, lambda *_: stop.set())
        ensure_default_rules()
        config = SimulationConfig(
            server=options["server"].rstrip("/"),
            reps=tuple(r.strip() for r in options["reps"].split(",") if r.strip()),
            interval=options["interval"],
            backfill_days=options["backfill_days"],
            max_notes=options["count"],
        )
        self.stdout.write(
            f"simulating {', '.join(config.reps)} against {config.server}; Ctrl-C stops"
        )
        logged = run_simulation(
            config,
            stop,
            on_note=lambda oid, draft: self.stdout.write(
                f"{oid[:8]} {', '.join(draft.themes)}: {draft.note[:90]}"
            ),
        )
        self.stdout.write(f"{logged} notes logged and synced")
