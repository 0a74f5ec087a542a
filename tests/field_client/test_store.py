"""The device store: schema migrations, WAL, and capture writing note and mutation together."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from field_client import db, selectors, services
from field_client.db import connect, loads


def _capture(conn: sqlite3.Connection, note: str = "asked about copay") -> str:
    return services.observation_capture(
        conn, hcp="h1", visited_at="2025-03-14T10:00:00Z", channel="in_person", note=note
    )


def test_new_store_is_migrated_and_in_wal_mode(home: Path) -> None:
    conn = connect(home / "s.sqlite3")

    assert conn.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert conn.execute("PRAGMA user_version").fetchone()[0] == db.SCHEMA_VERSION


def test_reopening_a_store_keeps_its_notes(home: Path) -> None:
    conn = connect(home / "s.sqlite3")
    note_id = _capture(conn)
    conn.close()

    reopened = connect(home / "s.sqlite3")

    assert [n["id"] for n in selectors.observation_list(reopened)] == [note_id]


def test_a_store_from_a_newer_client_is_refused(home: Path) -> None:
    conn = connect(home / "s.sqlite3")
    conn.execute(f"PRAGMA user_version = {db.SCHEMA_VERSION + 1}")
    conn.close()

    with pytest.raises(db.ClientError, match="newer"):
        connect(home / "s.sqlite3")


def test_capture_stores_the_note_and_its_mutation(store: sqlite3.Connection) -> None:
    note_id = _capture(store)

    mutation = store.execute("SELECT * FROM outbox").fetchone()
    assert mutation["record_id"] == note_id
    assert mutation["op"] == "upsert" and mutation["status"] is None
    assert loads(mutation["data"])["note"] == "asked about copay"
    assert selectors.status_summary(store)["pending"] == 1


def test_capture_that_fails_leaves_neither_note_nor_mutation(
    store: sqlite3.Connection, monkeypatch: pytest.MonkeyPatch
) -> None:
    def broken_refresh(conn: sqlite3.Connection, record_id: str) -> None:
        raise RuntimeError("disk full")

    monkeypatch.setattr(services, "observation_refresh", broken_refresh)

    with pytest.raises(RuntimeError):
        _capture(store)

    assert store.execute("SELECT count(*) FROM outbox").fetchone()[0] == 0
    assert store.execute("SELECT count(*) FROM observation").fetchone()[0] == 0


def test_mutation_ids_increase_by_one(store: sqlite3.Connection) -> None:
    first = _capture(store)
    _capture(store)
    services.observation_edit(store, observation_ref=first, changes={"note": "changed"})

    ids = [r[0] for r in store.execute("SELECT mutation_id FROM outbox ORDER BY mutation_id")]
    assert ids == [1, 2, 3]


def test_edit_and_delete_show_at_once_and_queue_mutations(store: sqlite3.Connection) -> None:
    note_id = _capture(store)

    services.observation_edit(store, observation_ref=note_id[:8], changes={"note": "new text"})
    assert selectors.observation_detail(store, observation_ref=note_id)["note"] == "new text"

    services.observation_delete(store, observation_ref=note_id)
    assert selectors.observation_list(store) == []
    assert [r["op"] for r in store.execute("SELECT op FROM outbox")] == [
        "upsert",
        "upsert",
        "delete",
    ]


def test_editing_to_the_same_value_queues_nothing(store: sqlite3.Connection) -> None:
    note_id = _capture(store, note="same")

    assert (
        services.observation_edit(store, observation_ref=note_id, changes={"note": "same"}) is None
    )
    assert store.execute("SELECT count(*) FROM outbox").fetchone()[0] == 1


def test_unknown_note_id_is_a_not_found_error(store: sqlite3.Connection) -> None:
    with pytest.raises(selectors.NotFoundError):
        services.observation_edit(store, observation_ref="ffff", changes={"note": "x"})
