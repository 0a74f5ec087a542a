"""Shared fixtures: a small world with two reps in different territories, an analyst, the
orchestration engine and an admin, each with an authenticated API client."""

from collections.abc import Iterator
from dataclasses import dataclass
from typing import Any

import pytest
from rest_framework.authtoken.models import Token
from rest_framework.test import APIClient

from backend.accounts.models import Role, User
from backend.catalog.models import HCP, ContentAsset, Product, Territory
from tests.factories import (
    ContentAssetFactory,
    HCPFactory,
    ProductFactory,
    TerritoryFactory,
    UserFactory,
)


@pytest.fixture(autouse=True)
def _jobs_run_in_process() -> Iterator[None]:
    """Background jobs run in-process after commit, as in the embedded mode, even when
    REDIS_URL is set: a worker would not see pytest-django's uncommitted test data. The
    end-to-end tests in tests/e2e drive a real worker against committed data."""
    from backend.celery import app

    before = app.conf.task_always_eager
    app.conf.task_always_eager = True
    yield
    app.conf.task_always_eager = before


@pytest.fixture(autouse=True)
def _fresh_channel_layer() -> Iterator[None]:
    """Each test gets a channel layer of its own. pytest-asyncio gives every test its own event
    loop (loop scope "function", set in pyproject.toml), but ``channel_layers`` caches one layer
    per process, and channels_redis binds its receive lock and connection pools to the loop that
    first used them: a layer surviving into the next test fails with "bound to a different event
    loop", depending on test order. Closing the pools and dropping the cached layer after every
    test removes that order dependency (the in-memory layer is flushed, so no message leaks
    into the next test either)."""
    from asgiref.sync import async_to_sync
    from channels.layers import channel_layers

    yield
    for alias, layer in list(channel_layers.backends.items()):
        close = getattr(layer, "close_pools", None) or getattr(layer, "flush", None)
        if close is not None:
            async_to_sync(close)()
        del channel_layers.backends[alias]


@dataclass
class World:
    north: Territory
    south: Territory
    alice: User  # rep in north
    bob: User  # rep in south
    carol: User  # analyst scoped to north
    orchestrator: User
    admin: User
    hcp_north: HCP
    hcp_south: HCP
    own: Product
    rival: Product
    asset: ContentAsset


@pytest.fixture
def world(db: Any) -> World:
    north = TerritoryFactory(code="N")
    south = TerritoryFactory(code="S")
    carol = UserFactory(username="carol", role=Role.ANALYST)
    carol.scope_territories.set([north])
    own = ProductFactory(name="Ownbrand", company="own")
    return World(
        north=north,
        south=south,
        alice=UserFactory(username="alice", role=Role.REP, territory=north),
        bob=UserFactory(username="bob", role=Role.REP, territory=south),
        carol=carol,
        orchestrator=UserFactory(username="orc", role=Role.ORCHESTRATOR),
        admin=UserFactory(username="root", role=Role.ADMIN, is_staff=True, is_superuser=True),
        hcp_north=HCPFactory(territory=north),
        hcp_south=HCPFactory(territory=south),
        own=own,
        rival=ProductFactory(name="Rivalbrand", company="competitor"),
        asset=ContentAssetFactory(code="OWN-DOS-2", product=own, version=2),
    )


def client_for(user: User | None) -> APIClient:
    client = APIClient()
    if user is not None:
        token, _ = Token.objects.get_or_create(user=user)
        client.credentials(HTTP_AUTHORIZATION=f"Token {token.key}")
    return client


@pytest.fixture
def api(world: World) -> Any:
    """``api("alice")`` -> an APIClient authenticated as that world user (None = anonymous)."""

    def make(name: str | None) -> APIClient:
        return client_for(getattr(world, name) if name else None)

    return make
