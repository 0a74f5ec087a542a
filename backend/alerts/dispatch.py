"""Who sends webhook deliveries, and when, in each runtime mode.

Production: a Celery task per batch of new deliveries, and a beat task for retries. Embedded
mode has no worker (Celery runs tasks eagerly, inside the request that caused them), and a slow
receiver must never hold a rep's sync request, so new deliveries wake a daemon thread of the
server process instead. The same loop also runs as ``manage.py alerts_worker``.
"""

import datetime as dt
import logging
import threading

from django.db import close_old_connections, connections
from django.utils import timezone

from backend.alerts import conf

logger = logging.getLogger(__name__)

IDLE_SECONDS = 30.0
ESCALATE_EVERY = dt.timedelta(seconds=60)


def deliveries_dispatch(delivery_ids: list[int]) -> None:
    """Get these (committed) deliveries sent soon, without blocking the caller."""
    mode = conf.webhook_dispatch()
    if mode == "thread":
        # Started by the first signal even without deliveries: the loop also escalates.
        embedded_loop().wake()
    elif mode == "celery" and delivery_ids:
        from backend.alerts.tasks import deliver_webhooks

        try:
            deliver_webhooks.delay(list(delivery_ids))
        except Exception:  # broker down: the beat task sends them when it is back
            logger.exception("could not enqueue webhook deliveries")


class AlertsLoop:
    """Send due deliveries and escalate overdue safety signals until stopped."""

    def __init__(self) -> None:
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._last_escalation: dt.datetime | None = None

    def wake(self) -> None:
        self._wake.set()

    def stop(self) -> None:
        self._stop.set()
        self._wake.set()

    def step(self) -> float:
        """One pass; returns how long to sleep before the next."""
        from backend.alerts.services import signals_escalate_overdue
        from backend.alerts.webhooks import deliveries_send_due, next_due_at

        now = timezone.now()
        if self._last_escalation is None or now - self._last_escalation >= ESCALATE_EVERY:
            signals_escalate_overdue(now=now)
            self._last_escalation = now
        while deliveries_send_due(limit=50):
            if self._stop.is_set():
                return 0.0
        upcoming = next_due_at()
        if upcoming is None:
            return IDLE_SECONDS
        return min(max((upcoming - timezone.now()).total_seconds(), 0.05), IDLE_SECONDS)

    def run(self) -> None:
        while not self._stop.is_set():
            self._wake.clear()
            close_old_connections()
            try:
                pause = self.step()
            except Exception:  # a bad row or a database blip must not end the loop
                logger.exception("alerts loop step failed")
                pause = 5.0
            finally:
                connections.close_all()
            self._wake.wait(pause)


_loop: AlertsLoop | None = None
_loop_lock = threading.Lock()


_thread: threading.Thread | None = None


def embedded_loop() -> AlertsLoop:
    """The process's background loop, started on first use."""
    global _loop, _thread
    with _loop_lock:
        if _loop is None:
            _loop = AlertsLoop()
            _thread = threading.Thread(target=_loop.run, name="alerts-loop", daemon=True)
            _thread.start()
        return _loop


def embedded_loop_stop(timeout: float = 10.0) -> None:
    """Stop the background loop if it runs (tests; a server shutting down)."""
    global _loop, _thread
    with _loop_lock:
        loop, thread, _loop, _thread = _loop, _thread, None, None
    if loop is not None and thread is not None:
        loop.stop()
        thread.join(timeout)
