"""The commit horizon: which rows of a commit-ordered log are final.

On PostgreSQL a sequence value is taken when a row is written, not when its transaction
commits. If T1 takes seq 5, T2 takes seq 6 and commits first, a reader that returned 6 and
moved its cursor past it would never see 5. So logs that readers walk by cursor (the sync
change log, the signal feed) record each row's transaction id, and a read only returns rows
whose transaction is older than the oldest one still running: those rows are final, nothing can
appear before them later, and ordering by ``(txid, seq)`` gives every reader the same gap-free
sequence. On SQLite writers are serialised (``BEGIN IMMEDIATE``), so seq order is commit order.
"""

from django.db import connection

_HORIZON_SQL = """
SELECT COALESCE(
    MIN(x::text::bigint),
    GREATEST(
        pg_snapshot_xmax(pg_current_snapshot())::text::bigint,
        COALESCE(pg_current_xact_id_if_assigned()::text::bigint + 1, 0)
    )
)
FROM pg_snapshot_xip(pg_current_snapshot()) AS x
WHERE x IS DISTINCT FROM pg_current_xact_id_if_assigned()
  -- Transaction ids are cluster-wide: a long transaction in another database of the same
  -- cluster (a report, a bulk load) would hold every pull back without this. Only ids seen
  -- running in another database are left out; anything unidentified still counts.
  AND NOT EXISTS (
    SELECT 1 FROM pg_stat_activity AS a
    WHERE a.backend_xid IS NOT NULL
      AND a.datid IS NOT NULL
      AND a.datid <> (SELECT oid FROM pg_database WHERE datname = current_database())
      AND a.backend_xid::text::bigint = x::text::bigint % 4294967296
  )
"""


def commit_horizon() -> int | None:
    """The oldest transaction still running other than the reader's own (None on SQLite).

    Rows written by transactions older than this are final: a reader that only returns those
    never skips one that commits later. A reader sees its own writes, and only the test suite
    ever reads a log inside the transaction that writes it."""
    if connection.vendor != "postgresql":
        return None
    with connection.cursor() as cursor:
        cursor.execute(_HORIZON_SQL)
        (horizon,) = cursor.fetchone()
    return int(horizon)


def horizon_lag_seconds() -> float:
    """Age of the oldest open write transaction: how long cursor readers may be held back."""
    if connection.vendor != "postgresql":
        return 0.0  # writers are serialised: nothing is ever held back
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT COALESCE(EXTRACT(EPOCH FROM now() - MIN(xact_start)), 0) "
            "FROM pg_stat_activity WHERE backend_xid IS NOT NULL AND pid <> pg_backend_pid() "
            "AND datname = current_database()"
        )
        (lag,) = cursor.fetchone()
    return max(float(lag), 0.0)
