"""Revoked access closes live streams: deactivating a user or deleting their token closes their
open /ws/signals and /ws/feed sockets, and no event is sent on a stale permission check.
Driven through the real ASGI application."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from rest_framework.authtoken.models import Token

from backend.accounts import live
from backend.accounts.models import Role, User
from backend.alerts.rule_services import rule_create
from backend.asgi import application
from tests.backend.alerts.helpers import evaluate, tagged_note

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("audit_rows_cleared_after"),
]


@pytest.fixture(autouse=True)
async def _close_consumer_connections() -> AsyncIterator[None]:
    yield
    await sync_to_async(connections.close_all)()


async def _open(user: User, path: str) -> WebsocketCommunicator:
    token = (await sync_to_async(Token.objects.get_or_create)(user=user))[0].key
    communicator = WebsocketCommunicator(
        application, f"{path}?token={token}", headers=[(b"origin", b"http://testserver")]
    )
    connected, _ = await communicator.connect()
    assert connected
    return communicator


async def _closed_with(communicator: WebsocketCommunicator) -> int | None:
    """The close code the server sent within a few seconds (None: still open)."""
    while True:
        try:
            message = await communicator.receive_output(timeout=3)
        except TimeoutError:
            return None
        if message["type"] == "websocket.close":
            return int(message.get("code", 1000))


@sync_to_async
def _deactivate(user: User) -> None:
    user.is_active = False
    user.save()


@sync_to_async
def _delete_tokens(user: User) -> None:
    for token in Token.objects.filter(user=user):
        token.delete()


@pytest.mark.parametrize("path", ["/ws/signals", "/ws/feed"])
async def test_deactivating_a_user_closes_their_sockets(world: Any, path: str) -> None:
    user = world.carol if path == "/ws/feed" else world.orchestrator
    socket = await _open(user, path)
    bystander = await _open(world.admin, path)

    await _deactivate(user)

    assert await _closed_with(socket) == live.CLOSE_REVOKED
    assert await bystander.receive_nothing(timeout=0.5)  # other users' sockets stay open
    await bystander.disconnect()


@pytest.mark.parametrize("path", ["/ws/signals", "/ws/feed"])
async def test_deleting_the_token_closes_the_socket_it_opened(world: Any, path: str) -> None:
    user = world.carol
    socket = await _open(user, path)

    await _delete_tokens(user)

    assert await _closed_with(socket) == live.CLOSE_REVOKED


async def test_a_demoted_orchestrator_loses_the_unscoped_stream(world: Any) -> None:
    socket = await _open(world.orchestrator, "/ws/signals")

    @sync_to_async
    def demote() -> None:
        world.orchestrator.role = Role.ANALYST
        world.orchestrator.save()

    await demote()

    assert await _closed_with(socket) == live.CLOSE_REVOKED


async def test_an_event_is_not_sent_on_a_stale_check(world: Any, monkeypatch: Any) -> None:
    # Given an orchestrator deactivated behind the signals' back (a bulk update sends none)
    await sync_to_async(rule_create)(name="AE", kind="adverse_event")
    socket = await _open(world.orchestrator, "/ws/signals")
    monkeypatch.setattr(live, "RECHECK_SECONDS", 0.0)
    await sync_to_async(User.objects.filter(pk=world.orchestrator.pk).update)(is_active=False)

    # When an adverse event is raised
    await sync_to_async(
        lambda: evaluate(tagged_note(world.alice, "pt had a rash", labels=("adverse_event",)))
    )()

    # Then the socket closes and never carries the event
    message = await socket.receive_output(timeout=3)
    assert message["type"] == "websocket.close", message
