"""OpenAPI pieces every endpoint shares: the error envelope and its codes per endpoint.

drf-spectacular reads these serializers only to describe the API; the envelope itself is
built by ``backend.core.errors.error_body``.
"""

from collections import defaultdict
from typing import Any

from drf_spectacular.openapi import AutoSchema
from drf_spectacular.utils import OpenApiResponse
from rest_framework import serializers

from backend.core.errors import status_for

# Every authenticated endpoint can answer these.
AUTH_CODES = ("not_authenticated", "authentication_failed", "rate_limited")


class ErrorSerializer(serializers.Serializer[Any]):
    code = serializers.CharField(help_text="Stable error code; branch on it, not on the message.")
    message = serializers.CharField()
    details = serializers.DictField(help_text="Code-specific details (field errors, limits).")


class ErrorEnvelopeSerializer(serializers.Serializer[Any]):
    error = ErrorSerializer()


def error_responses(*codes: str, auth: bool = True) -> dict[int, OpenApiResponse]:
    """One documented error response per HTTP status, listing the codes it can carry."""
    by_status: dict[int, list[str]] = defaultdict(list)
    for code in (*codes, *(AUTH_CODES if auth else ("rate_limited",))):
        by_status[status_for(code)].append(code)
    return {
        status: OpenApiResponse(
            ErrorEnvelopeSerializer,
            description="Error codes: " + ", ".join(f"`{c}`" for c in sorted(set(found))),
        )
        for status, found in sorted(by_status.items())
    }


class FieldSignalAutoSchema(AutoSchema):
    """drf-spectacular's schema, plus the errors every endpoint can answer (401, 429) where
    the view did not list its own."""

    def _get_response_bodies(self, direction: Any = "response") -> Any:
        bodies = super()._get_response_bodies(direction)
        auth = bool(getattr(self.view, "authentication_classes", True))
        for status, response in error_responses(auth=auth).items():
            if str(status) not in bodies:
                bodies[str(status)] = self._get_response_for_code(
                    response, str(status), direction=direction
                )
        return bodies
