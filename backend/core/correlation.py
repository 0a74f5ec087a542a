"""A request id on every log line, carried into the Celery jobs the request causes.

The id comes from the client's ``X-Request-ID`` (a load balancer or an integrator may set one)
when it looks like an id, else a new one; the response echoes it. It lives in a context
variable: Django's sync code in an ASGI thread, in-process (eager) jobs and the embedded job
thread (``core.jobs.dispatch`` copies the context) all see it, and Celery carries it as a
message header into the worker, which sets it again around the task.
"""

import logging
import re
import uuid
from collections.abc import Callable
from contextvars import ContextVar
from typing import Any

from celery import signals
from django.http import HttpRequest, HttpResponse

HEADER = "X-Request-ID"
TASK_HEADER = "request_id"
current_request_id: ContextVar[str | None] = ContextVar("request_id", default=None)
_VALID = re.compile(r"^[A-Za-z0-9._:-]{8,64}$")


def request_id_from(raw: str | None) -> str:
    """The client's id when it is a plausible one (no log injection), else a fresh one."""
    return raw if raw and _VALID.match(raw) else uuid.uuid4().hex


class RequestIdMiddleware:
    """First in MIDDLEWARE: every later log line of the request carries its id."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        rid = request_id_from(request.headers.get(HEADER))
        token = current_request_id.set(rid)
        try:
            response = self.get_response(request)
        finally:
            current_request_id.reset(token)
        response[HEADER] = rid
        return response


def install_log_record_factory() -> None:
    """Give every log record a ``request_id`` attribute (None outside a request or job), so the
    JSON formatter writes it on each line whichever logger or handler emits it."""
    previous = logging.getLogRecordFactory()
    if getattr(previous, "adds_request_id", False):
        return

    def factory(*args: Any, **kwargs: Any) -> logging.LogRecord:
        record = previous(*args, **kwargs)
        if not hasattr(record, "request_id"):
            record.request_id = current_request_id.get()
        return record

    factory.adds_request_id = True  # type: ignore[attr-defined]
    logging.setLogRecordFactory(factory)


@signals.before_task_publish.connect
def _add_request_id_header(headers: dict[str, Any] | None = None, **kwargs: Any) -> None:
    rid = current_request_id.get()
    if rid is not None and headers is not None:
        headers.setdefault(TASK_HEADER, rid)


_task_tokens: dict[str, Any] = {}


@signals.task_prerun.connect
def _set_request_id_for_task(task_id: str = "", task: Any = None, **kwargs: Any) -> None:
    if task is None:
        return
    # A worker merges message headers into the request; an eager apply() keeps them apart.
    rid = getattr(task.request, TASK_HEADER, None) or (task.request.headers or {}).get(TASK_HEADER)
    if rid is not None:
        _task_tokens[task_id] = current_request_id.set(str(rid))


@signals.task_postrun.connect
def _clear_request_id_for_task(task_id: str = "", **kwargs: Any) -> None:
    token = _task_tokens.pop(task_id, None)
    if token is not None:
        current_request_id.reset(token)
