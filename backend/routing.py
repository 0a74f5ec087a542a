"""WebSocket routes; each app that streams adds its consumer here."""

from typing import Any

websocket_urlpatterns: list[Any] = []
