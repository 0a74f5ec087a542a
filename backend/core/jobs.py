"""Sending background jobs, the same way in every runtime mode.

- With a broker (``REDIS_URL``), a job goes to Celery workers.
- In the embedded server (``manage.py serve`` without a broker), a job runs in one background
  thread of the server process, so a device's push is answered without waiting for tagging
  and rule evaluation.
- In tests and one-off commands, Celery runs it eagerly, in-process, at once.

Jobs are idempotent; a periodic sweep re-sends whatever a crash lost.
"""

import contextvars
import datetime as dt
import logging
import reprlib
from concurrent.futures import ThreadPoolExecutor
from typing import Any

from celery import Task
from django.conf import settings
from django.db import close_old_connections
from django.utils import timezone
from kombu.exceptions import OperationalError

logger = logging.getLogger(__name__)

_executor: ThreadPoolExecutor | None = None


def run_jobs_in_background_thread() -> None:
    """Called once by the embedded server: eager jobs go to a background thread from now on."""
    global _executor
    if _executor is None:
        # One thread: jobs of the embedded mode run in order and never contend for SQLite's lock.
        _executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="fieldsignal-jobs")


def _run_in_thread(task: Task, args: tuple[Any, ...], kwargs: dict[str, Any]) -> None:
    try:
        task.apply(args=args, kwargs=kwargs)
    except Exception:
        logger.exception("background job failed", extra={"task": task.name})
    finally:
        close_old_connections()


def dispatch(task: Task, *args: Any, **kwargs: Any) -> None:
    """Send ``task`` now; the caller decides when (usually from an after-commit hook)."""
    if _executor is not None and task.app.conf.task_always_eager:
        # The job thread runs it in a copy of this context: the request id goes with it.
        _executor.submit(contextvars.copy_context().run, _run_in_thread, task, args, kwargs)
        return
    # Celery would render the full arguments for its logs (a sync push's 500 revisions took
    # about a millisecond); reprlib keeps the first few. (The stubs omit this option.)
    try:
        task.apply_async(args=args, kwargs=kwargs, argsrepr=reprlib.repr(args))  # type: ignore[call-arg]
    except OperationalError:
        # The broker is down. The write that wanted this job is already committed, and the
        # periodic sweeps re-send lost work, so answering the client with an error would only
        # make it retry something that succeeded.
        logger.warning("broker unreachable; the sweep will send the job", extra={"task": task.name})


def sweep_cutoff() -> dt.datetime:
    """A sweep re-sends only work older than this (``SWEEP_GRACE_SECONDS`` ago): younger work is
    left to the job enqueued when it was committed, which may simply be waiting in a busy queue."""
    return timezone.now() - dt.timedelta(seconds=settings.SWEEP_GRACE_SECONDS)


def queue_depth() -> int:
    """Jobs waiting to run: the Celery queue on Redis, or the embedded job thread's queue."""
    if _executor is not None:
        return _executor._work_queue.qsize()  # the executor keeps no public count
    url = getattr(settings, "REDIS_URL", None)
    if not url:
        return 0
    import redis

    client = redis.Redis.from_url(url, socket_timeout=2)
    # Celery's Redis transport keeps one list per queue; every task goes to "celery".
    return int(client.llen("celery"))  # type: ignore[arg-type]
