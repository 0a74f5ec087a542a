"""WebSocket routes; each app that streams adds its consumer here."""

from typing import Any

from django.urls import path

from backend.alerts.consumers import SignalStreamConsumer
from backend.insights.consumers import FeedConsumer

websocket_urlpatterns: list[Any] = [
    path("ws/feed", FeedConsumer.as_asgi()),
    path("ws/signals", SignalStreamConsumer.as_asgi()),
]
