"""The outbox of mutations and the rep's view of each observation derived from it.

A note's view is the server's last known state with every mutation the server has not yet
acknowledged applied on top, in mutation_id order. Recomputing the view from those two inputs,
instead of editing it in place, is what makes a pull landing in the middle of a rep's edit safe:
the edit is still in the outbox, so it is still in the view.
"""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime
from typing import Any

from field_client.db import dumps, loads, meta_get, meta_set

OBSERVATION_FIELDS = (
    "hcp",
    "visited_at",
    "channel",
    "products",
    "content_shown",
    "note",
    "captured_at",
)


def utc_now() -> str:
    return datetime.now(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


def mutation_enqueue(
    conn: sqlite3.Connection,
    *,
    entity: str,
    op: str,
    record_id: str,
    data: dict[str, Any],
    base_rev: int | None = None,
    depends_on: int | None = None,
) -> int:
    """Append a mutation with the next mutation_id; call inside a write transaction."""
    # The counter lives in meta, not max(mutation_id), so an id is never reused even if old outbox
    # rows are pruned: the server would answer a reused id with an old outcome.
    mutation_id = int(meta_get(conn, "next_mutation_id") or "1")
    meta_set(conn, "next_mutation_id", str(mutation_id + 1))
    conn.execute(
        "INSERT INTO outbox (mutation_id, entity, op, record_id, base_rev, depends_on, data, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
        (mutation_id, entity, op, record_id, base_rev, depends_on, dumps(data), utc_now()),
    )
    return mutation_id


def last_unsettled_mutation(conn: sqlite3.Connection, record_id: str) -> int | None:
    """The newest mutation of `record_id` that the server has not acknowledged yet."""
    row = conn.execute(
        "SELECT max(mutation_id) FROM outbox WHERE record_id = ? AND status IS NULL", (record_id,)
    ).fetchone()
    return None if row[0] is None else int(row[0])


def compose_view(
    server_data: dict[str, Any] | None, overlays: list[tuple[str, dict[str, Any]]]
) -> dict[str, Any] | None:
    """Server state with (op, data) overlays applied in order; None when nothing is left."""
    if server_data is None and not overlays:
        return None
    view: dict[str, Any] = dict(server_data or {})
    for op, data in overlays:
        if op == "delete":
            view["deleted"] = True
        else:
            view.update(data)
            view["deleted"] = False if server_data is None else view.get("deleted", False)
    view.setdefault("deleted", False)
    return view


def observation_overlays(
    conn: sqlite3.Connection, record_id: str, *, server_known: bool
) -> list[tuple[str, dict[str, Any]]]:
    """Mutations that belong in the view: unacknowledged ones, and for a note the server never
    accepted, the rejected ones too (otherwise a rejected note would vanish from the device)."""
    status_clause = "status IS NULL" if server_known else "(status IS NULL OR status = 'rejected')"
    rows = conn.execute(
        f"SELECT op, data FROM outbox WHERE entity = 'observation' AND record_id = ? AND {status_clause}"
        " ORDER BY mutation_id",
        (record_id,),
    ).fetchall()
    return [(str(r["op"]), loads(r["data"])) for r in rows]


def observation_refresh(conn: sqlite3.Connection, record_id: str) -> dict[str, Any] | None:
    """Recompute and store the view of one observation; deletes the row if nothing is left."""
    row = conn.execute("SELECT server_data FROM observation WHERE id = ?", (record_id,)).fetchone()
    server_data = loads(row["server_data"]) if row is not None else None
    overlays = observation_overlays(conn, record_id, server_known=server_data is not None)
    view = compose_view(server_data, overlays)
    if view is None:
        conn.execute("DELETE FROM observation WHERE id = ?", (record_id,))
        return None
    conn.execute(
        "INSERT INTO observation (id, data, hcp, visited_at, deleted) VALUES (?, ?, ?, ?, ?)"
        " ON CONFLICT (id) DO UPDATE SET data = excluded.data, hcp = excluded.hcp,"
        " visited_at = excluded.visited_at, deleted = excluded.deleted",
        (
            record_id,
            dumps(view),
            view.get("hcp"),
            view.get("visited_at"),
            int(bool(view.get("deleted"))),
        ),
    )
    return view


def records_with_overlays(conn: sqlite3.Connection) -> set[str]:
    """Observation ids whose view is not simply the server's state."""
    rows = conn.execute(
        "SELECT DISTINCT record_id FROM outbox WHERE entity = 'observation'"
        " AND (status IS NULL OR status = 'rejected')"
    ).fetchall()
    return {str(r[0]) for r in rows}
