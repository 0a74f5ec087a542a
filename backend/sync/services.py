"""Sync writes: applying a device's push exactly once."""

import datetime as dt
import uuid
from typing import Any

from django.db import transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.audit.context import acting_as
from backend.core.bulk import bulk_insert
from backend.core.errors import DomainError
from backend.observations.events import announce_observations_written
from backend.sync.models import Change, PushOutcome, SyncClient, SyncHistory
from backend.sync.persist import batch_flush
from backend.sync.push import Batch, apply_mutation


def sync_client_claim(*, user: User, client_id: uuid.UUID, lock: bool) -> SyncClient:
    """The device record, created for ``user`` on first use; refused for anyone else."""
    # Two pushes from one device must not both pass the mutation-id check: lock the row.
    clients = SyncClient.objects.select_for_update() if lock else SyncClient.objects.all()
    client = clients.filter(pk=client_id).first()
    if client is None:
        SyncClient.objects.get_or_create(client_id=client_id, defaults={"user": user})
        client = clients.get(pk=client_id)
    if client.user_id != user.pk:
        raise DomainError("client_id_taken", "This client_id belongs to another user.")
    return client


def _replayed(client: SyncClient, mutations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not mutations:
        return []
    ids = [m["mutation_id"] for m in mutations]
    stored: dict[int, dict[str, Any]] = {}
    batches = PushOutcome.objects.filter(
        client=client, first_mutation_id__lte=max(ids), last_mutation_id__gte=min(ids)
    )
    for batch in batches:
        stored.update({r["mutation_id"]: r for r in batch.results})
    results = []
    for m in mutations:
        entry: dict[str, Any] = {
            "mutation_id": m["mutation_id"],
            "status": "duplicate",
            "id": str(m.get("id")),
        }
        original = stored.get(m["mutation_id"])
        if original is not None:
            entry.update(
                id=original["id"], rev=original.get("rev"), original_status=original["status"]
            )
            entry.update({k: original[k] for k in ("errors", "conflict") if k in original})
        results.append(entry)
    return results


def _check_sequence(last: int, fresh: list[dict[str, Any]]) -> None:
    expected = last + 1
    for m in fresh:
        if m["mutation_id"] != expected:
            raise DomainError(
                "mutation_gap",
                f"Expected mutation_id {expected}, got {m['mutation_id']}; nothing was applied.",
                details={"expected": expected, "last_mutation_id": last},
            )
        expected += 1


def sync_push(
    *, user: User, client_id: uuid.UUID, mutations: list[dict[str, Any]]
) -> dict[str, Any]:
    """Apply a device's mutations in order, exactly once, and say what became of each."""
    with acting_as(user, via="sync"), transaction.atomic():
        client = sync_client_claim(user=user, client_id=client_id, lock=True)
        last = client.last_mutation_id
        replays = [m for m in mutations if m["mutation_id"] <= last]
        fresh = [m for m in mutations if m["mutation_id"] > last]
        _check_sequence(last, fresh)
        results = _replayed(client, replays)
        if fresh:
            batch = Batch(user=user, client=client)
            batch.load(fresh)
            applied = [apply_mutation(batch, m) for m in fresh]
            announce_observations_written(batch_flush(batch))
            _store_outcomes(client, applied)
            results += applied
            client.last_mutation_id = fresh[-1]["mutation_id"]
        client.last_push_at = timezone.now()
        client.save(update_fields=["last_mutation_id", "last_push_at"])
    return {"results": results, "last_mutation_id": client.last_mutation_id}


def _store_outcomes(client: SyncClient, results: list[dict[str, Any]]) -> None:
    # A 500-mutation batch's outcomes are one JSON document: serialise it with orjson.
    bulk_insert(
        PushOutcome,
        [
            {
                "client_id": client.client_id,
                "first_mutation_id": results[0]["mutation_id"],
                "last_mutation_id": results[-1]["mutation_id"],
                "results": results,
                "created_at": timezone.now(),
            }
        ],
    )


def sync_history_prune(*, older_than: dt.timedelta) -> int:
    """Forget delete tombstones older than ``older_than``; cursors from before them get a reset.

    Upserts are never pruned: each record has exactly one change row, so the log stays as large
    as the data. Tombstones would otherwise accumulate forever."""
    cutoff = timezone.now() - older_than
    with transaction.atomic():
        old = Change.objects.filter(op="delete", changed_at__lt=cutoff)
        newest = old.order_by("-txid", "-seq").values_list("txid", "seq").first()
        if newest is None:
            return 0
        deleted, _ = old.filter(txid__lt=newest[0]).delete()
        deleted += old.filter(txid=newest[0], seq__lte=newest[1]).delete()[0]
        history, _ = SyncHistory.objects.select_for_update().get_or_create(pk=1)
        if newest > (history.floor_txid, history.floor_seq):
            history.floor_txid, history.floor_seq = newest
        history.pruned_at = timezone.now()
        history.save()
    return deleted
