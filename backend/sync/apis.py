"""HTTP endpoints of the sync contract (DESIGN.md, v1). Thin: check the envelope, call a service."""

import time
import uuid
from typing import Any

from django.conf import settings
from django.core.exceptions import RequestDataTooBig
from drf_spectacular.utils import OpenApiParameter, extend_schema
from rest_framework.response import Response
from rest_framework.views import APIView

from backend.accounts.requests import ApiRequest
from backend.core.errors import DomainError
from backend.core.metrics import push_observed
from backend.core.parsers import loads_strict
from backend.core.schema import error_responses
from backend.core.throttles import DeviceThrottle
from backend.sync.schema import PullPageSerializer, PushRequestSerializer, PushResultSerializer
from backend.sync.selectors import parse_client_id, sync_pull
from backend.sync.services import sync_client_claim, sync_push

SCHEMA_VERSIONS = (1,)


def _too_large(code: str, what: str, limit: int) -> DomainError:
    return DomainError(code, f"{what} exceeds the limit of {limit}.", details={"limit": limit})


def _read_body(request: ApiRequest) -> Any:
    limit = settings.SYNC_MAX_BODY_BYTES
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        length = 0
    if length > limit:
        raise _too_large("body_too_large", "The request body", limit)
    try:
        body = request._request.body
    except RequestDataTooBig as exc:
        raise _too_large("body_too_large", "The request body", limit) from exc
    if len(body) > limit:
        raise _too_large("body_too_large", "The request body", limit)
    # orjson: a 2 MiB batch parses several times faster than with json; strict and depth-bounded.
    return loads_strict(body)


def _envelope(raw: Any) -> tuple[uuid.UUID, list[dict[str, Any]]]:
    """Check the push envelope by hand: a DRF serializer over 500 mutations costs more than the
    writes themselves; each mutation's fields are checked (and rejected one by one) later."""
    if not isinstance(raw, dict):
        raise DomainError("invalid_request", "The body must be a JSON object.")
    version = raw.get("schema_version")
    if version not in SCHEMA_VERSIONS:
        raise DomainError(
            "upgrade_required",
            f"schema_version {version!r} is not supported; upgrade the app.",
            details={"supported": list(SCHEMA_VERSIONS)},
        )
    client_id = parse_client_id(raw.get("client_id"))
    mutations = raw.get("mutations")
    if client_id is None or not isinstance(mutations, list):
        raise DomainError("invalid_request", "client_id (UUID) and mutations (list) are required.")
    if len(mutations) > settings.SYNC_MAX_BATCH:
        raise _too_large("batch_too_large", "The number of mutations", settings.SYNC_MAX_BATCH)
    for index, m in enumerate(mutations):
        mid = m.get("mutation_id") if isinstance(m, dict) else None
        if isinstance(mid, bool) or not isinstance(mid, int) or mid < 1:
            raise DomainError(
                "invalid_request",
                f"mutations[{index}].mutation_id must be a positive integer.",
                details={"index": index},
            )
        if index and mid <= mutations[index - 1]["mutation_id"]:
            raise DomainError(
                "invalid_request",
                "mutation_id must increase within a batch.",
                details={"index": index},
            )
    return client_id, mutations


class PushApi(APIView):
    """Apply a device's mutations in order, exactly once."""

    throttle_classes = [DeviceThrottle]

    # The schema describes the body; the view checks the envelope by hand (see _envelope).
    @extend_schema(
        request=PushRequestSerializer,
        responses={
            200: PushResultSerializer,
            **error_responses(
                "invalid_request",
                "malformed_json",
                "client_id_taken",
                "mutation_gap",
                "body_too_large",
                "batch_too_large",
                "upgrade_required",
            ),
        },
    )
    def post(self, request: ApiRequest) -> Response:
        started = time.perf_counter()
        client_id, mutations = _envelope(_read_body(request))
        answer = sync_push(user=request.user, client_id=client_id, mutations=mutations)
        push_observed(time.perf_counter() - started, answer["results"])
        return Response(answer)


class PullApi(APIView):
    """The next page of changes in the caller's scope, in commit order."""

    throttle_classes = [DeviceThrottle]

    @extend_schema(
        parameters=[
            OpenApiParameter("cursor", str, required=False),
            OpenApiParameter("limit", int, required=False),
            OpenApiParameter("client_id", str, required=False),
        ],
        responses={
            200: PullPageSerializer,
            **error_responses(
                "invalid_request", "invalid_limit", "invalid_cursor", "client_id_taken"
            ),
        },
    )
    def get(self, request: ApiRequest) -> Response:
        raw_limit = request.query_params.get("limit", str(settings.SYNC_PULL_DEFAULT_LIMIT))
        # isdigit() alone accepts "²" and other digits int() refuses: plain ASCII only.
        if not (raw_limit.isascii() and raw_limit.isdigit()) or int(raw_limit) < 1:
            raise DomainError("invalid_limit", "limit must be a positive integer.")
        limit = min(int(raw_limit), settings.SYNC_PULL_MAX_LIMIT)
        client = None
        if "client_id" in request.query_params:
            client_id = parse_client_id(request.query_params["client_id"])
            if client_id is None:
                raise DomainError("invalid_request", "client_id must be a UUID.")
            client = sync_client_claim(user=request.user, client_id=client_id, lock=False)
        page = sync_pull(
            user=request.user,
            cursor_token=request.query_params.get("cursor") or None,
            limit=limit,
            client=client,
        )
        return Response(page)
