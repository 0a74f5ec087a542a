"""The sync engine: push the outbox, then pull the scope.

Why it is safe to kill at any instant:
- a mutation leaves the outbox only when its outcome is stored, in one transaction with the other
  outcomes of its batch; a batch sent but not recorded is sent again, and the server answers each
  replayed mutation_id with its stored outcome (`duplicate`) without applying it twice;
- a pulled page is stored together with the cursor that follows it, so a page is applied either
  with its cursor or not at all, and applying a page twice is harmless (upserts by id and rev).
"""

from __future__ import annotations

import contextlib
import fcntl
import json
import os
import sqlite3
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Protocol

from field_client.apply import pull_page_apply, push_results_apply
from field_client.db import meta_get, meta_set, write_tx
from field_client.errors import (
    BusyError,
    InvalidCursor,
    MutationGap,
    PayloadTooLarge,
    ProtocolError,
)
from field_client.outbox import utc_now
from field_client.services import scope_reset
from field_client.transport import ServerClient

SCHEMA_VERSION = 1
# The server's default body limit is 2 MiB; stay under it until a 413 tells us the real one.
DEFAULT_MAX_BODY = 1_800_000
_ENVELOPE_BYTES = 200


class ProgressSink(Protocol):
    """Where the engine reports progress; the CLI draws a bar, tests and scripts ignore it."""

    def phase(self, name: str, total: int | None) -> None: ...

    def advance(self, count: int) -> None: ...


class _NoProgress:
    def phase(self, name: str, total: int | None) -> None:
        pass

    def advance(self, count: int) -> None:
        pass


@dataclass
class SyncReport:
    pushed: int = 0
    outcomes: dict[str, int] = field(default_factory=dict)
    pulled: int = 0
    resets: int = 0
    pending: int = 0
    duration_s: float = 0.0
    rejected: list[dict[str, Any]] = field(default_factory=list)
    conflicts: list[dict[str, Any]] = field(default_factory=list)


@contextlib.contextmanager
def sync_lock(path: Path) -> Iterator[None]:
    """One sync per store at a time. flock is released by the kernel when a process dies, so a
    kill -9 never leaves a stale lock behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd = os.open(path, os.O_RDWR | os.O_CREAT, 0o600)
    try:
        try:
            fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            raise BusyError(
                "another sync of this device is running; try again in a moment"
            ) from None
        yield
    finally:
        os.close(fd)


class SyncEngine:
    def __init__(
        self,
        conn: sqlite3.Connection,
        server: ServerClient,
        *,
        client_id: str,
        pull_limit: int = 1000,
        push_batch: int = 500,
        progress: ProgressSink | None = None,
    ) -> None:
        self.conn = conn
        self.server = server
        self.client_id = client_id
        self.pull_limit = pull_limit
        self.push_batch = int(meta_get(conn, "push_batch_limit") or push_batch)
        self.max_body = int(meta_get(conn, "push_body_limit") or DEFAULT_MAX_BODY)
        self.progress: ProgressSink = progress or _NoProgress()
        self.report = SyncReport()

    def run(self) -> SyncReport:
        """Push, pull, then push once more what the rep edited while the sync ran."""
        started = time.monotonic()
        self.push()
        self.pull()
        if self._pending_count():
            self.push()
        with write_tx(self.conn):
            meta_set(self.conn, "last_sync_at", utc_now())
            meta_set(self.conn, "last_sync_error", None)
        self.report.pending = self._pending_count()
        self.report.duration_s = round(time.monotonic() - started, 3)
        return self.report

    def _pending_count(self) -> int:
        return int(
            self.conn.execute("SELECT count(*) FROM outbox WHERE status IS NULL").fetchone()[0]
        )

    # -- push -------------------------------------------------------------------------------

    def push(self) -> None:
        self.progress.phase("push", self._pending_count())
        while True:
            rows = self.conn.execute(
                "SELECT * FROM outbox WHERE status IS NULL ORDER BY mutation_id LIMIT ?",
                (self.push_batch,),
            ).fetchall()
            if not rows:
                return
            batch = self._cut_batch(rows)
            body = json.dumps(
                {
                    "client_id": self.client_id,
                    "schema_version": SCHEMA_VERSION,
                    "mutations": [mutation for _, mutation in batch],
                },
                separators=(",", ":"),
            ).encode()
            try:
                response = self.server.push(body)
            except PayloadTooLarge as exc:
                self._shrink(exc, len(batch))
                continue
            except MutationGap as exc:
                self._reopen_from(exc.expected, first=int(batch[0][0]["mutation_id"]))
                continue
            self._record(batch, response)

    def _cut_batch(self, rows: list[sqlite3.Row]) -> list[tuple[sqlite3.Row, dict[str, Any]]]:
        """The longest prefix that fits the body limit and in which no mutation depends on the
        outcome (the new rev) of another one in the same batch."""
        batch: list[tuple[sqlite3.Row, dict[str, Any]]] = []
        size = _ENVELOPE_BYTES
        in_batch: set[int] = set()
        for row in rows:
            if row["depends_on"] is not None and row["depends_on"] in in_batch:
                break
            mutation = {
                "mutation_id": row["mutation_id"],
                "op": row["op"],
                "entity": row["entity"],
                "id": row["record_id"],
                "base_rev": self._base_rev(row),
                "data": json.loads(row["data"]),
            }
            mutation_size = len(json.dumps(mutation, separators=(",", ":"))) + 1
            if batch and size + mutation_size > self.max_body:
                break
            size += mutation_size
            batch.append((row, mutation))
            in_batch.add(int(row["mutation_id"]))
        return batch

    def _base_rev(self, row: sqlite3.Row) -> int | None:
        """The rev this edit was made against. An edit made while an earlier mutation of the same
        note was unacknowledged was made against the rev that mutation produced."""
        base = row["base_rev"]
        depends_on = row["depends_on"]
        while depends_on is not None:
            dep = self.conn.execute(
                "SELECT base_rev, depends_on, result_rev FROM outbox WHERE mutation_id = ?",
                (depends_on,),
            ).fetchone()
            if dep is None:
                break
            if dep["result_rev"] is not None:
                return max(int(dep["result_rev"]), int(base) if base is not None else -1)
            # The earlier mutation was rejected: this one stands on what that one stood on.
            if dep["base_rev"] is not None:
                base = max(int(dep["base_rev"]), int(base) if base is not None else -1)
            depends_on = dep["depends_on"]
        return None if base is None else int(base)

    def _shrink(self, exc: PayloadTooLarge, sent: int) -> None:
        if sent <= 1:
            raise ProtocolError(
                "a single change is larger than the server accepts; edit it to be shorter",
                code=exc.code,
            )
        if exc.code == "body_too_large" and exc.limit:
            self.max_body = min(self.max_body, int(exc.limit) - _ENVELOPE_BYTES)
        if exc.code == "batch_too_large" and exc.limit and exc.limit < sent:
            self.push_batch = max(1, int(exc.limit))
        else:
            self.push_batch = max(1, sent // 2)
        with write_tx(self.conn):
            meta_set(self.conn, "push_batch_limit", str(self.push_batch))
            meta_set(self.conn, "push_body_limit", str(self.max_body))

    def _reopen_from(self, expected: int, *, first: int) -> None:
        """409 gap: the server lost mutations it once acknowledged (restored from a backup).
        Send them again if this device still has every one of them; otherwise stop loudly."""
        if expected >= first:
            raise ProtocolError(
                f"the server expects mutation {expected} but this device's next is {first}",
                code="mutation_gap",
            )
        with write_tx(self.conn):
            have = self.conn.execute(
                "SELECT count(*) FROM outbox WHERE mutation_id >= ? AND mutation_id < ?",
                (expected, first),
            ).fetchone()[0]
            if have != first - expected:
                raise ProtocolError(
                    f"the server expects mutation {expected}, which this device no longer has",
                    code="mutation_gap",
                )
            self.conn.execute(
                "UPDATE outbox SET status = NULL, result_rev = NULL, errors = NULL, conflict = NULL,"
                " settled_at = NULL WHERE mutation_id >= ? AND mutation_id < ?",
                (expected, first),
            )

    def _record(
        self, batch: list[tuple[sqlite3.Row, dict[str, Any]]], response: dict[str, Any]
    ) -> None:
        results = response.get("results")
        if not isinstance(results, list):
            raise ProtocolError("the server's push answer has no results", code="bad_response")
        sent = {int(row["mutation_id"]): row for row, _ in batch}
        with write_tx(self.conn):
            settled = push_results_apply(self.conn, sent=sent, results=results)
        if settled == 0 and not any(r.get("mutation_id") in sent for r in results):
            raise ProtocolError(
                "the server did not acknowledge any change of the batch", code="bad_response"
            )
        self.report.pushed += settled
        for result in results:
            status = str(result.get("status"))
            self.report.outcomes[status] = self.report.outcomes.get(status, 0) + 1
            effective = result.get("original_status") if status == "duplicate" else status
            if effective == "rejected":
                self.report.rejected.append(result)
            elif effective == "conflict":
                self.report.conflicts.append(result)
        self.progress.advance(settled)

    # -- pull -------------------------------------------------------------------------------

    def pull(self) -> None:
        self.progress.phase("pull", None)
        cursor = meta_get(self.conn, "pull_cursor")
        while True:
            try:
                page = self.server.pull(
                    cursor=cursor, limit=self.pull_limit, client_id=self.client_id
                )
            except InvalidCursor:
                if cursor is None:
                    raise
                page = {"reset": True}
            if page.get("reset"):
                self.report.resets += 1
                if self.report.resets > 3:
                    raise ProtocolError("the server keeps asking for a reset", code="reset_loop")
                scope_reset(self.conn)
                cursor = None
                continue
            changes = page.get("changes") or []
            next_cursor = page.get("cursor")
            with write_tx(self.conn):
                pull_page_apply(self.conn, changes=changes, cursor=next_cursor)
            self.report.pulled += len(changes)
            self.progress.advance(len(changes))
            if not page.get("has_more") or (not changes and next_cursor == cursor):
                return
            cursor = next_cursor
