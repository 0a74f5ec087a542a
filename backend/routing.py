"""WebSocket routes; each app that streams adds its consumer here."""

from typing import Any

from django.urls import path

from backend.insights.consumers import FeedConsumer

websocket_urlpatterns: list[Any] = [
    path("ws/feed", FeedConsumer.as_asgi()),
]
