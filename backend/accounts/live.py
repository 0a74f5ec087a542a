"""Ending live streams when access ends.

Every WebSocket consumer joins its user's access group (``access.user.<id>``). When a user is
deactivated, changes role or scope, or loses a token, a service sends ``access.changed`` to
that group after the commit; each socket then rechecks its access against the database and
closes (4401) if it no longer holds. Consumers also recheck before forwarding an event, at
most every ``RECHECK_SECONDS``, so an event is never sent on the strength of a stale check.
"""

import logging
import time
from collections.abc import Callable
from typing import Any

from asgiref.sync import async_to_sync
from channels.db import database_sync_to_async
from channels.layers import get_channel_layer

from backend.accounts.models import User

logger = logging.getLogger(__name__)

MESSAGE_TYPE = "access.changed"
CLOSE_REVOKED = 4401
RECHECK_SECONDS = 2.0


def access_group(user_id: int) -> str:
    return f"access.user.{user_id}"


def access_changed_send(*, user_id: int, reason: str) -> None:
    """Tell the user's open sockets to recheck their access. Never raises: a socket that misses
    this still rechecks before its next event."""
    layer = get_channel_layer()
    if layer is None:
        return
    try:
        async_to_sync(layer.group_send)(
            access_group(user_id), {"type": MESSAGE_TYPE, "reason": reason}
        )
    except Exception:
        logger.exception("access change not sent", extra={"user_id": user_id, "reason": reason})


def access_holds(*, user_id: int, token_key: str | None) -> User | None:
    """The current user row if the socket's credentials still hold, else None."""
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return None
    if token_key is not None:
        from rest_framework.authtoken.models import Token

        if not Token.objects.filter(key=token_key, user_id=user_id).exists():
            return None
    return user


class RevocableConsumerMixin:
    """For ``AsyncJsonWebsocketConsumer``s: join the access group, recheck, close on revocation.

    A consumer defines ``allowed(user)`` (the role check it made at connect time)."""

    scope: dict[str, Any]
    channel_layer: Any
    channel_name: str
    close: Callable[..., Any]
    _checked_at: float = 0.0
    _access_joined: bool = False

    def allowed(self, user: User) -> bool:
        return True

    async def access_join(self) -> None:
        user = self.scope["user"]
        await self.channel_layer.group_add(access_group(user.pk), self.channel_name)
        self._access_joined = True
        self._checked_at = time.monotonic()

    async def access_leave(self) -> None:
        if self._access_joined:
            await self.channel_layer.group_discard(
                access_group(self.scope["user"].pk), self.channel_name
            )
            self._access_joined = False

    async def access_recheck(self, *, force: bool = False) -> bool:
        """True if the socket may go on; otherwise closes it and returns False."""
        if not force and time.monotonic() - self._checked_at < RECHECK_SECONDS:
            return True
        user = await database_sync_to_async(access_holds)(
            user_id=self.scope["user"].pk, token_key=self.scope.get("auth_token")
        )
        if user is None or not self.allowed(user):
            await self.close(code=CLOSE_REVOKED)
            await self.access_leave()
            return False
        self.scope["user"] = user  # later checks (scope, role) read the fresh row
        self._checked_at = time.monotonic()
        return True

    async def access_changed(self, message: dict[str, Any]) -> None:
        await self.access_recheck(force=True)
