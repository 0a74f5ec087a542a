"""/ws/signals, driven through the real ASGI application."""

from collections.abc import AsyncIterator
from typing import Any

import pytest
from asgiref.sync import sync_to_async
from channels.testing import WebsocketCommunicator
from django.db import connections
from rest_framework.authtoken.models import Token

from backend.alerts.rule_services import rule_create
from backend.alerts.signal_services import signal_acknowledge
from backend.asgi import application
from tests.backend.alerts.helpers import days_ago, evaluate, tagged_note

pytestmark = [
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("audit_rows_cleared_after"),
]


@pytest.fixture(autouse=True)
async def _close_consumer_connections() -> AsyncIterator[None]:
    yield
    await sync_to_async(connections.close_all)()


async def _connect(user: Any | None, query: str = "", token: str | None = None) -> Any:
    if user is not None:
        token = (await sync_to_async(Token.objects.get_or_create)(user=user))[0].key
    params = "&".join(p for p in ((f"token={token}" if token else ""), query) if p)
    communicator = WebsocketCommunicator(
        application, f"/ws/signals?{params}", headers=[(b"origin", b"http://testserver")]
    )
    connected, code = await communicator.connect()
    return communicator, connected, code


@sync_to_async
def _raise_ae(rep: Any, note: str = "pt had a rash") -> Any:
    return evaluate(tagged_note(rep, note, labels=("adverse_event",)))[0]


async def test_anonymous_and_bad_tokens_are_refused(world: Any) -> None:
    for token in (None, "not-a-token"):
        communicator, connected, _ = await _connect(None, token=token)
        # The handshake completes so the client can read why: close code 4401
        assert connected
        assert await communicator.receive_output() == {"type": "websocket.close", "code": 4401}


async def test_each_stream_gets_the_signals_in_its_scope(world: Any) -> None:
    await sync_to_async(rule_create)(name="AE", kind="adverse_event")
    engine, ok1, _ = await _connect(world.orchestrator)
    carol, ok2, _ = await _connect(world.carol)
    bob, ok3, _ = await _connect(world.bob)
    assert ok1 and ok2 and ok3

    # When a north note raises a signal
    north = await _raise_ae(world.alice)

    # Then the engine and the north analyst receive it; bob (south rep) does not
    for stream in (engine, carol):
        message = await stream.receive_json_from(timeout=5)
        assert message["event"] == "signal.raised"
        assert message["signal"]["id"] == str(north.pk)
    assert await bob.receive_nothing(timeout=0.3)

    # And an acknowledgement is streamed too
    await sync_to_async(signal_acknowledge)(user=world.orchestrator, signal_id=north.pk, via="api")
    message = await engine.receive_json_from(timeout=5)
    assert message["event"] == "signal.acknowledged"
    assert message["signal"]["status"] == "acknowledged"
    for stream in (engine, carol, bob):
        await stream.disconnect()


async def test_a_reconnecting_client_gets_the_backlog_from_its_cursor(world: Any) -> None:
    await sync_to_async(rule_create)(name="AE", kind="adverse_event")
    first = await _raise_ae(world.alice, "rash one")
    second = await _raise_ae(world.bob, "rash two")

    stream, connected, _ = await _connect(world.orchestrator, "cursor=")
    assert connected
    backlog = [await stream.receive_json_from(timeout=5) for _ in range(3)]
    assert [m["event"] for m in backlog] == ["signal.backlog", "signal.backlog", "backlog.done"]
    assert [m["signal"]["id"] for m in backlog[:2]] == [str(first.pk), str(second.pk)]
    await stream.disconnect()

    # Reconnecting from the cursor it was given replays nothing old
    stream, _, _ = await _connect(world.orchestrator, f"cursor={backlog[2]['cursor']}")
    assert (await stream.receive_json_from(timeout=5))["event"] == "backlog.done"
    await stream.disconnect()


async def test_a_bad_cursor_closes_the_stream_with_a_code(world: Any) -> None:
    stream, connected, _ = await _connect(world.orchestrator, "cursor=garbage")
    assert connected
    message = await stream.receive_json_from(timeout=5)
    assert message == {
        "event": "error",
        "code": "invalid_cursor",
        "message": "The cursor is not one this server issued.",
    }
    assert (await stream.receive_output(timeout=5))["type"] == "websocket.close"


@sync_to_async
def _price_note(world: Any, days: int) -> list[Any]:
    note = tagged_note(
        world.alice,
        f"copay too high ({days})",
        labels=("objection_price",),
        products=(world.own,),
        visited_at=days_ago(days),
    )
    return evaluate(note)


async def test_an_update_of_an_open_signal_is_streamed_as_signal_updated(world: Any) -> None:
    await sync_to_async(rule_create)(
        name="Price",
        kind="objection_threshold",
        params={"labels": ["objection_price"], "min_count": 2, "window_days": 7},
    )
    await _price_note(world, 4)
    [signal] = await _price_note(world, 3)
    engine, ok1, _ = await _connect(world.orchestrator)
    carol, ok2, _ = await _connect(world.carol)
    bob, ok3, _ = await _connect(world.bob)
    assert ok1 and ok2 and ok3

    # When a third note rolls up into the open signal
    assert await _price_note(world, 2) == []

    # Then the engine and the analyst in scope get the new revision; the south rep nothing
    for stream in (engine, carol):
        message = await stream.receive_json_from(timeout=5)
        assert message["event"] == "signal.updated"
        assert message["signal"]["id"] == str(signal.pk)
        assert (message["signal"]["revision"], message["signal"]["count"]) == (2, 3)
    assert await bob.receive_nothing(timeout=0.3)
    for stream in (engine, carol, bob):
        await stream.disconnect()
