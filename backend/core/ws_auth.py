"""WebSocket authentication: a DRF token (``?token=`` or ``Authorization`` header) or the session."""

from typing import Any
from urllib.parse import parse_qs

from channels.auth import AuthMiddleware
from channels.db import database_sync_to_async
from channels.sessions import CookieMiddleware, SessionMiddleware
from django.contrib.auth.models import AnonymousUser


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
            scope["user"]._wrapped = await _user_for_token(key)
            # Consumers recheck that this token still exists (backend/accounts/live.py).
            scope["auth_token"] = key
        else:
            await super().resolve_scope(scope)


def TokenOrSessionAuthMiddleware(inner: Any) -> Any:  # noqa: N802 - mirrors AuthMiddlewareStack
    """Session-aware stack whose user comes from a token when one is given."""
    return CookieMiddleware(SessionMiddleware(_TokenOrSession(inner)))
