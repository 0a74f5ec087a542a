"""Enqueue background work only after the surrounding transaction commits.

With ``REDIS_URL`` set the job goes to Celery; in the embedded mode Celery runs it eagerly, in
process, still after commit. Jobs are idempotent, so a periodic sweep can safely enqueue again
whatever a crash between commit and enqueue lost.
"""

import logging
from typing import Any

from celery import Task
from django.db import transaction

logger = logging.getLogger(__name__)


def enqueue_on_commit(task: Task, *args: Any, **kwargs: Any) -> None:
    """Send ``task`` with these arguments once the current transaction commits."""

    def send() -> None:
        try:
            task.apply_async(args=args, kwargs=kwargs)
        except Exception:  # the broker being down must not fail the write; the sweep recovers
            logger.exception("enqueue failed", extra={"task": task.name, "job_args": repr(args)})

    transaction.on_commit(send, robust=True)
