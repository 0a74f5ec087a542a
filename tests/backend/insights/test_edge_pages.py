"""Web pages answer bad query strings and paths with a 404 or an ignored filter, never a 500,
and the CSV export always finishes (issue 17's findings, one test each)."""

import asyncio
from typing import Any

import pytest
from django.test import AsyncClient

from tests.backend.insights.helpers import tagged

pytestmark = pytest.mark.django_db

BIG = str(2**63)


def test_alert_page_with_a_malformed_id_is_404(client: Any, world: Any) -> None:
    client.force_login(world.carol)

    assert client.get("/alerts/not-a-uuid/").status_code == 404
    assert client.post("/alerts/not-a-uuid/act", {"action": "ack"}).status_code == 404


@pytest.mark.parametrize(
    "query",
    [
        {"date_to": "9999-12-31"},
        {"date_from": "0001-01-01"},
        {"date_from": "9999-12-31", "date_to": "9999-12-31"},
        {"territory": BIG},
        {"product": BIG},
        {"competitor": BIG},
        {"rep": BIG},
    ],
)
def test_feed_ignores_an_out_of_range_filter_with_a_warning(client: Any, world: Any, query) -> None:
    tagged(world.alice, "copay talk", labels={"objection_price": 0.9})
    client.force_login(world.carol)

    response = client.get("/", query)

    assert response.status_code == 200
    assert "Ignored the" in response.content.decode()
    assert "copay talk" in response.content.decode()


@pytest.mark.parametrize("query", [{"territory": BIG}, {"product": BIG}, {"days": BIG}])
def test_trends_with_out_of_range_filters_answer(client: Any, world: Any, query) -> None:
    client.force_login(world.carol)

    assert client.get("/trends/", query).status_code in (200, 400)


@pytest.mark.parametrize("query", [{"date_to": "9999-12-31"}, {"territory": BIG}, {"rep": BIG}])
def test_csv_export_with_out_of_range_filters_answers_promptly_under_asgi(
    world: Any, query, transactional_db: Any, audit_rows_cleared_after: Any
) -> None:
    tagged(world.alice, "copay talk", labels={"objection_price": 0.9})

    async def fetch() -> Any:
        client = AsyncClient()
        await client.aforce_login(world.carol)
        response = await client.get("/feed.csv", query)
        body = b"".join([chunk async for chunk in response.streaming_content])
        return response, body

    # A hang here is the bug; the bound is generous so a slow machine does not fail it.
    response, body = asyncio.run(asyncio.wait_for(fetch(), timeout=60))

    assert response.status_code == 200
    assert body.decode().startswith("id,received_at")
    assert "copay talk" in body.decode()


def test_nul_in_a_page_query_string_is_400(client: Any, world: Any) -> None:
    client.force_login(world.carol)

    assert client.get("/", {"q": "a\x00b"}).status_code == 400
    assert client.get("/alerts/", {"type": "\x00"}).status_code in (200, 400)


def test_csv_export_that_fails_mid_stream_ends_with_a_marker_instead_of_hanging(
    world: Any, transactional_db: Any, audit_rows_cleared_after: Any, monkeypatch: Any
) -> None:
    from backend.insights import export

    def broken(*args: Any, **kwargs: Any) -> Any:
        yield "id,received_at\r\n"
        raise OverflowError("date value out of range")

    monkeypatch.setattr(export, "csv_lines", broken)

    async def fetch() -> bytes:
        client = AsyncClient()
        await client.aforce_login(world.carol)
        response = await client.get("/feed.csv")
        return b"".join([chunk async for chunk in response.streaming_content])

    body = asyncio.run(asyncio.wait_for(fetch(), timeout=60)).decode()

    assert body.startswith("id,received_at")
    assert body.splitlines()[-1].startswith("export_failed")
