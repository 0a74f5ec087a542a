"""HTTP to the FieldSignal server: retries on network errors and 5xx, typed errors for the rest.

Only the network and 5xx are retried. A 4xx means the request itself is wrong (or the token is),
and sending it again cannot help. Retrying a push is always safe: each mutation carries its
mutation_id, and the server answers a replay with the stored outcome.
"""

from __future__ import annotations

import random
import time
from collections.abc import Callable
from typing import Any

import httpx

from field_client.config import RetryPolicy
from field_client.errors import (
    AuthError,
    ClientError,
    InvalidCursor,
    MutationGap,
    OfflineError,
    PayloadTooLarge,
    ProtocolError,
    RateLimited,
    ServerError,
)

API = "/api/v1"
USER_AGENT = "field-client/1"
# A longer wait than this is more likely a misconfigured proxy than advice worth following.
MAX_RETRY_AFTER = 120.0


def backoff_delay(attempt: int, policy: RetryPolicy, rng: random.Random) -> float:
    """Full jitter: many devices coming back online at once do not hammer the server in step."""
    return rng.uniform(0.0, min(policy.max_delay, policy.base_delay * (2**attempt)))


def _error_body(response: httpx.Response) -> tuple[str, str, dict[str, Any]]:
    try:
        body = response.json()
    except ValueError:
        return "http_" + str(response.status_code), response.reason_phrase or "", {}
    error = body.get("error") if isinstance(body, dict) else None
    if not isinstance(error, dict):
        detail = body.get("detail") if isinstance(body, dict) else None
        return "http_" + str(response.status_code), str(detail or body), {}
    return (
        str(error.get("code") or "http_" + str(response.status_code)),
        str(error.get("message") or ""),
        error.get("details") or {},
    )


def retry_after(response: httpx.Response, cap: float = MAX_RETRY_AFTER) -> float | None:
    """Seconds the server asked us to wait (``Retry-After``), capped; None when it said nothing."""
    raw = response.headers.get("Retry-After", "").strip()
    if not raw.isdigit():
        return None
    return min(float(raw), cap)


def raise_for_response(response: httpx.Response) -> None:
    """Turn a non-2xx answer into the typed error a caller can act on."""
    status = response.status_code
    if status < 400:
        return
    code, message, details = _error_body(response)
    server_said = f" (server: {message})" if message else ""
    if status == 401:
        raise AuthError(
            "your session has expired or was revoked; run `field-client login` again" + server_said,
            code=code,
        )
    if status == 400 and code == "invalid_credentials":
        raise AuthError("wrong username or password", code=code)
    if status == 413:
        limit = details.get("limit")
        raise PayloadTooLarge(
            f"request too large{server_said}", code=code, limit=int(limit) if limit else None
        )
    if status == 409 and code == "mutation_gap":
        last = details.get("last_mutation_id")
        raise MutationGap(
            f"the server expects mutation {details.get('expected')}{server_said}",
            expected=int(details.get("expected", 0)),
            last_mutation_id=int(last) if last is not None else None,
        )
    if status == 400 and code == "invalid_cursor":
        raise InvalidCursor(f"the server refused the pull cursor{server_said}")
    if status == 426:
        raise ProtocolError(
            "the server needs a newer field-client; please update it" + server_said, code=code
        )
    if status == 403 and code == "client_id_taken":
        raise ProtocolError(
            "this device's client id belongs to another user; use another FIELD_CLIENT_HOME",
            code=code,
        )
    if status == 429:
        raise RateLimited(f"the server asks to slow down{server_said}", code=code)
    if status >= 500:
        raise ServerError(f"the server failed with HTTP {status}{server_said}", code=code)
    raise ClientError(f"the server refused the request: HTTP {status}{server_said}", code=code)


class ServerClient:
    """A session with one server. `transport` lets tests plug in an in-process fake server."""

    def __init__(
        self,
        base_url: str,
        *,
        token: str | None = None,
        retry: RetryPolicy | None = None,
        timeout: float = 30.0,
        transport: httpx.BaseTransport | None = None,
        sleep: Callable[[float], None] = time.sleep,
        rng: random.Random | None = None,
    ) -> None:
        self.base_url = base_url.rstrip("/")
        self.retry = retry or RetryPolicy()
        self._sleep = sleep
        self._rng = rng or random.Random()
        headers = {"User-Agent": USER_AGENT, "Accept": "application/json"}
        if token:
            headers["Authorization"] = f"Token {token}"
        self._http = httpx.Client(
            base_url=self.base_url,
            headers=headers,
            timeout=httpx.Timeout(timeout, connect=min(timeout, 10.0)),
            transport=transport,
        )

    def close(self) -> None:
        self._http.close()

    def __enter__(self) -> ServerClient:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def _request(self, method: str, path: str, **kwargs: Any) -> dict[str, Any]:
        last_error: ClientError | None = None
        told: float | None = None  # what the server's Retry-After asked for, if anything
        for attempt in range(self.retry.attempts):
            if attempt:
                delay = (
                    told if told is not None else backoff_delay(attempt - 1, self.retry, self._rng)
                )
                self._sleep(delay)
                told = None
            try:
                response = self._http.request(method, API + path, **kwargs)
            except httpx.TransportError as exc:
                last_error = OfflineError(
                    f"cannot reach the server at {self.base_url}: {_describe(exc)}"
                )
                continue
            if response.status_code == 429 or response.status_code >= 500:
                try:
                    raise_for_response(response)
                except ServerError as exc:
                    last_error = exc
                told = retry_after(response)
                continue
            raise_for_response(response)
            try:
                body = response.json()
            except ValueError:
                raise ServerError(
                    f"the server at {self.base_url} did not answer with JSON; is it FieldSignal?"
                ) from None
            if not isinstance(body, dict):
                raise ServerError("the server answered with something that is not the protocol")
            return body
        assert last_error is not None
        raise last_error

    def login(self, *, username: str, password: str) -> dict[str, Any]:
        return self._request(
            "POST", "/auth/token", json={"username": username, "password": password}
        )

    def push(self, body: bytes) -> dict[str, Any]:
        return self._request(
            "POST", "/sync/push", content=body, headers={"Content-Type": "application/json"}
        )

    def pull(self, *, cursor: str | None, limit: int, client_id: str | None) -> dict[str, Any]:
        params: dict[str, Any] = {"limit": limit}
        if cursor:
            params["cursor"] = cursor
        if client_id:
            params["client_id"] = client_id
        return self._request("GET", "/sync/pull", params=params)


def _describe(exc: httpx.TransportError) -> str:
    if isinstance(exc, httpx.ConnectError):
        return "connection refused or no network"
    if isinstance(exc, httpx.TimeoutException):
        return "timed out"
    return str(exc) or type(exc).__name__
