"""WebSocket authentication: a DRF token (``?token=`` or ``Authorization`` header) or the session,
and the Origin check.

A refused socket is accepted and then closed with an application close code, so every client
learns why (a handshake failed with HTTP 403 carries no reason a browser can read):

- ``4401``: no token, an unknown token, or an inactive user;
- ``4403``: a valid user whose role may not use this stream, or a foreign ``Origin``.

Browsers always send ``Origin``; one that is not an allowed host is refused, which stops other
sites from riding on a session cookie. A client without ``Origin`` is not a browser (the
orchestration engine, ``field_client``, a script) and cannot carry a victim's cookie, so it
passes and authenticates with its token like any other API call.
"""

from typing import Any
from urllib.parse import parse_qs, urlparse

from channels.auth import AuthMiddleware
from channels.db import database_sync_to_async
from channels.security.websocket import OriginValidator
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

UNAUTHORIZED = 4401
FORBIDDEN = 4403


@database_sync_to_async
def _user_for_token(key: str) -> Any:
    from rest_framework.authtoken.models import Token

    token = Token.objects.select_related("user").filter(key=key).first()
    if token is None or not token.user.is_active:
        return AnonymousUser()
    return token.user


def _token_from_scope(scope: dict[str, Any]) -> str | None:
    query = parse_qs(scope.get("query_string", b"").decode())
    if query.get("token"):
        return query["token"][0]
    for name, value in scope.get("headers", []):
        if name == b"authorization":
            kind, _, key = value.decode().partition(" ")
            if kind.lower() == "token" and key:
                return key.strip()
    return None


class _TokenOrSession(AuthMiddleware):
    async def resolve_scope(self, scope: dict[str, Any]) -> None:
        key = _token_from_scope(scope)
        if key is not None:
            # A token that is given decides alone: a bad one never falls back to the session.
            scope["user"]._wrapped = await _user_for_token(key)
            # Consumers recheck that this token still exists (backend/accounts/live.py).
            scope["auth_token"] = key
        else:
            await super().resolve_scope(scope)


def TokenOrSessionAuthMiddleware(inner: Any) -> Any:  # noqa: N802 - mirrors AuthMiddlewareStack
    """Session-aware stack whose user comes from a token when one is given."""
    return CookieMiddleware(SessionMiddleware(_TokenOrSession(inner)))


async def refuse(consumer: Any, code: int) -> None:
    """Complete the handshake, then close with ``code``: the client sees the reason."""
    await consumer.accept()
    await consumer.close(code=code)


class OriginCheck:
    """Refuse (4403, after the handshake) a browser whose Origin is not an allowed host."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        hosts = list(settings.ALLOWED_HOSTS) or ["localhost", "127.0.0.1", "[::1]"]
        self._validator = OriginValidator(inner, hosts)

    def allowed(self, scope: dict[str, Any]) -> bool:
        origin = dict(scope.get("headers", [])).get(b"origin")
        if origin is None:
            return True  # not a browser: the token decides
        try:
            parsed = urlparse(origin.decode("latin1"))
        except UnicodeDecodeError:
            return False
        return bool(parsed.hostname) and bool(self._validator.validate_origin(parsed))

    async def __call__(self, scope: dict[str, Any], receive: Any, send: Any) -> Any:
        if scope["type"] != "websocket" or self.allowed(scope):
            return await self.inner(scope, receive, send)
        message = await receive()
        if message["type"] == "websocket.connect":
            await send({"type": "websocket.accept"})
            await send({"type": "websocket.close", "code": FORBIDDEN})
