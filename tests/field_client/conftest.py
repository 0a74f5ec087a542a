"""Fixtures for the field client: a store in a temporary home and a fake server behind httpx."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from field_client import cli_commands, services
from field_client.cli import main
from field_client.config import RetryPolicy
from field_client.db import connect
from field_client.sync import SyncEngine, SyncReport
from field_client.transport import ServerClient
from tests.field_client.fake_server import FakeServer

SERVER_URL = "http://fake.test"


@pytest.fixture
def home(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    path = tmp_path / "home"
    monkeypatch.setenv("FIELD_CLIENT_HOME", str(path))
    monkeypatch.setenv("FIELD_CLIENT_SCREENING", "0")
    return path


@pytest.fixture
def store(home: Path) -> Iterator[sqlite3.Connection]:
    conn = connect(home / "field_client.sqlite3")
    yield conn
    conn.close()


@pytest.fixture
def fake() -> FakeServer:
    return FakeServer()


@pytest.fixture
def sleeps() -> list[float]:
    return []


def make_client(
    fake: FakeServer, token: str | None, sleeps: list[float], attempts: int = 4
) -> ServerClient:
    return ServerClient(
        SERVER_URL,
        token=token,
        retry=RetryPolicy(attempts=attempts, base_delay=0.5, max_delay=4.0),
        transport=fake.transport(),
        sleep=sleeps.append,
    )


@pytest.fixture
def logged_in(store: sqlite3.Connection, fake: FakeServer, sleeps: list[float]) -> str:
    """Log rep1 in on the store; returns the token."""
    with make_client(fake, None, sleeps) as client:
        answer = client.login(username="rep1", password="pw1")
    services.session_save(store, server=SERVER_URL, token=answer["token"], user=answer["user"])
    return str(answer["token"])


@pytest.fixture
def run_sync(
    store: sqlite3.Connection, fake: FakeServer, sleeps: list[float], logged_in: str
) -> Callable[..., SyncReport]:
    def run(conn: sqlite3.Connection | None = None, **kwargs: Any) -> SyncReport:
        conn = conn or store
        client_id = conn.execute("SELECT value FROM meta WHERE key = 'client_id'").fetchone()[0]
        with make_client(fake, logged_in, sleeps) as client:
            return SyncEngine(conn, client, client_id=client_id, **kwargs).run()

    return run


@pytest.fixture
def cli(
    home: Path,
    fake: FakeServer,
    sleeps: list[float],
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
) -> Callable[..., tuple[int, str, str]]:
    """Run `field-client ARGS` in-process against the fake server; returns (exit code, out, err)."""

    def factory(base_url: str, **kwargs: Any) -> ServerClient:
        kwargs.pop("retry", None)
        return ServerClient(
            base_url,
            retry=RetryPolicy(attempts=3),
            transport=fake.transport(),
            sleep=sleeps.append,
            **kwargs,
        )

    monkeypatch.setattr(cli_commands, "ServerClient", factory)

    def run(*args: str) -> tuple[int, str, str]:
        code = main(["--no-input", *args])
        captured = capsys.readouterr()
        return code, captured.out, captured.err

    return run
