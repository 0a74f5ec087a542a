"""The signal feed's position and cursor: commit order, never skipping a signal.

Same idea as the sync change log (``backend.core.horizon`` has the full argument): on
PostgreSQL a sequence value is taken at write time, not commit time, so every signal also
records its transaction id, and a read only returns signals whose transaction is older than the
oldest one still running. Ordered by ``(txid, seq)`` that is a gap-free, stable sequence. On
SQLite writers are serialised, so ``seq`` alone is commit order.
"""

from dataclasses import dataclass

from django.db import connection
from django.db.models import Q, QuerySet

from backend.alerts.models import Signal
from backend.core.cursors import cursor_decode, cursor_encode
from backend.core.horizon import commit_horizon

SEQUENCE = "alerts_signal_seq"


@dataclass(frozen=True)
class FeedCursor:
    txid: int = 0
    seq: int = 0

    def encode(self) -> str:
        return cursor_encode({"t": self.txid, "s": self.seq})

    @classmethod
    def decode(cls, token: str | None) -> "FeedCursor":
        if not token:
            return cls()
        raw = cursor_decode(token, ints=("t", "s"))
        return cls(txid=raw["t"], seq=raw["s"])


def feed_position_assign(signal_ids: list[str]) -> None:
    """Move these signals to the end of the feed, inside the caller's transaction."""
    if not signal_ids:
        return
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                "UPDATE alerts_signal SET txid = pg_current_xact_id()::text::bigint, "
                f"seq = nextval('{SEQUENCE}') WHERE id = ANY(%s::uuid[])",
                [[str(pk) for pk in signal_ids]],
            )
            return
        cursor.execute("SELECT COALESCE(MAX(seq), 0) FROM alerts_signal")
        (top,) = cursor.fetchone()
        for offset, pk in enumerate(signal_ids, start=1):
            Signal.objects.filter(pk=pk).update(seq=top + offset)


@dataclass
class FeedPage:
    signals: list[Signal]
    cursor: FeedCursor
    has_more: bool


def feed_page(qs: QuerySet[Signal], *, cursor: FeedCursor, limit: int) -> FeedPage:
    """The next ``limit`` signals of ``qs`` after ``cursor``, in commit order."""
    qs = qs.filter(Q(txid__gt=cursor.txid) | Q(txid=cursor.txid, seq__gt=cursor.seq))
    horizon = commit_horizon()
    if horizon is not None:
        qs = qs.filter(txid__lt=horizon)
    rows = list(qs.order_by("txid", "seq")[: limit + 1])
    has_more = len(rows) > limit
    rows = rows[:limit]
    last = rows[-1] if rows else None
    return FeedPage(
        signals=rows,
        cursor=FeedCursor(last.txid, last.seq) if last else cursor,
        has_more=has_more,
    )
