"""``/ws/signals``: the signal stream. Transport only; scoping happens in ``events``.

Authenticate with ``?token=<key>`` (or an ``Authorization: Token`` header, or the session). An
anonymous connection is accepted and closed at once with code 4401 (``core.ws_auth``). Pass
``?cursor=<feed cursor>`` to receive the feed from that point first, then live events: a client
that reconnects misses nothing (it may see a signal twice; the signal id tells).
"""

from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer

from backend.accounts.live import RevocableConsumerMixin
from backend.alerts.events import ALL_GROUP, user_group
from backend.alerts.selectors import sees_all_signals, signal_feed
from backend.core.errors import DomainError
from backend.core.ws_auth import UNAUTHORIZED, refuse

BAD_CURSOR = 4400
BACKLOG_PAGE = 200


class SignalStreamConsumer(RevocableConsumerMixin, AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    group: str | None = None

    def allowed(self, user: Any) -> bool:
        # The unscoped stream stays open only while its user still sees every signal.
        return self.group != ALL_GROUP or sees_all_signals(user)

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await refuse(self, UNAUTHORIZED)
            return
        self.group = ALL_GROUP if sees_all_signals(user) else user_group(user.pk)
        await self.access_join()
        await self.channel_layer.group_add(self.group, self.channel_name)
        await self.accept()
        query = parse_qs(self.scope.get("query_string", b"").decode(), keep_blank_values=True)
        if "cursor" in query:
            await self._send_backlog(user, query["cursor"][0])

    async def _send_backlog(self, user: Any, cursor: str) -> None:
        while True:
            try:
                page = await database_sync_to_async(signal_feed)(
                    user=user, cursor=cursor or None, limit=BACKLOG_PAGE
                )
            except DomainError as exc:
                await self.send_json({"event": "error", "code": exc.code, "message": exc.message})
                await self.close(code=BAD_CURSOR)
                return
            for signal in page["signals"]:
                await self.send_json({"event": "signal.backlog", "signal": signal})
            cursor = page["cursor"]
            if not page["has_more"]:
                await self.send_json({"event": "backlog.done", "cursor": cursor})
                return

    async def disconnect(self, code: int) -> None:
        if self.group is not None:
            await self.channel_layer.group_discard(self.group, self.channel_name)
        await self.access_leave()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        # Acknowledgements go through POST /api/v1/signals/{id}/ack; the stream is one-way.
        await self.send_json({"event": "error", "code": "read_only", "message": "Use the API."})

    async def signal_event(self, message: dict[str, Any]) -> None:
        if not await self.access_recheck():
            return
        await self.send_json({"event": message["event"], "signal": message["signal"]})
