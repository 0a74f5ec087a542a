"""Client-actionable errors: every one has a stable ``code``, a message and optional details.

The envelope is always ``{"error": {"code", "message", "details"}}`` so a client can branch on
``code`` without parsing prose.
"""

import logging
import math
from typing import Any

from django.core.exceptions import PermissionDenied
from django.http import Http404
from rest_framework import exceptions
from rest_framework.response import Response
from rest_framework.views import exception_handler
from sqlalchemy.exc import TimeoutError as PoolTimeout

logger = logging.getLogger(__name__)


class DomainError(Exception):
    """An error a client can act on, raised by services: a stable code, a message, details.

    It knows nothing of HTTP; ``api_exception_handler`` maps the code to a status, and web
    pages and consumers render the same code their own way."""

    def __init__(self, code: str, message: str, *, details: dict[str, Any] | None = None) -> None:
        super().__init__(message)
        self.code = code
        self.message = message
        self.details = details or {}


# The one mapping from error codes to HTTP statuses; a code not listed is a 400.
STATUS_BY_CODE: dict[str, int] = {
    "not_authenticated": 401,
    "authentication_failed": 401,
    "forbidden": 403,
    "client_id_taken": 403,
    "not_found": 404,
    "method_not_allowed": 405,
    "mutation_gap": 409,
    "assignee_out_of_scope": 409,
    "assignee_not_eligible": 409,
    "newer_signal_open": 409,
    "not_redeliverable": 409,
    "body_too_large": 413,
    "batch_too_large": 413,
    "unsupported_media_type": 415,
    "upgrade_required": 426,
    "rate_limited": 429,
    "server_busy": 503,
    "service_unavailable": 503,
}


def status_for(code: str) -> int:
    return STATUS_BY_CODE.get(code, 400)


def error_body(code: str, message: str, details: dict[str, Any] | None = None) -> dict[str, Any]:
    return {"error": {"code": code, "message": message, "details": details or {}}}


_DRF_CODES: dict[type[exceptions.APIException], str] = {
    exceptions.NotAuthenticated: "not_authenticated",
    exceptions.AuthenticationFailed: "authentication_failed",
    exceptions.PermissionDenied: "forbidden",
    exceptions.NotFound: "not_found",
    exceptions.MethodNotAllowed: "method_not_allowed",
    exceptions.ParseError: "malformed_json",
    exceptions.UnsupportedMediaType: "unsupported_media_type",
    exceptions.Throttled: "rate_limited",
    exceptions.ValidationError: "invalid_request",
}


def api_exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """DRF exception handler that renders every error in the FieldSignal envelope."""
    if isinstance(exc, DomainError):
        return Response(error_body(exc.code, exc.message, exc.details), status=status_for(exc.code))
    if isinstance(exc, PoolTimeout):
        # Every pooled database connection stayed busy for DB_POOL_TIMEOUT: shed the request
        # with a retryable answer instead of queueing without end (clients back off on 503).
        logger.warning("database pool exhausted: %s", exc)
        return Response(
            error_body("server_busy", "The server is busy; retry shortly.", {"retry_after": 1}),
            status=status_for("server_busy"),
            headers={"Retry-After": "1"},
        )
    if isinstance(exc, Http404):
        exc = exceptions.NotFound()
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = exception_handler(exc, context)
    if response is None:
        return None
    code = next((c for cls, c in _DRF_CODES.items() if isinstance(exc, cls)), "error")
    if isinstance(exc, exceptions.ValidationError):
        body = error_body(code, "The request is not valid.", {"fields": response.data})
    elif isinstance(exc, exceptions.Throttled):
        wait = max(1, math.ceil(getattr(exc, "wait", None) or 1))
        response["Retry-After"] = str(wait)
        body = error_body(code, f"Too many requests; retry in {wait} s.", {"retry_after": wait})
    else:
        detail = response.data.get("detail", "") if isinstance(response.data, dict) else ""
        body = error_body(code, str(detail))
    response.data = body
    return response
