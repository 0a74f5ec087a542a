"""python manage.py serve — the ASGI server, plus in-process periodic jobs in the embedded mode."""

import logging
import threading
import time
from typing import Any

from django.conf import settings
from django.core.management.base import BaseCommand, CommandParser

logger = logging.getLogger(__name__)


def _run_periodic(stop: threading.Event) -> None:
    """Celery beat's schedule, run in-process: the embedded mode has no beat and no worker."""
    from backend.celery import app

    # Celery imports the apps' tasks modules lazily (a worker does it at start); nothing here
    # would register them before the first tick.
    app.loader.import_default_modules()
    last: dict[str, float] = {}
    while not stop.wait(1.0):
        now = time.monotonic()
        for name, entry in settings.CELERY_BEAT_SCHEDULE.items():
            interval = float(entry["schedule"])
            if now - last.get(name, now - interval) < interval:
                continue
            last[name] = now
            try:
                app.tasks[entry["task"]].apply()
            except Exception:  # one failing job must not stop the others
                logger.exception("periodic job failed", extra={"job": name})


class Command(BaseCommand):
    help = "Serve FieldSignal (HTTP + WebSocket) with daphne."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--host", default="127.0.0.1")
        parser.add_argument("--port", type=int, default=8000)
        parser.add_argument("--demo", action="store_true", help="also run the simulated reps")

    def handle(self, *args: Any, **options: Any) -> None:
        from daphne.cli import CommandLineInterface

        stop = threading.Event()
        if not settings.REDIS_URL:
            from backend.core.jobs import run_jobs_in_background_thread

            run_jobs_in_background_thread()
            from backend.alerts import conf as alerts_conf

            if alerts_conf.webhook_dispatch() == "thread":
                # The embedded mode's one alerts driver: deliveries and escalations.
                from backend.alerts.loop import embedded_loop_start

                embedded_loop_start()
            threading.Thread(
                target=_run_periodic, args=(stop,), daemon=True, name="periodic"
            ).start()
        if options["demo"]:
            self._start_demo(options["host"], options["port"], stop)
        self.stdout.write(
            f"FieldSignal on http://{options['host']}:{options['port']}/  "
            "(analyst feed: log in as analyst1 / fieldsignal-demo; API docs at /api/docs/; admin at /admin/)"
        )
        try:
            CommandLineInterface().run(
                ["-b", options["host"], "-p", str(options["port"]), "backend.asgi:application"]
            )
        finally:
            stop.set()

    def _start_demo(self, host: str, port: int, stop: threading.Event) -> None:
        try:
            from backend.demo.simulator import start_simulation
        except ImportError:
            self.stderr.write("demo simulator not available; serving without simulated reps")
            return
        start_simulation(server=f"http://{host}:{port}", stop=stop)
