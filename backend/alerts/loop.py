"""The alerts loop: send due webhook deliveries and escalate overdue safety signals.

It is the delivery driver of two runtime modes: a daemon thread of ``manage.py serve`` in the
embedded mode (``ALERTS_WEBHOOK_DISPATCH=thread``), and the foreground loop of
``manage.py alerts_worker`` (``ALERTS_WEBHOOK_DISPATCH=worker``). Under Celery, beat does this.
"""

import datetime as dt
import logging
import threading

from django.db import close_old_connections, connections
from django.utils import timezone

from backend.alerts.dispatch import waker_register, waker_unregister
from backend.alerts.signal_services import signals_escalate_overdue
from backend.alerts.webhooks import deliveries_send_due, next_due_at

logger = logging.getLogger(__name__)

IDLE_SECONDS = 30.0
ESCALATE_EVERY = dt.timedelta(seconds=60)


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
        waker_register(self.wake)
        try:
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
        finally:
            waker_unregister(self.wake)


_loop: AlertsLoop | None = None
_thread: threading.Thread | None = None
_loop_lock = threading.Lock()


def embedded_loop_start() -> AlertsLoop:
    """Start the process's background loop (embedded mode); a second call returns the same."""
    global _loop, _thread
    with _loop_lock:
        if _loop is None:
            _loop = AlertsLoop()
            # Registered before the thread starts, so a delivery committed meanwhile wakes it.
            waker_register(_loop.wake)
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
        waker_unregister(loop.wake)
