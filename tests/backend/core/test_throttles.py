"""Rate limits: token issue per username and per address, sync per device, the rest per user;
a limited request answers 429 ``rate_limited`` with Retry-After."""

import pytest
from django.core.cache import caches
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from tests.factories import PASSWORD


@pytest.fixture
def limits(settings):
    settings.THROTTLE_ENABLED = True
    settings.THROTTLE_RATES = {
        "auth_username": "5/min",
        "auth_address": "12/min",
        "sync": "3/min",
        "user": "4/min",
    }
    caches["throttle"].clear()
    yield settings.THROTTLE_RATES
    caches["throttle"].clear()


def _login(username, password, address="10.0.0.1"):
    return APIClient(REMOTE_ADDR=address).post(
        "/api/v1/auth/token", {"username": username, "password": password}, format="json"
    )


def test_a_password_guessing_loop_is_answered_429(world, limits):
    # When someone guesses alice's password eight times
    answers = [_login("alice", f"guess-{n}") for n in range(8)]

    # Then the first five are judged, the rest refused without being checked
    assert [a.status_code for a in answers] == [400] * 5 + [429] * 3
    limited = answers[-1]
    assert limited.json()["error"]["code"] == "rate_limited"
    assert 1 <= int(limited["Retry-After"]) <= 60
    assert limited.json()["error"]["details"]["retry_after"] == int(limited["Retry-After"])
    # Even the right password waits now (a guesser learns nothing), from any address
    assert _login("alice", PASSWORD, address="10.0.0.2").status_code == 429
    # Another user is not locked out by alice's attacker
    assert _login("bob", PASSWORD, address="10.0.0.3").status_code == 200


def test_one_address_guessing_many_usernames_is_limited(world, limits):
    answers = [_login(f"user{n}", "guess") for n in range(14)]
    assert [a.status_code for a in answers].count(429) == 2
    assert _login("carol", PASSWORD, address="10.9.9.9").status_code == 200


def _client(user):
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {Token.objects.get_or_create(user=user)[0].key}")
    return client


def test_sync_is_limited_per_device(world, limits):
    alice, bob = _client(world.alice), _client(world.bob)
    pulls = [alice.get("/api/v1/sync/pull").status_code for _ in range(4)]
    assert pulls == [200, 200, 200, 429]
    # Another device has its own budget; a pull naming another client_id too
    assert bob.get("/api/v1/sync/pull").status_code == 200
    other = alice.get("/api/v1/sync/pull", {"client_id": "5a3c1f5e-5d2c-4f43-9f7e-0c5a8d1b2a10"})
    assert other.status_code == 200
    push = alice.post("/api/v1/sync/push", {}, format="json")
    assert push.status_code == 429 and push.json()["error"]["code"] == "rate_limited"


def test_other_endpoints_are_limited_per_user(world, limits):
    carol = _client(world.carol)
    codes = [carol.get("/api/v1/signals").status_code for _ in range(5)]
    assert codes == [200, 200, 200, 200, 429]
    assert _client(world.orchestrator).get("/api/v1/signals").status_code == 200


def test_limits_are_off_in_the_test_suite_by_default(world, api):
    carol = api("carol")
    assert all(carol.get("/api/v1/signals").status_code == 200 for _ in range(30))


def test_rates_come_from_the_environment_and_a_bad_one_stops_start_up(monkeypatch):
    from backend.env import ImproperEnvironment, env_rate

    monkeypatch.setenv("THROTTLE_X", "20/hour")
    assert env_rate("THROTTLE_X", "10/min") == "20/hour"
    monkeypatch.setenv("THROTTLE_X", "off")
    assert env_rate("THROTTLE_X", "10/min") is None
    monkeypatch.setenv("THROTTLE_X", "lots")
    with pytest.raises(ImproperEnvironment, match="THROTTLE_X"):
        env_rate("THROTTLE_X", "10/min")
