"""HTTP behaviour: what is retried (network, 5xx), what is not (4xx), and the errors a rep sees."""

from __future__ import annotations

import random

import httpx
import pytest

from field_client.config import RetryPolicy
from field_client.errors import (
    AuthError,
    ClientError,
    InvalidCursor,
    MutationGap,
    OfflineError,
    PayloadTooLarge,
    ProtocolError,
    RateLimited,
    ServerError,
)
from field_client.transport import ServerClient, backoff_delay
from tests.field_client.conftest import make_client
from tests.field_client.fake_server import FakeServer


def test_backoff_grows_exponentially_with_jitter_and_a_cap() -> None:
    policy = RetryPolicy(attempts=10, base_delay=0.5, max_delay=4.0)
    rng = random.Random(7)

    delays = {n: [backoff_delay(n, policy, rng) for _ in range(200)] for n in range(6)}

    assert all(0 <= d <= min(4.0, 0.5 * 2**n) for n, ds in delays.items() for d in ds)
    assert max(delays[3]) > max(delays[0]) * 4  # it grows
    assert len({round(d, 6) for d in delays[2]}) > 100  # and it is jittered


def test_a_4xx_is_not_retried(fake: FakeServer, sleeps: list[float]) -> None:
    fake.faults = ["400"]
    with make_client(fake, "t", sleeps) as client, pytest.raises(ClientError) as caught:
        client.pull(cursor=None, limit=10, client_id=None)

    assert caught.value.code == "injected"
    assert len(fake.requests) == 1 and sleeps == []


def test_an_unreachable_server_is_reported_after_the_retries(
    fake: FakeServer, sleeps: list[float]
) -> None:
    fake.faults = ["connect"] * 10

    with (
        make_client(fake, "t", sleeps, attempts=4) as client,
        pytest.raises(OfflineError) as caught,
    ):
        client.pull(cursor=None, limit=10, client_id=None)

    assert len(fake.requests) == 4 and len(sleeps) == 3
    assert "cannot reach the server" in caught.value.message


def test_persistent_5xx_is_a_server_error(fake: FakeServer, sleeps: list[float]) -> None:
    fake.faults = ["500"] * 10

    with make_client(fake, "t", sleeps, attempts=3) as client, pytest.raises(ServerError):
        client.pull(cursor=None, limit=10, client_id=None)

    assert len(fake.requests) == 3


def test_a_rate_limited_request_waits_as_told_then_succeeds(
    fake: FakeServer, sleeps: list[float]
) -> None:
    fake.faults = ["429:7", "429:3"]
    fake.tokens["t"] = "rep1"

    with make_client(fake, "t", sleeps) as client:
        page = client.pull(cursor=None, limit=10, client_id=None)

    assert "changes" in page
    assert sleeps == [7.0, 3.0]  # exactly what Retry-After said, not the jittered backoff
    assert len(fake.requests) == 3


def test_persistent_rate_limiting_is_reported(fake: FakeServer, sleeps: list[float]) -> None:
    fake.faults = ["429:1000"] * 10

    with (
        make_client(fake, "t", sleeps, attempts=3) as client,
        pytest.raises(RateLimited) as caught,
    ):
        client.pull(cursor=None, limit=10, client_id=None)

    assert caught.value.code == "rate_limited"
    assert sleeps == [120.0, 120.0]  # a huge Retry-After is capped


def test_bad_password_and_bad_token_are_auth_errors(fake: FakeServer, sleeps: list[float]) -> None:
    with (
        make_client(fake, None, sleeps) as client,
        pytest.raises(AuthError, match="wrong username or password"),
    ):
        client.login(username="rep1", password="nope")
    with (
        make_client(fake, "revoked", sleeps) as client,
        pytest.raises(AuthError, match="expired or was revoked"),
    ):
        client.pull(cursor=None, limit=10, client_id=None)


@pytest.mark.parametrize(
    ("status", "code", "expected", "message"),
    [
        (426, "upgrade_required", ProtocolError, "newer field-client"),
        (403, "client_id_taken", ProtocolError, "another user"),
        (409, "mutation_gap", MutationGap, "expects mutation 4"),
        (413, "batch_too_large", PayloadTooLarge, "too large"),
        (400, "invalid_cursor", InvalidCursor, "cursor"),
    ],
)
def test_protocol_refusals_become_typed_errors(
    status: int, code: str, expected: type[ClientError], message: str
) -> None:
    body = {"error": {"code": code, "message": "no", "details": {"expected": 4, "limit": 500}}}
    transport = httpx.MockTransport(lambda request: httpx.Response(status, json=body))

    with (
        ServerClient("http://x.test", transport=transport) as client,
        pytest.raises(expected) as caught,
    ):
        client.pull(cursor="c", limit=1, client_id=None)

    assert message in caught.value.message


def test_an_outage_answer_is_retried_no_sooner_than_its_retry_after(
    fake: FakeServer, sleeps: list[float]
) -> None:
    fake.faults = ["503:7", "503:3"]
    with make_client(fake, "t", sleeps) as client:
        client.login(username="rep1", password="pw1")

    assert len(fake.requests) == 3
    assert sleeps[0] >= 7 and sleeps[1] >= 3
