"""The append-only audit log: who changed what, when, through which door, before and after."""

from typing import Any, NoReturn

from django.db import models


class AuditImmutable(Exception):
    """Raised on any attempt to change or remove an audit row."""


class AuditEventQuerySet(models.QuerySet["AuditEvent"]):
    def update(self, **kwargs: Any) -> NoReturn:
        raise AuditImmutable("audit rows cannot be updated")

    def delete(self) -> NoReturn:  # type: ignore[override]
        raise AuditImmutable("audit rows cannot be deleted")


class Action(models.TextChoices):
    CREATE = "create", "Create"
    UPDATE = "update", "Update"
    DELETE = "delete", "Delete"


class AuditEvent(models.Model):
    # The actor is a snapshot, not a foreign key: deleting a user must not touch its audit rows.
    at = models.DateTimeField(auto_now_add=True)
    actor_id = models.BigIntegerField(null=True, blank=True)
    actor_username = models.CharField(max_length=150, blank=True)
    via = models.CharField(max_length=32)  # api, sync, admin, web, command, system
    entity = models.CharField(max_length=64)
    entity_id = models.CharField(max_length=64)
    action = models.CharField(max_length=16, choices=Action.choices)
    before = models.JSONField(null=True, blank=True)
    after = models.JSONField(null=True, blank=True)

    objects = AuditEventQuerySet.as_manager()

    class Meta:
        ordering = ["-id"]  # ids follow insertion; an index on ``at`` would cost every write
        indexes = [models.Index(fields=["entity", "entity_id", "at"], name="audit_entity")]

    def __str__(self) -> str:
        return f"{self.at:%Y-%m-%d %H:%M} {self.actor_username or '-'} {self.action} {self.entity}"

    def save(self, *args: Any, **kwargs: Any) -> None:
        if self.pk is not None and not self._state.adding:
            raise AuditImmutable("audit rows cannot be updated")
        super().save(*args, **kwargs)

    def delete(self, *args: Any, **kwargs: Any) -> NoReturn:
        raise AuditImmutable("audit rows cannot be deleted")
