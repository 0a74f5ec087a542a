"""Run the alerts loop in the foreground: send due webhook deliveries, escalate overdue
adverse-event signals. The delivery driver of the ``worker`` mode (deployments without Celery);
stops cleanly on SIGTERM/SIGINT."""

import signal
from typing import Any

from django.core.management.base import BaseCommand, CommandError

from backend.alerts import conf
from backend.alerts.loop import AlertsLoop


class Command(BaseCommand):
    help = "Send due webhook deliveries and escalate overdue safety signals until stopped."

    def handle(self, *args: Any, **options: Any) -> None:
        mode = conf.webhook_dispatch()
        if mode != "worker":
            # A second driver would race the first one for every delivery and escalation.
            raise CommandError(
                f"ALERTS_WEBHOOK_DISPATCH is {mode!r}: deliveries already have a driver. "
                "Set ALERTS_WEBHOOK_DISPATCH=worker to run this command."
            )
        loop = AlertsLoop()

        def stop(signum: int, frame: Any) -> None:
            self.stdout.write("stopping after the current delivery")
            loop.stop()

        signal.signal(signal.SIGTERM, stop)
        signal.signal(signal.SIGINT, stop)
        self.stdout.write("alerts worker running")
        loop.run()
