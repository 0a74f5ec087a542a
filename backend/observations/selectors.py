"""Reads of observations, scoped by role. Home office only ever sees redacted text."""

import uuid
from collections.abc import Collection
from dataclasses import dataclass
from typing import Any

from django.db import connection
from django.db.models import QuerySet

from backend.accounts.models import Role, User
from backend.audit.models import AuditEvent
from backend.observations.models import Observation, ObservationProduct


@dataclass(frozen=True)
class ObservationScope:
    """Which observations a user may see: all of them, one rep's, or the notes in some
    territories and/or mentioning some brands (both when both are set); ``nothing`` for an
    analyst given neither."""

    everything: bool = False
    nothing: bool = False
    rep_id: int | None = None
    territory_ids: tuple[int, ...] = ()
    brand_ids: tuple[int, ...] = ()


def observation_scope(user: User) -> ObservationScope:
    """Reps: their own. Analysts: their territories and/or brands. Orchestrator and admins: all."""
    if user.role == Role.REP and not user.is_superuser:
        return ObservationScope(rep_id=user.pk)
    if user.role == Role.ANALYST and not user.is_superuser:
        territory_ids = tuple(user.scope_territories.values_list("id", flat=True))
        brand_ids = tuple(user.brands.values_list("id", flat=True))
        if not territory_ids and not brand_ids:
            return ObservationScope(nothing=True)
        return ObservationScope(territory_ids=territory_ids, brand_ids=brand_ids)
    return ObservationScope(everything=True)


def observations_visible_to(user: User, *, include_deleted: bool = False) -> QuerySet[Observation]:
    """The observations ``user`` may see (see ``observation_scope``)."""
    return observations_in_scope(observation_scope(user), include_deleted=include_deleted)


def observations_in_scope(
    scope: ObservationScope, *, include_deleted: bool = False
) -> QuerySet[Observation]:
    """The observations a scope covers (for callers that read the scope itself too)."""
    qs = Observation.objects.all()
    if not include_deleted:
        qs = qs.filter(deleted=False)
    if scope.everything:
        return qs
    if scope.nothing:
        return qs.none()
    if scope.rep_id is not None:
        return qs.filter(rep_id=scope.rep_id)
    if scope.territory_ids:
        qs = qs.filter(territory_id__in=scope.territory_ids)
    if scope.brand_ids:
        qs = qs.filter(
            id__in=ObservationProduct.objects.filter(product_id__in=scope.brand_ids).values(
                "observation_id"
            )
        )
    return qs


def sees_raw_text(user: User, observation: Observation) -> bool:
    """Only the rep who wrote a note sees it unredacted."""
    return observation.rep_id == user.pk


OBSERVATION_ENTITY = "observations.observation"


def observation_data_at(*, observation_id: Any, rev: int) -> dict[str, Any] | None:
    """The synced fields of an observation at revision ``rev``, or None if unknown.

    Every revision is written to the audit log with its after-state and rev; that log is the
    revision history (a second copy would cost every write)."""
    afters = AuditEvent.objects.filter(
        entity=OBSERVATION_ENTITY, entity_id=str(observation_id)
    ).values_list("after", flat=True)
    for after in afters:
        if isinstance(after, dict) and after.get("rev") == rev:
            return {k: v for k, v in after.items() if k not in {"rev", "deleted"}}
    return None


def existing_observation_ids(ids: Collection[uuid.UUID]) -> set[uuid.UUID]:
    """Which of these ids are stored already. One indexed probe without the ORM: a sync push
    asks this for every note of a batch, and nearly all of them are new."""
    if not ids:
        return set()
    table = Observation._meta.db_table
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(
                f"SELECT id FROM {table} WHERE id = ANY(%s::uuid[])", [[str(i) for i in ids]]
            )
        else:
            marks = ", ".join(["%s"] * len(ids))
            cursor.execute(f"SELECT id FROM {table} WHERE id IN ({marks})", [i.hex for i in ids])
        return {uuid.UUID(str(row[0])) for row in cursor.fetchall()}
