"""Sync bookkeeping: devices, their applied mutations, the change log and kept conflicts."""

import uuid

from django.conf import settings
from django.db import models


class SyncClient(models.Model):
    """A device. Its ``client_id`` belongs to the first user who used it, for good."""

    client_id = models.UUIDField(primary_key=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="sync_clients"
    )
    last_mutation_id = models.BigIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    last_push_at = models.DateTimeField(null=True, blank=True)
    last_pull_at = models.DateTimeField(null=True, blank=True)

    def __str__(self) -> str:
        return f"{self.client_id} ({self.user_id})"


class PushOutcome(models.Model):
    """What became of each mutation of one applied batch, so that a replay gets the same answer
    and changes nothing. One row per batch: a row per mutation would be the costliest write of a push."""

    client = models.ForeignKey(SyncClient, on_delete=models.CASCADE, related_name="outcomes")
    first_mutation_id = models.BigIntegerField()
    last_mutation_id = models.BigIntegerField()
    results = models.JSONField()
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        indexes = [models.Index(fields=["client", "last_mutation_id"], name="outcome_client_last")]

    def __str__(self) -> str:
        return f"{self.client_id} #{self.first_mutation_id}-{self.last_mutation_id}"


class Change(models.Model):
    """The latest change of one record for one audience, positioned in commit order.

    One row per (audience, entity, entity_id): a newer change moves the row forward, so the log
    stays as small as the data. ``txid`` (PostgreSQL transaction id) and ``seq`` order rows; see
    ``backend.sync.changelog`` for why a sequence alone would skip changes.
    """

    audience = models.CharField(max_length=32)  # "u:<user id>", "t:<territory id>" or "g"
    entity = models.CharField(max_length=32)
    entity_id = models.CharField(max_length=64)
    op = models.CharField(max_length=8)  # upsert | delete
    rev = models.PositiveIntegerField(default=0)
    data = models.JSONField(null=True)
    txid = models.BigIntegerField(default=0)
    seq = models.BigIntegerField()
    changed_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["audience", "entity", "entity_id"], name="change_record_unique"
            )
        ]
        indexes = [models.Index(fields=["audience", "txid", "seq"], name="change_position")]

    def __str__(self) -> str:
        return f"{self.audience} {self.entity} {self.entity_id} @{self.txid}.{self.seq}"


class SyncHistory(models.Model):
    """Singleton: cursors positioned before the floor are too old (tombstones were pruned)."""

    floor_txid = models.BigIntegerField(default=0)
    floor_seq = models.BigIntegerField(default=0)
    pruned_at = models.DateTimeField(null=True)

    def __str__(self) -> str:
        return f"floor {self.floor_txid}.{self.floor_seq}"


class Conflict(models.Model):
    """Both versions of a record when a device and the server changed the same thing."""

    class Kind(models.TextChoices):
        EDIT = "edit", "Edit vs edit"
        DELETE = "delete", "Delete vs edit"

    class Resolution(models.TextChoices):
        KEEP_SERVER = "keep_server", "Keep server"
        KEEP_DEVICE = "keep_device", "Keep device"

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    observation = models.ForeignKey(
        "observations.Observation", on_delete=models.CASCADE, related_name="conflicts"
    )
    rep = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="conflicts"
    )
    kind = models.CharField(max_length=8, choices=Kind.choices)
    fields = models.JSONField()  # {field: {"server": value, "device": value}}
    server_state = models.JSONField()
    device_state = models.JSONField()
    base_rev = models.PositiveIntegerField(null=True)
    server_rev = models.PositiveIntegerField()
    client_id = models.UUIDField(null=True)
    mutation_id = models.BigIntegerField(null=True)
    resolution = models.CharField(max_length=16, choices=Resolution.choices, blank=True)
    resolved_at = models.DateTimeField(null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-created_at"]
        indexes = [models.Index(fields=["rep", "resolved_at"], name="conflict_rep_open")]

    def __str__(self) -> str:
        return f"{self.kind} conflict on {self.observation_id}"
