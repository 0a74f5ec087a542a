"""The change log a device pulls from, and the cursor that walks it in commit order.

Why not just a sequence: see ``backend.core.horizon``. Every row records its transaction id,
and a pull only returns rows whose transaction is older than the commit horizon, ordered by
``(txid, seq)``: the same gap-free sequence for every reader.
"""

import hashlib
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from typing import Any

import orjson
from django.db import connection

from backend.core.bulk import bulk_insert, db_json
from backend.core.cursors import cursor_decode, cursor_encode
from backend.core.horizon import commit_horizon
from backend.sync.models import Change, SyncHistory

GLOBAL = "g"


def user_audience(user_id: int) -> str:
    return f"u:{user_id}"


def territory_audience(territory_id: int) -> str:
    return f"t:{territory_id}"


@dataclass(frozen=True)
class ChangeRow:
    audience: str
    entity: str
    entity_id: str
    op: str  # upsert | delete
    rev: int
    data: dict[str, Any] | None


@dataclass(frozen=True)
class Cursor:
    txid: int
    seq: int
    scope: str

    def encode(self) -> str:
        return cursor_encode({"t": self.txid, "s": self.seq, "sc": self.scope})

    @classmethod
    def decode(cls, token: str) -> "Cursor":
        raw = cursor_decode(token, ints=("t", "s"), texts=("sc",))
        return cls(txid=raw["t"], seq=raw["s"], scope=raw["sc"])


def scope_fingerprint(audiences: Sequence[str]) -> str:
    """Changes when what a user may pull changes (e.g. a rep moves territory) -> reset."""
    return hashlib.sha256("|".join(sorted(audiences)).encode()).hexdigest()[:16]


def change_append(rows: Iterable[ChangeRow]) -> None:
    """Record the latest change of each record for each audience, inside the caller's transaction."""
    rows = list(rows)
    if not rows:
        return
    if connection.vendor == "postgresql":
        _append_postgres(rows)
    else:
        _append_sqlite(rows)


_UPSERT_TAIL = """
    ON CONFLICT (audience, entity, entity_id) DO UPDATE SET
        op = EXCLUDED.op, rev = EXCLUDED.rev, data = EXCLUDED.data,
        txid = EXCLUDED.txid, seq = EXCLUDED.seq, changed_at = EXCLUDED.changed_at
"""


def _append_postgres(rows: list[ChangeRow]) -> None:
    bulk_insert(
        Change,
        [
            {
                "audience": r.audience,
                "entity": r.entity,
                "entity_id": r.entity_id,
                "op": r.op,
                "rev": r.rev,
                "data": r.data,
            }
            for r in _last_per_record(rows)
        ],
        computed={
            "txid": "pg_current_xact_id()::text::bigint",
            "seq": "nextval('sync_change_seq')",
            "changed_at": "now()",
        },
        suffix=_UPSERT_TAIL,
    )


def _append_sqlite(rows: list[ChangeRow]) -> None:
    rows = _last_per_record(rows)
    with connection.cursor() as cursor:
        cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM sync_change")
        (top,) = cursor.fetchone()
        params = [
            (r.audience, r.entity, r.entity_id, r.op, r.rev, _json(r.data), top + i + 1)
            for i, r in enumerate(rows)
        ]
        cursor.executemany(
            "INSERT INTO sync_change (audience, entity, entity_id, op, rev, data, txid, seq, changed_at) "
            f"VALUES (%s, %s, %s, %s, %s, %s, 0, %s, datetime('now')) {_UPSERT_TAIL}",
            params,
        )


def _last_per_record(rows: list[ChangeRow]) -> list[ChangeRow]:
    # One statement cannot upsert the same key twice (PostgreSQL refuses); the last change wins.
    latest: dict[tuple[str, str, str], ChangeRow] = {}
    for row in rows:
        latest[(row.audience, row.entity, row.entity_id)] = row
    return list(latest.values())


def _json(data: dict[str, Any] | None) -> str | None:
    return db_json(data)


@dataclass
class ChangePage:
    changes: list[dict[str, Any]]
    next_cursor: Cursor
    has_more: bool


def changes_since(*, audiences: Sequence[str], cursor: Cursor, limit: int) -> ChangePage:
    """The next ``limit`` changes for these audiences after ``cursor``, in commit order."""
    horizon = _horizon_clause()
    # One index range scan per audience, merged: cheap however large the log grows.
    branches = [
        "SELECT * FROM (SELECT entity, entity_id, op, rev, data, txid, seq FROM sync_change "
        f"WHERE audience = %s AND (txid > %s OR (txid = %s AND seq > %s)) {horizon} "
        f"ORDER BY txid, seq LIMIT %s) AS b{i}"
        for i in range(len(audiences))
    ]
    sql = (
        f"SELECT entity, entity_id, op, rev, data, txid, seq FROM ({' UNION ALL '.join(branches)}) "
        "AS merged ORDER BY txid, seq LIMIT %s"
    )
    params: list[Any] = []
    for audience in audiences:
        params += [audience, cursor.txid, cursor.txid, cursor.seq, limit + 1]
    params.append(limit + 1)
    with connection.cursor() as db:
        db.execute(sql, params)
        rows = db.fetchall()
    has_more = len(rows) > limit
    rows = rows[:limit]
    changes = [
        {
            "entity": entity,
            "id": entity_id,
            "op": op,
            "rev": rev,
            "data": orjson.loads(data) if isinstance(data, str) else data,
        }
        for entity, entity_id, op, rev, data, _, _ in rows
    ]
    last = rows[-1] if rows else None
    next_cursor = Cursor(txid=last[5], seq=last[6], scope=cursor.scope) if last else cursor
    return ChangePage(changes=changes, next_cursor=next_cursor, has_more=has_more)


def _horizon_clause() -> str:
    horizon = commit_horizon()
    return "" if horizon is None else f"AND txid < {horizon}"


def history_floor() -> tuple[int, int]:
    floor = SyncHistory.objects.first()
    return (floor.floor_txid, floor.floor_seq) if floor else (0, 0)


__all__ = ["Change", "ChangeRow", "Cursor", "change_append", "changes_since", "history_floor"]
