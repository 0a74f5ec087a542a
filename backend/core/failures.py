"""What a client gets when something fails that no view expected: never Django's HTML 500.

- API clients (``/api/``, ``/healthz``, or ``Accept: application/json``) get the JSON envelope;
  people on the web pages get a short plain page.
- A database or broker outage is ``503 service_unavailable`` with ``Retry-After``: the request
  can succeed later, and devices back off on it instead of retrying at once.
- Anything else is ``500 internal_error``, logged with its traceback (never the request body,
  which may carry a note).

``FailureMiddleware`` answers exceptions raised by views; ``server_error`` (``handler500``)
answers those raised anywhere else (middleware, session save), from ``sys.exc_info()``.
"""

import logging
import sys
from collections.abc import Callable
from html import escape

from django.db import InterfaceError, OperationalError
from django.http import HttpRequest, HttpResponse, JsonResponse

from backend.core.errors import error_body

logger = logging.getLogger("fieldsignal.failure")

OUTAGE_RETRY_AFTER = 5


def _outage_types() -> tuple[type[BaseException], ...]:
    types: list[type[BaseException]] = [OperationalError, InterfaceError, ConnectionError]
    try:
        from kombu.exceptions import OperationalError as BrokerError

        types.append(BrokerError)
    except ImportError:  # pragma: no cover - kombu comes with celery
        pass
    try:
        from redis.exceptions import ConnectionError as RedisDown
        from redis.exceptions import TimeoutError as RedisTimeout

        types += [RedisDown, RedisTimeout]
    except ImportError:  # pragma: no cover
        pass
    return tuple(types)


OUTAGES = _outage_types()


def is_outage(exc: BaseException | None) -> bool:
    """A dependency (database, broker, channel layer) is unreachable: worth retrying later."""
    while exc is not None:
        if isinstance(exc, OUTAGES):
            return True
        exc = exc.__cause__ or exc.__context__
    return False


def wants_json(request: HttpRequest) -> bool:
    path = request.path
    if path.startswith("/api/") or path == "/healthz":
        return True
    accept = request.headers.get("Accept", "")
    return "application/json" in accept and "text/html" not in accept


_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>{title}</title></head>
<body><h1>{title}</h1><p>{message}</p><p><a href="/">Back to the feed</a></p></body></html>
"""


def failure_response(request: HttpRequest, exc: BaseException | None) -> HttpResponse:
    """The answer for an unexpected exception, in the form this client reads."""
    if is_outage(exc):
        status, code = 503, "service_unavailable"
        message = "The service is temporarily unavailable; retry shortly."
        details = {"retry_after": OUTAGE_RETRY_AFTER}
    else:
        status, code = 500, "internal_error"
        message = "Something went wrong on our side; it has been logged."
        details = {}
    if wants_json(request):
        response: HttpResponse = JsonResponse(error_body(code, message, details), status=status)
    else:
        title = "Temporarily unavailable" if status == 503 else "Server error"
        response = HttpResponse(
            _PAGE.format(title=title, message=escape(message)),
            status=status,
            content_type="text/html; charset=utf-8",
        )
    if status == 503:
        response["Retry-After"] = str(OUTAGE_RETRY_AFTER)
    return response


def _log(request: HttpRequest, exc: BaseException | None) -> None:
    level = logging.WARNING if is_outage(exc) else logging.ERROR
    logger.log(
        level,
        "unhandled %s",
        type(exc).__name__ if exc else "error",
        exc_info=exc if level == logging.ERROR else None,
        extra={"method": request.method, "path": request.path, "error": str(exc)[:200]},
    )


class FailureMiddleware:
    """Innermost middleware: turns any exception a view raised into ``failure_response``."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        return self.get_response(request)

    def process_exception(self, request: HttpRequest, exc: Exception) -> HttpResponse | None:
        from django.core.exceptions import PermissionDenied, SuspiciousOperation
        from django.http import Http404

        # Django answers these itself (404, 403, 400); leave them to it.
        if isinstance(exc, Http404 | PermissionDenied | SuspiciousOperation):
            return None
        _log(request, exc)
        return failure_response(request, exc)


def server_error(request: HttpRequest) -> HttpResponse:
    """``handler500``: an exception outside any view (middleware, response phase)."""
    exc = sys.exc_info()[1]
    _log(request, exc)
    return failure_response(request, exc)


class QueryGuardMiddleware:
    """Refuse query strings carrying NUL or lone surrogates before any view reads them.

    PostgreSQL cannot hold NUL in text, so ``?type=%00`` used as a filter fails inside the
    query; one check here covers every current and future filter."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        for key, values in request.GET.lists():
            for text in (key, *values):
                if "\x00" in text or _has_surrogate(text):
                    return _bad_query(request, key)
        return self.get_response(request)


def _has_surrogate(text: str) -> bool:
    try:
        text.encode("utf-8")
    except UnicodeEncodeError:
        return True
    return False


def _bad_query(request: HttpRequest, name: str) -> HttpResponse:
    message = "The query string holds a character that is not allowed (NUL or a lone surrogate)."
    if wants_json(request):
        return JsonResponse(
            error_body("invalid_query", message, {"parameter": name[:100]}), status=400
        )
    return HttpResponse(
        _PAGE.format(title="Bad request", message=escape(message)),
        status=400,
        content_type="text/html; charset=utf-8",
    )
