"""The live feed socket (/ws/feed): forwards changes the user may see, rendered as feed rows.

Transport only: who may connect is ``access.can_use_insights``; what they may see and whether
it matches their filters is ``selectors.feed_observation`` — the same query the page ran.
"""

from typing import Any
from urllib.parse import parse_qs

from channels.db import database_sync_to_async
from channels.generic.websocket import AsyncJsonWebsocketConsumer
from django.template.loader import render_to_string

from backend.accounts.live import RevocableConsumerMixin
from backend.core.ws_auth import FORBIDDEN, UNAUTHORIZED, refuse
from backend.insights.access import can_use_insights
from backend.insights.events import FEED_GROUP
from backend.insights.forms import feed_filters_from
from backend.insights.presenters import feed_row
from backend.insights.selectors import FeedFilters, feed_observation
from backend.observations.selectors import observations_visible_to

# Close codes in the application range (4000-4999): the page shows why and does not retry.
CLOSE_UNAUTHENTICATED = UNAUTHORIZED
CLOSE_FORBIDDEN = FORBIDDEN
LIVE_BATCH_LIMIT = 50


class FeedConsumer(RevocableConsumerMixin, AsyncJsonWebsocketConsumer):  # type: ignore[misc]
    filters: FeedFilters

    def allowed(self, user: Any) -> bool:
        return can_use_insights(user)

    async def connect(self) -> None:
        user = self.scope.get("user")
        if user is None or not user.is_authenticated:
            await refuse(self, CLOSE_UNAUTHENTICATED)
            return
        if not can_use_insights(user):
            await refuse(self, CLOSE_FORBIDDEN)
            return
        query = parse_qs(self.scope.get("query_string", b"").decode())
        self.filters, _ = feed_filters_from({k: v[-1] for k, v in query.items()})
        await self.access_join()
        await self.channel_layer.group_add(FEED_GROUP, self.channel_name)
        await self.accept()

    async def disconnect(self, code: int) -> None:
        await self.channel_layer.group_discard(FEED_GROUP, self.channel_name)
        await self.access_leave()

    async def receive_json(self, content: Any, **kwargs: Any) -> None:
        if isinstance(content, dict) and content.get("type") == "ping":
            await self.send_json({"type": "pong"})

    async def feed_observation(self, event: dict[str, Any]) -> None:
        if not await self.access_recheck():
            return
        ids = event.get("observation_ids") or [event["observation_id"]]
        # A page shows the newest rows; a big sync batch only needs its last few rendered.
        for observation_id in ids[-LIVE_BATCH_LIMIT:]:
            message = await self._render(str(observation_id))
            if message is not None:
                await self.send_json(message)

    @database_sync_to_async
    def _render(self, observation_id: str) -> dict[str, Any] | None:
        user = self.scope["user"]
        obs = feed_observation(user, self.filters, observation_id)
        if obs is None:
            # Deleted, or no longer matching: tell the page to drop the row if it shows it,
            # but only for notes the user could see at all (never confirm anything else exists).
            visible = observations_visible_to(user, include_deleted=True).filter(pk=observation_id)
            return {"type": "remove", "id": observation_id} if visible.exists() else None
        row = feed_row(obs)
        return {
            "type": "observation",
            "id": row.id,
            "created_at": row.created_at.isoformat(),
            "visited_at": row.visited_at.isoformat(),
            "html": render_to_string("insights/_feed_row.html", {"row": row, "live": True}),
        }
