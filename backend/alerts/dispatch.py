"""Getting committed webhook deliveries sent soon, in whichever runtime mode this process runs.

One driver per mode (docs/operations.md, "Alerts delivery"):

- ``celery`` (production): each batch of new deliveries is a ``alerts.deliver_webhooks`` task;
  beat's ``alerts.deliver_due`` retries and ``alerts.escalate_overdue`` escalate.
- ``thread`` (``manage.py serve`` without Redis): the server's ``alerts-loop`` thread
  (``backend.alerts.loop``) delivers and escalates; new deliveries wake it.
- ``worker``: a ``manage.py alerts_worker`` process delivers and escalates.
- ``none``: nothing sends on its own (tests send deliveries themselves).

This module is a leaf: it imports no other alerts module, so that services can call it without
an import circle. The task is enqueued by name and the loop registers its own wake-up.
"""

import logging
from collections.abc import Callable

from backend.alerts import conf

logger = logging.getLogger(__name__)

DELIVER_TASK = "alerts.deliver_webhooks"
_wakers: list[Callable[[], None]] = []


def waker_register(wake: Callable[[], None]) -> None:
    """The in-process loop asks to be woken when new deliveries are committed."""
    if wake not in _wakers:
        _wakers.append(wake)


def waker_unregister(wake: Callable[[], None]) -> None:
    if wake in _wakers:
        _wakers.remove(wake)


def deliveries_dispatch(delivery_ids: list[int]) -> None:
    """Get these (committed) deliveries sent soon, without blocking the caller."""
    mode = conf.webhook_dispatch()
    if mode == "thread":
        for wake in list(_wakers):
            wake()
    elif mode == "celery" and delivery_ids:
        from backend.celery import app

        try:
            app.send_task(DELIVER_TASK, args=[list(delivery_ids)])
        except Exception:  # broker down: the beat task sends them when it is back
            logger.exception("could not enqueue webhook deliveries")
