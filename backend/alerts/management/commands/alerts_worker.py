"""Run the alerts loop in the foreground: send due webhook deliveries, escalate overdue
adverse-event signals. For deployments without Celery beat; stops cleanly on SIGTERM/SIGINT."""

import signal
from typing import Any

from django.core.management.base import BaseCommand

from backend.alerts.dispatch import AlertsLoop


class Command(BaseCommand):
    help = "Send due webhook deliveries and escalate overdue safety signals until stopped."

    def handle(self, *args: Any, **options: Any) -> None:
        loop = AlertsLoop()

        def stop(signum: int, frame: Any) -> None:
            self.stdout.write("stopping after the current delivery")
            loop.stop()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write("alerts worker running")
        loop.run()
