"""The live feed socket, driven through the real ASGI application."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from rest_framework.authtoken.models import Token

from backend.asgi import application
from backend.tagging.events import observation_tagged
from tests.backend.insights.helpers import tagged

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("audit_rows_cleared_after"),
]


@pytest.fixture(autouse=True)
async def _close_consumer_connections() -> AsyncIterator[None]:
    """The consumer's queries run on the sync worker thread; close its connection afterwards
    so PostgreSQL can drop the test database."""
    yield
    await sync_to_async(connections.close_all)()


async def _connect(user: Any | None, query: str = "") -> tuple[WebsocketCommunicator, Any]:
    token = ""
    if user is not None:
        key = (await sync_to_async(Token.objects.get_or_create)(user=user))[0].key
        token = f"token={key}"
    path = "/ws/feed?" + "&".join(p for p in (token, query) if p)
    communicator = WebsocketCommunicator(
        application, path, headers=[(b"origin", b"http://testserver")]
    )
    connected, code = await communicator.connect()
    return communicator, (connected, code)


async def _tag(rep: Any, note: str, **kwargs: Any) -> Any:
    obs = await sync_to_async(tagged)(rep, note, **kwargs)
    await sync_to_async(observation_tagged.send)(
        sender=None, observation_id=str(obs.pk), rev=obs.rev
    )
    return obs


async def test_anonymous_and_reps_are_refused(world: Any) -> None:
    communicator, (connected, _) = await _connect(None)
    assert connected  # the handshake completes so the page can read why
    assert await communicator.receive_output() == {"type": "websocket.close", "code": 4401}
    communicator, (connected, _) = await _connect(world.alice)
    assert connected
    assert await communicator.receive_output() == {"type": "websocket.close", "code": 4403}


async def test_tagged_note_in_scope_arrives_rendered_and_out_of_scope_never(world: Any) -> None:
    communicator, (connected, _) = await _connect(world.carol)
    assert connected
    # When a south note is tagged, then a north one naming a patient
    await _tag(world.bob, "south copay story", labels={"objection_price": 0.9})
    north = await _tag(
        world.alice,
        "Pt Jane Roe copay",
        redacted="Pt [PATIENT_NAME] copay",
        pii=[[3, 11, "PATIENT_NAME"]],
        labels={"objection_price": 0.9},
    )
    # Then carol receives only the north note, redacted
    message = await communicator.receive_json_from(timeout=5)
    assert message["type"] == "observation" and message["id"] == str(north.pk)
    assert "[PATIENT_NAME]" in message["html"] and "Jane" not in message["html"]
    assert await communicator.receive_nothing(timeout=0.3)
    await communicator.disconnect()


async def test_the_page_filters_apply_to_live_notes(world: Any) -> None:
    communicator, (connected, _) = await _connect(world.carol, "label=objection_access")
    assert connected
    await _tag(world.alice, "copay story", labels={"objection_price": 0.9})
    access = await _tag(world.alice, "formulary story", labels={"objection_access": 0.9})
    first = await communicator.receive_json_from(timeout=5)
    # The price note does not match: at most a "remove" for a row the page does not show
    if first["type"] == "remove":
        first = await communicator.receive_json_from(timeout=5)
    assert first["type"] == "observation" and first["id"] == str(access.pk)
    await communicator.disconnect()
