"""Sync writes: applying a device's push exactly once."""

import uuid
from typing import Any

from django.db import connection, transaction
from django.utils import timezone

from backend.accounts.models import User
from backend.audit.context import acting_as
from backend.core.errors import ApiError
from backend.observations.events import announce_observations_written
from backend.sync.models import MutationOutcome, SyncClient
from backend.sync.persist import batch_flush
from backend.sync.push import Batch, apply_mutation


def sync_client_claim(*, user: User, client_id: uuid.UUID, lock: bool) -> SyncClient:
    """The device record, created for ``user`` on first use; refused for anyone else."""
    client, _ = SyncClient.objects.get_or_create(client_id=client_id, defaults={"user": user})
    if lock and connection.vendor == "postgresql":
        # Two pushes from one device must not both pass the mutation-id check.
        client = SyncClient.objects.select_for_update().get(pk=client_id)
    if client.user_id != user.pk:
        raise ApiError(
            "client_id_taken", "This client_id belongs to another user.", status_code=403
        )
    return client


def _replayed(client: SyncClient, mutations: list[dict[str, Any]]) -> list[dict[str, Any]]:
    if not mutations:
        return []
    stored = {
        o.mutation_id: o
        for o in MutationOutcome.objects.filter(
            client=client, mutation_id__in=[m["mutation_id"] for m in mutations]
        )
    }
    results = []
    for m in mutations:
        outcome = stored.get(m["mutation_id"])
        entry: dict[str, Any] = {
            "mutation_id": m["mutation_id"],
            "status": "duplicate",
            "id": str(m.get("id")),
        }
        if outcome is not None:
            entry.update(id=outcome.entity_id, rev=outcome.rev, original_status=outcome.status)
            if outcome.errors:
                entry["errors"] = outcome.errors
            if outcome.conflict:
                entry["conflict"] = outcome.conflict
        results.append(entry)
    return results


def _check_sequence(last: int, fresh: list[dict[str, Any]]) -> None:
    expected = last + 1
    for m in fresh:
        if m["mutation_id"] != expected:
            raise ApiError(
                "mutation_gap",
                f"Expected mutation_id {expected}, got {m['mutation_id']}; nothing was applied.",
                status_code=409,
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
            MutationOutcome.objects.bulk_create(
                [_outcome(client, r) for r in applied], batch_size=1000
            )
            results += applied
            client.last_mutation_id = fresh[-1]["mutation_id"]
        client.last_push_at = timezone.now()
        client.save(update_fields=["last_mutation_id", "last_push_at"])
    return {"results": results, "last_mutation_id": client.last_mutation_id}


def _outcome(client: SyncClient, r: dict[str, Any]) -> MutationOutcome:
    return MutationOutcome(
        client=client,
        mutation_id=r["mutation_id"],
        status=r["status"],
        entity="observation",
        entity_id=r["id"],
        rev=r.get("rev"),
        errors=r.get("errors"),
        conflict=r.get("conflict"),
    )
