"""Reads of the device's store, shaped for the CLI and for scripts (`--json`)."""

from __future__ import annotations

import sqlite3
from datetime import datetime, timedelta
from typing import Any

from field_client.db import loads, meta_get
from field_client.errors import NotFoundError, NotLoggedInError

# A possible adverse event must reach drug safety within 24 hours of capture.
AE_REPORTING_WINDOW = timedelta(hours=24)


def session_get(conn: sqlite3.Connection, *, required: bool = True) -> dict[str, str | None]:
    """The stored login; raises NotLoggedInError when `required` and there is none."""
    session = {
        key: meta_get(conn, key)
        for key in ("server", "token", "username", "role", "territory", "client_id")
    }
    if required and not (session["server"] and session["token"]):
        raise NotLoggedInError("not logged in: run `field-client login --server URL --username U`")
    return session


def observation_resolve_id(conn: sqlite3.Connection, ref: str) -> str:
    """A full note id from an id or a unique prefix of one (as `list` shows them)."""
    ref = ref.strip().lower()
    if not ref:
        raise NotFoundError("give a note id")
    rows = conn.execute(
        "SELECT id FROM observation WHERE id >= ? AND id < ? || '~' LIMIT 2", (ref, ref)
    ).fetchall()
    if not rows:
        raise NotFoundError(f"no note matches {ref!r} on this device")
    if len(rows) > 1:
        raise NotFoundError(f"more than one note starts with {ref!r}; give more of the id")
    return str(rows[0]["id"])


_STATE_SQL = """
    SELECT o.id, o.data, o.server_rev, o.screening,
        (SELECT count(*) FROM outbox b WHERE b.record_id = o.id AND b.status IS NULL) AS pending,
        (SELECT b.status FROM outbox b WHERE b.record_id = o.id AND b.status IS NOT NULL
            ORDER BY b.mutation_id DESC LIMIT 1) AS last_status,
        (SELECT count(*) FROM conflict c WHERE c.observation_id = o.id AND c.resolved = 0)
            AS open_conflicts,
        (SELECT name FROM hcp h WHERE h.id = o.hcp) AS hcp_name,
        (SELECT data FROM tags t WHERE t.observation_id = o.id) AS tags
    FROM observation o
"""


def _sync_state(row: sqlite3.Row) -> str:
    if row["open_conflicts"]:
        return "conflict"
    if row["pending"]:
        return "pending"
    if row["last_status"] == "rejected":
        return "rejected"
    return "synced"


def _observation_summary(row: sqlite3.Row) -> dict[str, Any]:
    data = loads(row["data"])
    tags = loads(row["tags"]) or {}
    screening = loads(row["screening"]) or {}
    return {
        "id": row["id"],
        "rev": row["server_rev"],
        "sync_state": _sync_state(row),
        "hcp": data.get("hcp"),
        "hcp_name": row["hcp_name"],
        "visited_at": data.get("visited_at"),
        "channel": data.get("channel"),
        "products": data.get("products") or [],
        "content_shown": data.get("content_shown") or [],
        "note": data.get("note") or "",
        "captured_at": data.get("captured_at"),
        "deleted": bool(data.get("deleted")),
        "labels": [label.get("label") for label in tags.get("labels", [])],
        "possible_adverse_event": bool(screening.get("adverse_event")),
    }


def observation_list(
    conn: sqlite3.Connection, *, include_deleted: bool = False, limit: int | None = None
) -> list[dict[str, Any]]:
    """The rep's notes, newest visit first."""
    sql = _STATE_SQL + ("" if include_deleted else " WHERE o.deleted = 0")
    sql += " ORDER BY o.visited_at DESC, o.id"
    params: tuple[Any, ...] = ()
    if limit is not None:
        sql += " LIMIT ?"
        params = (limit,)
    return [_observation_summary(row) for row in conn.execute(sql, params)]


def observation_detail(conn: sqlite3.Connection, *, observation_ref: str) -> dict[str, Any]:
    """One note with its mutations and their outcomes, server tags, alerts and conflicts."""
    observation_id = observation_resolve_id(conn, observation_ref)
    row = conn.execute(_STATE_SQL + " WHERE o.id = ?", (observation_id,)).fetchone()
    detail = _observation_summary(row)
    detail["tags"] = loads(row["tags"])
    detail["product_names"] = [
        str(name[0]) if name else str(product_id)
        for product_id in detail["products"]
        for name in [
            conn.execute("SELECT name FROM product WHERE id = ?", (product_id,)).fetchone()
        ]
    ]
    detail["screening"] = loads(row["screening"])
    detail["mutations"] = [
        _mutation(r)
        for r in conn.execute(
            "SELECT * FROM outbox WHERE record_id = ? ORDER BY mutation_id", (observation_id,)
        )
    ]
    detail["conflicts"] = [
        c for c in conflict_list(conn, include_resolved=True) if c["observation"] == observation_id
    ]
    detail["alerts"] = [a for a in _alerts(conn) if observation_id in a["observations"]]
    return detail


def _mutation(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "mutation_id": row["mutation_id"],
        "entity": row["entity"],
        "op": row["op"],
        "id": row["record_id"],
        "data": loads(row["data"]),
        "created_at": row["created_at"],
        "status": row["status"] or "pending",
        "rev": row["result_rev"],
        "errors": loads(row["errors"]) or [],
        "conflict": loads(row["conflict"]),
    }


def rejection_list(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Rejected mutations not made moot by a later accepted mutation of the same record."""
    rows = conn.execute(
        """SELECT r.* FROM outbox r WHERE r.status = 'rejected' AND NOT EXISTS (
               SELECT 1 FROM outbox later WHERE later.record_id = r.record_id
               AND later.mutation_id > r.mutation_id
               AND (later.status IS NULL OR later.status IN ('applied', 'conflict')))
           ORDER BY r.mutation_id"""
    ).fetchall()
    return [_mutation(r) for r in rows]


def conflict_list(
    conn: sqlite3.Connection, *, include_resolved: bool = False
) -> list[dict[str, Any]]:
    """Conflicts with both versions of each field: the server's kept value and the device's."""
    sql = "SELECT * FROM conflict"
    if not include_resolved:
        sql += " WHERE resolved = 0"
    result = []
    for row in conn.execute(sql + " ORDER BY id"):
        data = loads(row["data"])
        result.append(
            {
                "id": row["id"],
                "observation": row["observation_id"],
                "kind": data.get("kind", "edit"),
                "fields": data.get("fields", {}),
                "resolved": bool(row["resolved"]),
                "resolution_pending": row["resolution"],
                "created_at": data.get("created_at"),
            }
        )
    return result


def _alerts(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    alerts = []
    for row in conn.execute("SELECT id, data FROM alert ORDER BY created_at DESC, id"):
        data = loads(row["data"])
        alerts.append({"id": row["id"], **data, "observations": data.get("observations") or []})
    return alerts


def alert_feed(conn: sqlite3.Connection) -> dict[str, Any]:
    """What became of the rep's notes: the tags on each and the alerts raised from them."""
    tagged = []
    for row in conn.execute(_STATE_SQL + " WHERE o.deleted = 0 AND tags IS NOT NULL"):
        summary = _observation_summary(row)
        summary["tags"] = loads(row["tags"])
        tagged.append(summary)
    tagged.sort(key=lambda s: s.get("visited_at") or "", reverse=True)
    return {"alerts": _alerts(conn), "tagged_notes": tagged}


def status_summary(conn: sqlite3.Connection) -> dict[str, Any]:
    """Pending mutations, last successful sync, open conflicts and rejections."""
    session = session_get(conn, required=False)
    pending = conn.execute("SELECT count(*) FROM outbox WHERE status IS NULL").fetchone()[0]
    return {
        "server": session["server"],
        "username": session["username"],
        "logged_in": bool(session["token"]),
        "client_id": session["client_id"],
        "pending": int(pending),
        "last_sync_at": meta_get(conn, "last_sync_at"),
        "last_sync_error": meta_get(conn, "last_sync_error"),
        "notes": int(
            conn.execute("SELECT count(*) FROM observation WHERE deleted = 0").fetchone()[0]
        ),
        "conflicts": conflict_list(conn),
        "rejections": rejection_list(conn),
        "adverse_events_pending": _adverse_events_pending(conn),
    }


def _adverse_events_pending(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    """Notes flagged as possible adverse events that have not reached the server yet."""
    result = []
    for row in conn.execute(_STATE_SQL + " WHERE o.screening IS NOT NULL AND o.deleted = 0"):
        summary = _observation_summary(row)
        if not summary["possible_adverse_event"] or summary["sync_state"] != "pending":
            continue
        deadline = None
        if summary["captured_at"]:
            captured = datetime.fromisoformat(summary["captured_at"].replace("Z", "+00:00"))
            deadline = (captured + AE_REPORTING_WINDOW).isoformat()
        result.append(
            {"id": summary["id"], "captured_at": summary["captured_at"], "report_by": deadline}
        )
    return result


def hcp_choices(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [
        {"id": r["id"], "name": r["name"], **(loads(r["data"]) or {})}
        for r in conn.execute("SELECT id, name, data FROM hcp ORDER BY name")
    ]


def product_choices(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [
        {"id": r["id"], **(loads(r["data"]) or {})}
        for r in conn.execute("SELECT id, data FROM product ORDER BY name")
    ]


def content_choices(conn: sqlite3.Connection) -> list[dict[str, Any]]:
    return [
        {"id": r["id"], **(loads(r["data"]) or {})}
        for r in conn.execute("SELECT id, data FROM content_asset ORDER BY code")
    ]


def screening_catalog(conn: sqlite3.Connection) -> dict[str, Any]:
    """The synced catalog in the DESIGN.md catalog format, for the on-device tagger."""
    products = []
    for product in product_choices(conn):
        products.append({k: v for k, v in product.items() if k != "id"})
    assets = [{k: v for k, v in a.items() if k != "id"} for a in content_choices(conn)]
    return {"products": products, "content_assets": assets}
