"""WebSocket refusals as documented: the handshake completes and the socket closes with 4401
(no or bad token) or 4403 (wrong role, foreign Origin); a token without Origin is accepted."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from rest_framework.authtoken.models import Token

from backend.asgi import application
from tests.backend.append_only import append_only_tables_emptied

pytestmark = pytest.mark.django_db(transaction=True)
OURS = (b"origin", b"http://testserver")
FOREIGN = (b"origin", b"https://evil.example.com")


@pytest.fixture(autouse=True)
async def _close_consumer_connections() -> AsyncIterator[None]:
    yield
    await sync_to_async(connections.close_all)()
    # Let the transactional test's flush run on SQLite (see tests.backend.append_only).
    await sync_to_async(append_only_tables_emptied)()


async def _token(user: Any) -> str:
    return (await sync_to_async(Token.objects.get_or_create)(user=user))[0].key


async def _open(path: str, headers: list[tuple[bytes, bytes]]) -> tuple[Any, bool, Any]:
    communicator = WebsocketCommunicator(application, path, headers=headers)
    connected, _ = await communicator.connect()
    return communicator, connected, None


async def _close_code(path: str, headers: list[tuple[bytes, bytes]]) -> int:
    """The handshake must complete (so browsers can read the code), then the socket closes."""
    communicator, connected, _ = await _open(path, headers)
    assert connected, f"{path}: handshake refused instead of a close code"
    message = await communicator.receive_output(timeout=5)
    assert message["type"] == "websocket.close"
    return int(message["code"])


@pytest.mark.parametrize("stream", ["/ws/signals", "/ws/feed"])
async def test_missing_and_bad_tokens_close_with_4401(world: Any, stream: str) -> None:
    assert await _close_code(stream, [OURS]) == 4401
    assert await _close_code(f"{stream}?token=not-a-token", [OURS]) == 4401
    assert await _close_code(stream, [OURS, (b"authorization", b"Token nope")]) == 4401


async def test_an_inactive_user_closes_with_4401(world: Any) -> None:
    key = await _token(world.carol)
    world.carol.is_active = False
    await sync_to_async(world.carol.save)()
    assert await _close_code(f"/ws/signals?token={key}", [OURS]) == 4401


async def test_the_wrong_role_closes_with_4403(world: Any) -> None:
    key = await _token(world.alice)  # a rep: the analyst feed is not theirs
    assert await _close_code(f"/ws/feed?token={key}", [OURS]) == 4403


@pytest.mark.parametrize("stream", ["/ws/signals", "/ws/feed"])
async def test_a_foreign_origin_closes_with_4403_even_with_a_good_token(
    world: Any, stream: str
) -> None:
    key = await _token(world.carol)
    assert await _close_code(f"{stream}?token={key}", [FOREIGN]) == 4403
    assert await _close_code(f"{stream}?token={key}", [(b"origin", b"null")]) == 4403


@pytest.mark.parametrize("stream", ["/ws/signals", "/ws/feed"])
async def test_a_valid_token_without_origin_is_accepted(world: Any, stream: str) -> None:
    key = await _token(world.carol)
    for path, headers in (
        (f"{stream}?token={key}", []),
        (stream, [(b"authorization", f"Token {key}".encode())]),
    ):
        communicator, connected, _ = await _open(path, headers)
        assert connected
        assert await communicator.receive_nothing(timeout=0.3)  # open, not closed
        await communicator.disconnect()
