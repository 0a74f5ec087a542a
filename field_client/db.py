"""The device's SQLite store: connection settings, transactions and the client's own schema migrations."""

from __future__ import annotations

import contextlib
import json
import sqlite3
from collections.abc import Iterator
from pathlib import Path
from typing import Any

from field_client.errors import ClientError

# Each migration is a list of statements applied in one transaction; PRAGMA user_version records how
# many ran. Never edit a shipped migration: append a new one.
MIGRATIONS: list[list[str]] = [
    [
        "CREATE TABLE meta (key TEXT PRIMARY KEY, value TEXT NOT NULL)",
        # `data` is the rep's view: the server's last state with pending (and, for a note the server
        # never accepted, rejected) mutations applied on top. `server_data` is the server's state alone.
        """CREATE TABLE observation (
            id TEXT PRIMARY KEY,
            data TEXT NOT NULL,
            server_data TEXT,
            server_rev INTEGER,
            hcp TEXT,
            visited_at TEXT,
            deleted INTEGER NOT NULL DEFAULT 0,
            screening TEXT
        )""",
        "CREATE INDEX observation_visited_at ON observation (visited_at)",
        # The outbox keeps every mutation with its outcome: rejected ones stay visible to the rep.
        # status NULL means not yet acknowledged by the server.
        """CREATE TABLE outbox (
            mutation_id INTEGER PRIMARY KEY,
            entity TEXT NOT NULL,
            op TEXT NOT NULL,
            record_id TEXT NOT NULL,
            base_rev INTEGER,
            depends_on INTEGER,
            data TEXT NOT NULL,
            created_at TEXT NOT NULL,
            status TEXT,
            replayed INTEGER NOT NULL DEFAULT 0,
            result_rev INTEGER,
            errors TEXT,
            conflict TEXT,
            settled_at TEXT
        )""",
        "CREATE INDEX outbox_pending ON outbox (mutation_id) WHERE status IS NULL",
        "CREATE INDEX outbox_record ON outbox (record_id, mutation_id)",
        """CREATE TABLE hcp (
            id TEXT PRIMARY KEY, name TEXT, external_id TEXT, data TEXT NOT NULL, rev INTEGER
        )""",
        """CREATE TABLE product (
            id TEXT PRIMARY KEY, name TEXT, data TEXT NOT NULL, rev INTEGER
        )""",
        """CREATE TABLE content_asset (
            id TEXT PRIMARY KEY, code TEXT, version TEXT, data TEXT NOT NULL, rev INTEGER
        )""",
        """CREATE TABLE tags (
            observation_id TEXT PRIMARY KEY, data TEXT NOT NULL, rev INTEGER
        )""",
        """CREATE TABLE alert (
            id TEXT PRIMARY KEY, data TEXT NOT NULL, rev INTEGER, created_at TEXT
        )""",
        """CREATE TABLE conflict (
            id TEXT PRIMARY KEY, observation_id TEXT, data TEXT NOT NULL, resolved INTEGER NOT NULL DEFAULT 0,
            rev INTEGER, resolution TEXT
        )""",
        # Entities this client version does not know yet are kept, so a later version can use them.
        """CREATE TABLE other_entity (
            entity TEXT NOT NULL, id TEXT NOT NULL, data TEXT NOT NULL, rev INTEGER,
            PRIMARY KEY (entity, id)
        )""",
    ],
]

SCHEMA_VERSION = len(MIGRATIONS)
BUSY_TIMEOUT_MS = 15_000


def connect(path: Path) -> sqlite3.Connection:
    """Open (creating if needed) the store at `path`, migrated to the current schema."""
    path.parent.mkdir(parents=True, exist_ok=True, mode=0o700)
    try:
        conn = sqlite3.connect(path, isolation_level=None, timeout=BUSY_TIMEOUT_MS / 1000)
    except sqlite3.Error as exc:
        raise ClientError(
            f"cannot open the local store {path}: {exc}", code="store_error"
        ) from None
    conn.row_factory = sqlite3.Row
    conn.execute(f"PRAGMA busy_timeout = {BUSY_TIMEOUT_MS}")
    conn.execute("PRAGMA journal_mode = WAL")
    # FULL: a note the rep logged survives a power cut, not only a killed process.
    conn.execute("PRAGMA synchronous = FULL")
    conn.execute("PRAGMA foreign_keys = ON")
    migrate(conn)
    return conn


def migrate(conn: sqlite3.Connection) -> int:
    """Apply the migrations this store has not seen yet; returns the schema version."""
    version = int(conn.execute("PRAGMA user_version").fetchone()[0])
    if version > SCHEMA_VERSION:
        raise ClientError(
            f"the local store has schema {version}, newer than this client ({SCHEMA_VERSION}); "
            "upgrade field-client",
            code="store_too_new",
        )
    for number in range(version, SCHEMA_VERSION):
        with write_tx(conn):
            # Another process may have migrated while we waited for the write lock.
            current = int(conn.execute("PRAGMA user_version").fetchone()[0])
            if current > number:
                continue
            for statement in MIGRATIONS[number]:
                conn.execute(statement)
            conn.execute(f"PRAGMA user_version = {number + 1}")
    return SCHEMA_VERSION


@contextlib.contextmanager
def write_tx(conn: sqlite3.Connection) -> Iterator[sqlite3.Connection]:
    """A write transaction that takes the write lock up front, so reads inside it stay consistent."""
    conn.execute("BEGIN IMMEDIATE")
    try:
        yield conn
    except BaseException:
        conn.execute("ROLLBACK")
        raise
    conn.execute("COMMIT")


def meta_get(conn: sqlite3.Connection, key: str) -> str | None:
    row = conn.execute("SELECT value FROM meta WHERE key = ?", (key,)).fetchone()
    return None if row is None else str(row[0])


def meta_set(conn: sqlite3.Connection, key: str, value: str | None) -> None:
    if value is None:
        conn.execute("DELETE FROM meta WHERE key = ?", (key,))
    else:
        conn.execute(
            "INSERT INTO meta (key, value) VALUES (?, ?) "
            "ON CONFLICT (key) DO UPDATE SET value = excluded.value",
            (key, value),
        )


def dumps(value: Any) -> str:
    return json.dumps(value, separators=(",", ":"), sort_keys=True)


def loads(raw: str | None) -> Any:
    return None if raw is None else json.loads(raw)
