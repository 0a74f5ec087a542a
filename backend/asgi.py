"""ASGI entry point: HTTP through Django, WebSocket through Channels routing."""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402

from backend.core.ws_auth import OriginCheck, TokenOrSessionAuthMiddleware  # noqa: E402
from backend.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        # Refusals complete the handshake and close with 4401/4403 (see backend.core.ws_auth).
        "websocket": OriginCheck(TokenOrSessionAuthMiddleware(URLRouter(websocket_urlpatterns))),
    }
)
