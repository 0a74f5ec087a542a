"""Writes to the device's store: capture, edit, delete, conflict resolution, session, scope reset.

Every service owns its transaction, and every change a rep makes lands in the same transaction as
the outbox mutation that will carry it to the server: there is no instant at which a note exists
without its mutation, or the reverse.
"""

from __future__ import annotations

import sqlite3
import uuid
from typing import Any

from field_client.db import dumps, loads, meta_get, meta_set, write_tx
from field_client.errors import NotFoundError, UsageError
from field_client.outbox import (
    OBSERVATION_FIELDS,
    last_unsettled_mutation,
    mutation_enqueue,
    observation_refresh,
    utc_now,
)
from field_client.selectors import observation_resolve_id

# Scope tables are what the server owns and a reset may drop; the outbox is never among them.
SCOPE_TABLES = ("hcp", "product", "content_asset", "tags", "alert", "conflict", "other_entity")


def observation_capture(
    conn: sqlite3.Connection,
    *,
    hcp: str,
    visited_at: str,
    channel: str,
    note: str,
    products: list[str] | None = None,
    content_shown: list[dict[str, Any]] | None = None,
    captured_at: str | None = None,
    screening: dict[str, Any] | None = None,
) -> str:
    """Store a new note and its upsert mutation in one transaction; returns the note's UUID."""
    observation_id = str(uuid.uuid4())
    data = {
        "hcp": hcp,
        "visited_at": visited_at,
        "channel": channel,
        "products": list(products or []),
        "content_shown": list(content_shown or []),
        "note": note,
        "captured_at": captured_at or utc_now(),
    }
    with write_tx(conn):
        mutation_enqueue(
            conn, entity="observation", op="upsert", record_id=observation_id, data=data
        )
        observation_refresh(conn, observation_id)
        if screening is not None:
            conn.execute(
                "UPDATE observation SET screening = ? WHERE id = ?",
                (dumps(screening), observation_id),
            )
    return observation_id


def _editable_row(conn: sqlite3.Connection, observation_id: str) -> sqlite3.Row:
    row = conn.execute(
        "SELECT id, data, server_rev, server_data, deleted FROM observation WHERE id = ?",
        (observation_id,),
    ).fetchone()
    if row is None or row["deleted"]:
        raise NotFoundError(f"no note {observation_id} on this device")
    return row


def observation_edit(
    conn: sqlite3.Connection, *, observation_ref: str, changes: dict[str, Any]
) -> int | None:
    """Queue an edit of the fields that really change; returns its mutation_id (None: no change)."""
    unknown = set(changes) - set(OBSERVATION_FIELDS)
    if unknown:
        raise UsageError(f"cannot edit {', '.join(sorted(unknown))}")
    with write_tx(conn):
        observation_id = observation_resolve_id(conn, observation_ref)
        row = _editable_row(conn, observation_id)
        view = loads(row["data"])
        changed = {k: v for k, v in changes.items() if view.get(k) != v}
        if not changed:
            return None
        # A note the server never accepted travels whole, so that this edit can create it if the
        # original capture was rejected; an accepted note sends only what changed, which is what
        # the server's field-by-field merge needs.
        if row["server_data"] is None:
            full = {k: view.get(k) for k in OBSERVATION_FIELDS if k in view}
            data = {**full, **changed}
        else:
            data = changed
        mutation_id = mutation_enqueue(
            conn,
            entity="observation",
            op="upsert",
            record_id=observation_id,
            data=data,
            base_rev=row["server_rev"],
            depends_on=last_unsettled_mutation(conn, observation_id),
        )
        observation_refresh(conn, observation_id)
    return mutation_id


def observation_delete(conn: sqlite3.Connection, *, observation_ref: str) -> int:
    """Queue the deletion of a note; the note disappears from the device's list at once."""
    with write_tx(conn):
        observation_id = observation_resolve_id(conn, observation_ref)
        row = _editable_row(conn, observation_id)
        mutation_id = mutation_enqueue(
            conn,
            entity="observation",
            op="delete",
            record_id=observation_id,
            data={},
            base_rev=row["server_rev"],
            depends_on=last_unsettled_mutation(conn, observation_id),
        )
        observation_refresh(conn, observation_id)
    return mutation_id


def conflict_resolve(conn: sqlite3.Connection, *, conflict_ref: str, keep: str) -> int:
    """Queue the rep's choice for a conflict: keep "mine" (the device's values) or "server"."""
    resolution = {"mine": "keep_device", "server": "keep_server"}.get(keep)
    if resolution is None:
        raise UsageError("--keep must be 'mine' or 'server'")
    with write_tx(conn):
        rows = conn.execute(
            "SELECT id, resolved FROM conflict WHERE id LIKE ? || '%'", (conflict_ref,)
        ).fetchall()
        if len(rows) != 1:
            what = "no conflict" if not rows else "more than one conflict"
            raise NotFoundError(f"{what} matches {conflict_ref!r}")
        conflict_id = str(rows[0]["id"])
        if rows[0]["resolved"]:
            raise UsageError(f"conflict {conflict_id} is already resolved")
        mutation_id = mutation_enqueue(
            conn,
            entity="conflict",
            op="upsert",
            record_id=conflict_id,
            data={"resolution": resolution},
        )
        conn.execute("UPDATE conflict SET resolution = ? WHERE id = ?", (resolution, conflict_id))
    return mutation_id


def session_save(conn: sqlite3.Connection, *, server: str, token: str, user: dict[str, Any]) -> str:
    """Remember a login; a different user on the same device starts from a fresh scope and
    client_id, which is refused while the previous user still has unsent notes."""
    username = str(user.get("username", ""))
    with write_tx(conn):
        previous_user = meta_get(conn, "username")
        previous_server = meta_get(conn, "server")
        if previous_user is not None and (previous_user, previous_server) != (username, server):
            pending = conn.execute("SELECT count(*) FROM outbox WHERE status IS NULL").fetchone()[0]
            if pending:
                raise UsageError(
                    f"{pending} change(s) of {previous_user} on {previous_server} are not synced yet;"
                    " sync them first or use another FIELD_CLIENT_HOME"
                )
            _forget_everything(conn)
        client_id = meta_get(conn, "client_id") or str(uuid.uuid4())
        meta_set(conn, "client_id", client_id)
        meta_set(conn, "server", server)
        meta_set(conn, "token", token)
        meta_set(conn, "username", username)
        meta_set(conn, "role", str(user.get("role") or ""))
        meta_set(conn, "territory", str(user.get("territory") or ""))
    return client_id


def _forget_everything(conn: sqlite3.Connection) -> None:
    for table in (*SCOPE_TABLES, "observation", "outbox"):
        conn.execute(f"DELETE FROM {table}")
    for key in ("client_id", "pull_cursor", "last_sync_at", "token"):
        meta_set(conn, key, None)
    # next_mutation_id restarts only together with a new client_id: the server counts per client.
    meta_set(conn, "next_mutation_id", None)


def session_logout(conn: sqlite3.Connection) -> None:
    with write_tx(conn):
        meta_set(conn, "token", None)


def scope_reset(conn: sqlite3.Connection) -> None:
    """Drop the synced scope and the cursor, keeping the outbox and every note it still carries."""
    with write_tx(conn):
        for table in SCOPE_TABLES:
            conn.execute(f"DELETE FROM {table}")
        conn.execute(
            "DELETE FROM observation WHERE id NOT IN (SELECT record_id FROM outbox"
            " WHERE entity = 'observation' AND (status IS NULL OR status = 'rejected'))"
        )
        meta_set(conn, "pull_cursor", None)
