"""Applying what the server says to the store: pulled pages and push outcomes.

Both functions run inside the caller's write transaction, so a page lands together with its
cursor and a batch's outcomes land together: a kill -9 leaves either all of it or none of it.
"""

from __future__ import annotations

import sqlite3
from typing import Any

from field_client.db import dumps, loads, meta_set
from field_client.outbox import observation_refresh, records_with_overlays, utc_now

_OBSERVATION_UPSERT = """
    INSERT INTO observation (id, data, server_data, server_rev, hcp, visited_at, deleted)
    VALUES (?, ?, ?, ?, ?, ?, ?)
    ON CONFLICT (id) DO UPDATE SET data = excluded.data, server_data = excluded.server_data,
        server_rev = excluded.server_rev, hcp = excluded.hcp, visited_at = excluded.visited_at,
        deleted = excluded.deleted
    WHERE observation.server_rev IS NULL OR excluded.server_rev >= observation.server_rev
"""


def _rev(change: dict[str, Any]) -> int | None:
    rev = change.get("rev", (change.get("data") or {}).get("rev"))
    return int(rev) if rev is not None else None


def _older(rev: Any, stored_rev: Any) -> bool:
    """True when `rev` is known to be older than what the store already holds."""
    return rev is not None and stored_rev is not None and int(rev) < int(stored_rev)


def pull_page_apply(
    conn: sqlite3.Connection, *, changes: list[dict[str, Any]], cursor: str | None
) -> int:
    """Apply one pulled page and store its cursor; call inside a write transaction."""
    overlaid = records_with_overlays(conn)
    fast_rows: list[tuple[Any, ...]] = []
    for change in changes:
        entity = str(change.get("entity"))
        record_id = str(change.get("id"))
        op = change.get("op", "upsert")
        data = change.get("data") or {}
        if entity == "observation":
            if record_id in overlaid:
                _observation_with_overlay(conn, record_id, op, data, _rev(change))
            elif op == "delete":
                conn.execute("DELETE FROM observation WHERE id = ?", (record_id,))
            else:
                fast_rows.append(_observation_row(record_id, data, _rev(change)))
        else:
            _reference_apply(conn, entity, record_id, op, data, _rev(change))
    # Notes the rep is not editing are the bulk of a first sync: one executemany keeps the
    # local apply far above the network's pace.
    conn.executemany(_OBSERVATION_UPSERT, fast_rows)
    meta_set(conn, "pull_cursor", cursor)
    return len(changes)


def _observation_row(record_id: str, data: dict[str, Any], rev: int | None) -> tuple[Any, ...]:
    encoded = dumps(data)
    return (
        record_id,
        encoded,
        encoded,
        rev,
        data.get("hcp"),
        data.get("visited_at"),
        int(bool(data.get("deleted"))),
    )


def _observation_with_overlay(
    conn: sqlite3.Connection, record_id: str, op: str, data: dict[str, Any], rev: int | None
) -> None:
    """A note with unsent or rejected edits: store the server's state, then recompute the view
    so the rep's edits stay on top of it."""
    row = conn.execute("SELECT server_rev FROM observation WHERE id = ?", (record_id,)).fetchone()
    if row is not None and _older(rev, row["server_rev"]):
        return
    server_data = None if op == "delete" else dumps(data)
    server_rev = None if op == "delete" else rev
    if row is None:
        conn.execute(
            "INSERT INTO observation (id, data, server_data, server_rev) VALUES (?, '{}', ?, ?)",
            (record_id, server_data, server_rev),
        )
    else:
        conn.execute(
            "UPDATE observation SET server_data = ?, server_rev = ? WHERE id = ?",
            (server_data, server_rev, record_id),
        )
    observation_refresh(conn, record_id)


def _reference_apply(
    conn: sqlite3.Connection,
    entity: str,
    record_id: str,
    op: str,
    data: dict[str, Any],
    rev: int | None,
) -> None:
    if op == "delete":
        table, key = _TABLE_KEYS.get(entity, ("other_entity", "id"))
        if table == "other_entity":
            conn.execute(
                "DELETE FROM other_entity WHERE entity = ? AND id = ?", (entity, record_id)
            )
        else:
            conn.execute(f"DELETE FROM {table} WHERE {key} = ?", (record_id,))
        return
    encoded = dumps(data)
    if entity == "hcp":
        conn.execute(
            "INSERT OR REPLACE INTO hcp (id, name, external_id, data, rev) VALUES (?, ?, ?, ?, ?)",
            (record_id, data.get("name"), data.get("external_id"), encoded, rev),
        )
    elif entity == "product":
        conn.execute(
            "INSERT OR REPLACE INTO product (id, name, data, rev) VALUES (?, ?, ?, ?)",
            (record_id, data.get("name"), encoded, rev),
        )
    elif entity == "content_asset":
        conn.execute(
            "INSERT OR REPLACE INTO content_asset (id, code, version, data, rev)"
            " VALUES (?, ?, ?, ?, ?)",
            (record_id, data.get("code"), data.get("version"), encoded, rev),
        )
    elif entity == "tags":
        conn.execute(
            "INSERT OR REPLACE INTO tags (observation_id, data, rev) VALUES (?, ?, ?)",
            (record_id, encoded, rev),
        )
    elif entity == "alert":
        conn.execute(
            "INSERT OR REPLACE INTO alert (id, data, rev, created_at) VALUES (?, ?, ?, ?)",
            (record_id, encoded, rev, data.get("created_at")),
        )
    elif entity == "conflict":
        _conflict_store(conn, record_id, data, rev)
    else:
        conn.execute(
            "INSERT OR REPLACE INTO other_entity (entity, id, data, rev) VALUES (?, ?, ?, ?)",
            (entity, record_id, encoded, rev),
        )


_TABLE_KEYS = {
    "hcp": ("hcp", "id"),
    "product": ("product", "id"),
    "content_asset": ("content_asset", "id"),
    "tags": ("tags", "observation_id"),
    "alert": ("alert", "id"),
    "conflict": ("conflict", "id"),
}


def _conflict_store(
    conn: sqlite3.Connection,
    conflict_id: str,
    data: dict[str, Any],
    rev: int | None,
    *,
    only_if_new: bool = False,
) -> None:
    resolved = int(bool(data.get("resolved")))
    if only_if_new:
        # A push outcome (maybe a replay) must not reopen a conflict the pull already closed.
        conn.execute(
            "INSERT OR IGNORE INTO conflict (id, observation_id, data, resolved, rev)"
            " VALUES (?, ?, ?, ?, ?)",
            (conflict_id, data.get("observation"), dumps(data), resolved, rev),
        )
        return
    conn.execute(
        "INSERT INTO conflict (id, observation_id, data, resolved, rev) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET observation_id = excluded.observation_id,"
        " data = excluded.data, resolved = excluded.resolved, rev = excluded.rev,"
        " resolution = CASE WHEN excluded.resolved THEN NULL ELSE conflict.resolution END",
        (conflict_id, data.get("observation"), dumps(data), resolved, rev),
    )


def push_results_apply(
    conn: sqlite3.Connection, *, sent: dict[int, sqlite3.Row], results: list[dict[str, Any]]
) -> int:
    """Record the server's outcome of each sent mutation; returns how many got settled."""
    settled = 0
    touched: set[str] = set()
    for result in results:
        mutation_id = int(result.get("mutation_id", -1))
        row = sent.get(mutation_id)
        if row is None:
            continue
        status = str(result.get("status"))
        replayed = status == "duplicate"
        if replayed:
            status = str(result.get("original_status") or "applied")
        cursor = conn.execute(
            "UPDATE outbox SET status = ?, replayed = ?, result_rev = ?, errors = ?, conflict = ?,"
            " settled_at = ? WHERE mutation_id = ? AND status IS NULL",
            (
                status,
                int(replayed),
                result.get("rev"),
                dumps(result["errors"]) if result.get("errors") else None,
                dumps(result["conflict"]) if result.get("conflict") else None,
                utc_now(),
                mutation_id,
            ),
        )
        if cursor.rowcount == 0:
            continue
        settled += 1
        if row["entity"] == "observation":
            _observation_outcome(conn, row, status, result)
            touched.add(str(row["record_id"]))
        elif row["entity"] == "conflict":
            _conflict_outcome(conn, row, status)
    for record_id in touched:
        observation_refresh(conn, record_id)
    return settled


def _observation_outcome(
    conn: sqlite3.Connection, row: sqlite3.Row, status: str, result: dict[str, Any]
) -> None:
    """Bring server_data up to what the server now holds, as far as the outcome tells; the pull
    that follows every push replaces it with the server's own copy."""
    if status not in ("applied", "conflict"):
        return
    rev = result.get("rev")
    current = conn.execute(
        "SELECT server_data, server_rev FROM observation WHERE id = ?", (row["record_id"],)
    ).fetchone()
    if current is not None and _older(rev, current["server_rev"]):
        return
    server_data: dict[str, Any] = dict(loads(current["server_data"]) or {}) if current else {}
    conflict = result.get("conflict") or {}
    if row["op"] == "delete":
        server_data["deleted"] = conflict.get("kind") != "delete"
    else:
        server_data.update(loads(row["data"]))
        for field, versions in (conflict.get("fields") or {}).items():
            if isinstance(versions, dict) and "server" in versions:
                server_data[field] = versions["server"]
    server_data["rev"] = rev
    if current is None:
        conn.execute(
            "INSERT INTO observation (id, data, server_data, server_rev) VALUES (?, '{}', ?, ?)",
            (row["record_id"], dumps(server_data), rev),
        )
    else:
        conn.execute(
            "UPDATE observation SET server_data = ?, server_rev = ? WHERE id = ?",
            (dumps(server_data), rev, row["record_id"]),
        )
    if conflict.get("id"):
        _conflict_store(
            conn,
            str(conflict["id"]),
            {
                "observation": row["record_id"],
                "fields": conflict.get("fields") or {},
                "kind": conflict.get("kind", "edit"),
                "resolved": False,
                "created_at": utc_now(),
            },
            None,
            only_if_new=True,
        )


def _conflict_outcome(conn: sqlite3.Connection, row: sqlite3.Row, status: str) -> None:
    if status == "applied":
        conn.execute(
            "UPDATE conflict SET resolved = 1, resolution = NULL WHERE id = ?", (row["record_id"],)
        )
    else:
        conn.execute("UPDATE conflict SET resolution = NULL WHERE id = ?", (row["record_id"],))
