"""Reads that turn what a rep types (a name, a code) into the ids the server knows."""

from __future__ import annotations

import sqlite3
from datetime import UTC, datetime, timedelta
from typing import Any

from field_client.db import loads
from field_client.errors import UsageError
from nlp.content_version import InvalidVersion, same_version, version_key, version_text

CHANNELS = ("in_person", "remote", "phone", "email")


def _count(conn: sqlite3.Connection, table: str) -> int:
    return int(conn.execute(f"SELECT count(*) FROM {table}").fetchone()[0])


def hcp_resolve(conn: sqlite3.Connection, ref: str) -> str:
    """An HCP id from its id, external id or (a unique part of) its name."""
    ref = ref.strip()
    if not ref:
        raise UsageError("give an HCP")
    if _count(conn, "hcp") == 0:
        # Before the first sync there is nothing to check against; the server will.
        return ref
    for sql in (
        "SELECT id FROM hcp WHERE id = ?",
        "SELECT id FROM hcp WHERE external_id = ?",
        "SELECT id FROM hcp WHERE lower(name) = lower(?)",
        "SELECT id FROM hcp WHERE lower(name) LIKE '%' || lower(?) || '%'",
    ):
        rows = conn.execute(sql + " LIMIT 6", (ref,)).fetchall()
        if len(rows) == 1:
            return str(rows[0]["id"])
        if len(rows) > 1:
            described = []
            for r in rows[:5]:
                hcp = conn.execute(
                    "SELECT name, external_id, data FROM hcp WHERE id = ?", (r["id"],)
                ).fetchone()
                institution = (loads(hcp["data"]) or {}).get("institution") or ""
                described.append(f"{hcp['name']} [{hcp['external_id']}] {institution}".strip())
            raise UsageError(
                f"HCP {ref!r} is ambiguous ({'; '.join(described)}); give the id in brackets"
            )
    raise UsageError(f"no HCP {ref!r} in your territory (run `field-client sync` to refresh)")


def product_resolve(conn: sqlite3.Connection, ref: str) -> str:
    """A product id from its id, name or one of its aliases."""
    ref = ref.strip()
    if _count(conn, "product") == 0:
        return ref
    if conn.execute("SELECT 1 FROM product WHERE id = ?", (ref,)).fetchone():
        return ref
    wanted = ref.lower()
    for row in conn.execute("SELECT id, name, data FROM product"):
        data = loads(row["data"]) or {}
        names = [str(row["name"] or "")] + [str(a) for a in data.get("aliases") or []]
        if wanted in (n.lower() for n in names):
            return str(row["id"])
    raise UsageError(f"no product {ref!r} in the catalog")


def content_resolve(conn: sqlite3.Connection, ref: str) -> dict[str, Any]:
    """`CODE:VERSION` (or `CODE`, meaning its current version) as a content_shown entry.

    Versions are text as the catalog writes them ("2.1", "v4"), compared in natural order: a
    version up to the current one may be shown (an old leaflet is what stale content is)."""
    code, _, wanted = ref.strip().partition(":")
    if not code:
        raise UsageError(f"content must be CODE:VERSION, got {ref!r}")
    version: str | None = None
    if wanted:
        try:
            version = version_text(wanted)
        except InvalidVersion as exc:
            raise UsageError(f"content version: {exc}") from None
    if _count(conn, "content_asset") == 0:
        if version is None:
            raise UsageError(f"give the version of {code} as {code}:VERSION")
        return {"asset": code, "version": version}
    row = conn.execute(
        "SELECT code, data FROM content_asset WHERE lower(code) = lower(?) LIMIT 1", (code,)
    ).fetchone()
    if row is None:
        raise UsageError(f"no content asset {ref!r} in the catalog")
    # From the pulled record, not the version column: a store made before versions were text
    # has an INTEGER column, where SQLite would turn "3.0" into 3.
    current = str((loads(row["data"]) or {}).get("version", ""))
    if version is None or same_version(version, current):
        return {"asset": str(row["code"]), "version": current}
    if version_key(version) > version_key(current):
        raise UsageError(f"{row['code']} has no version {version!r} (current is {current!r})")
    return {"asset": str(row["code"]), "version": version}


def channel_check(value: str) -> str:
    channel = value.strip().lower().replace("-", "_").replace(" ", "_")
    if channel not in CHANNELS:
        raise UsageError(f"channel must be one of {', '.join(CHANNELS)}, got {value!r}")
    return channel


def visited_at_parse(value: str | None, *, now: datetime | None = None) -> str:
    """ISO 8601 in UTC from 'now', 'today', 'yesterday', a date or a date and time (local if no
    zone is given)."""
    now = now or datetime.now(UTC)
    text = (value or "now").strip().lower()
    if text == "now":
        moment = now
    elif text in ("today", "yesterday"):
        moment = now - timedelta(days=1 if text == "yesterday" else 0)
    else:
        try:
            moment = datetime.fromisoformat(text.upper().replace("Z", "+00:00"))
        except ValueError:
            raise UsageError(
                f"--visited-at must be ISO 8601 (2025-03-14 or 2025-03-14T10:30), got {value!r}"
            ) from None
        if moment.tzinfo is None:
            moment = moment.astimezone()  # a naive time is the rep's local time
    if moment > now + timedelta(minutes=5):
        raise UsageError("--visited-at is in the future")
    return moment.astimezone(UTC).isoformat(timespec="seconds").replace("+00:00", "Z")
