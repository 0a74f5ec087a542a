"""Rate limits: DRF throttles whose counters live in the ``throttle`` cache (Redis in
production, so every ASGI process counts together; process memory in the embedded mode).

- token issue: per username and per client address (password guessing, credential stuffing);
- sync push and pull: per device (its ``client_id`` when the pull names one, else its token);
- every other endpoint: per user.

Rates are read from ``settings.THROTTLE_RATES`` at each request (so tests can change them);
a rate of ``None`` turns that limit off. A limited request answers 429 ``rate_limited`` with
``Retry-After`` (``core.errors``).
"""

import hashlib
from typing import Any

from django.conf import settings
from django.core.cache import caches
from rest_framework.request import Request
from rest_framework.throttling import SimpleRateThrottle


class _Throttle(SimpleRateThrottle):
    scope: str

    def __init__(self) -> None:
        self.cache = caches["throttle"]
        self.rate = self.get_rate()
        self.num_requests, self.duration = self.parse_rate(self.rate)  # type: ignore[arg-type]

    def get_rate(self) -> str | None:
        if not settings.THROTTLE_ENABLED:
            return None
        rate: str | None = settings.THROTTLE_RATES.get(self.scope)
        return rate

    def key_for(self, request: Request) -> str | None:
        raise NotImplementedError

    def get_cache_key(self, request: Request, view: Any) -> str | None:
        ident = self.key_for(request)
        if ident is None:
            return None
        # Hashed: usernames and tokens never sit in the cache in clear.
        digest = hashlib.sha256(ident.encode()).hexdigest()[:32]
        return f"throttle:{self.scope}:{digest}"


class TokenUsernameThrottle(_Throttle):
    scope = "auth_username"

    def key_for(self, request: Request) -> str | None:
        data = request.data
        username = data.get("username") if isinstance(data, dict) else None
        return username.strip().lower() if isinstance(username, str) and username else None


class TokenAddressThrottle(_Throttle):
    scope = "auth_address"

    def key_for(self, request: Request) -> str | None:
        return str(self.get_ident(request))


class DeviceThrottle(_Throttle):
    scope = "sync"

    def key_for(self, request: Request) -> str | None:
        client_id = request.query_params.get("client_id")
        if client_id:
            return f"client:{client_id}:{request.user.pk}"
        token = getattr(request.auth, "key", None)
        return f"token:{token}" if token else f"user:{request.user.pk}"


class UserThrottle(_Throttle):
    scope = "user"

    def key_for(self, request: Request) -> str | None:
        if request.user and request.user.is_authenticated:
            return f"user:{request.user.pk}"
        return f"address:{self.get_ident(request)}"
