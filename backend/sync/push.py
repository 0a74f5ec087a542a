"""Applying one push: the mutations of a batch, in order, against in-memory state, then one flush.

The whole batch and the client's ``last_mutation_id`` commit in one transaction, so the effect of
a mutation and the record that it was applied can never be separated by a crash.
"""

import uuid
from dataclasses import dataclass, field
from typing import Any

from django.utils import timezone

from backend.accounts.models import User
from backend.audit.services import AuditDraft, audit_draft
from backend.observations.models import Observation
from backend.observations.selectors import existing_observation_ids, observation_data_at
from backend.sync.merge import merge_fields
from backend.sync.models import Conflict, SyncClient
from backend.sync.observation_data import FieldError, Reference, normalize, observation_data

ENTITY = "observations.observation"


@dataclass
class ObservationState:
    id: uuid.UUID
    rep_id: int
    territory_id: int
    data: dict[str, Any]
    rev: int
    deleted: bool
    in_db: bool
    dirty: bool = False


@dataclass
class Batch:
    """Everything one push will write, gathered first and flushed together."""

    user: User
    client: SyncClient
    ref: Reference = field(default_factory=Reference)
    states: dict[uuid.UUID, ObservationState] = field(default_factory=dict)
    conflicts: list[Conflict] = field(default_factory=list)
    resolved: list[Conflict] = field(default_factory=list)
    audit: list[AuditDraft] = field(default_factory=list)

    def load(self, mutations: list[dict[str, Any]]) -> None:
        ids = {_uuid(m.get("id")) for m in mutations if m.get("entity") == "observation"}
        found = existing_observation_ids([i for i in ids if i])
        rows = (
            Observation.objects.filter(pk__in=found).prefetch_related("products", "content__asset")
            if found
            else []
        )
        for obs in rows:
            self.states[obs.pk] = ObservationState(
                id=obs.pk,
                rep_id=obs.rep_id,
                territory_id=obs.territory_id,
                data=observation_data(obs),
                rev=obs.rev,
                deleted=obs.deleted,
                in_db=True,
            )
        datas = [m["data"] for m in mutations if isinstance(m.get("data"), dict)]
        self.ref = Reference.for_batch(datas)

    def commit_revision(
        self,
        state: ObservationState,
        before: dict[str, Any] | None,
        action: str,
        *,
        was_deleted: bool,
    ) -> None:
        """Record a new revision of ``state``. Its audit row, whose after-state carries the rev,
        is the revision history: later merges read their base from it."""
        state.rev += 1 if before is not None else 0
        state.dirty = True
        self.audit.append(
            audit_draft(
                entity=ENTITY,
                entity_id=state.id,
                action=action,
                via="sync",
                before=None if before is None else {**before, "deleted": was_deleted},
                after={**state.data, "deleted": state.deleted, "rev": state.rev},
            )
        )


def _uuid(value: Any) -> uuid.UUID | None:
    try:
        return uuid.UUID(str(value))
    except (ValueError, TypeError, AttributeError):
        return None


def result(
    m: dict[str, Any], status: str, *, rev: int | None = None, **extra: Any
) -> dict[str, Any]:
    out = {"mutation_id": m["mutation_id"], "status": status, "id": str(m.get("id")), "rev": rev}
    out.update({k: v for k, v in extra.items() if v is not None})
    return out


def rejected(m: dict[str, Any], *errors: FieldError) -> dict[str, Any]:
    return result(m, "rejected", errors=[e.as_dict() for e in errors])


def apply_mutation(batch: Batch, m: dict[str, Any]) -> dict[str, Any]:
    """Apply one mutation to the batch state and return its outcome."""
    entity, op = m.get("entity"), m.get("op")
    obs_id = _uuid(m.get("id"))
    if obs_id is None:
        return rejected(m, FieldError("id", "invalid", "id must be a UUID made on the device"))
    if not isinstance(m.get("data", {}), dict):
        return rejected(m, FieldError("data", "invalid", "data must be an object"))
    if entity == "observation" and op == "upsert":
        return _upsert(batch, m, obs_id)
    if entity == "observation" and op == "delete":
        return _delete(batch, m, obs_id)
    if entity == "conflict" and op == "upsert":
        return _resolve(batch, m)
    return rejected(m, FieldError("op", "unsupported", f"cannot {op!r} entity {entity!r}"))


def _own_state(
    batch: Batch, m: dict[str, Any], obs_id: uuid.UUID
) -> tuple[ObservationState | None, dict[str, Any] | None]:
    state = batch.states.get(obs_id)
    if state is not None and state.rep_id != batch.user.pk:
        # Same answer whatever the other record holds: never overwrite it, never reveal it.
        return None, rejected(m, FieldError("id", "id_unavailable", "this id cannot be used"))
    return state, None


def _base_rev(m: dict[str, Any]) -> int:
    """The server revision the device edited against; 0 (never valid) for anything not a number."""
    base = m.get("base_rev")
    if base is None:
        return 1  # a device that never saw a server revision of a record it created
    return base if isinstance(base, int) and not isinstance(base, bool) else 0


def _upsert(batch: Batch, m: dict[str, Any], obs_id: uuid.UUID) -> dict[str, Any]:
    state, refusal = _own_state(batch, m, obs_id)
    if refusal:
        return refusal
    territory = batch.user.territory_id
    data, errors = normalize(
        m.get("data") or {}, creating=state is None, territory_id=territory, ref=batch.ref
    )
    if errors:
        return rejected(m, *errors)
    if state is None:
        return _create(batch, m, obs_id, data)
    base_rev = _base_rev(m)
    if not 1 <= base_rev <= state.rev:
        return rejected(
            m, FieldError("base_rev", "invalid_base_rev", f"base_rev must be 1..{state.rev}")
        )
    if state.deleted and base_rev < state.rev:
        return _edit_against_delete(batch, m, state, data, base_rev)
    base = state.data if base_rev == state.rev else _revision_data(state, base_rev)
    merged = merge_fields(base=base, server=state.data, device=data)
    before, was_deleted = dict(state.data), state.deleted
    if merged.applied or state.deleted:
        state.data.update(merged.applied)
        state.deleted = False
        batch.commit_revision(state, before, "update", was_deleted=was_deleted)
    if merged.conflicts:
        conflict = _conflict(
            batch, m, state, base_rev, Conflict.Kind.EDIT, merged.conflicts, device_deleted=False
        )
        return result(m, "conflict", rev=state.rev, conflict=conflict)
    return result(m, "applied", rev=state.rev)


def _create(
    batch: Batch, m: dict[str, Any], obs_id: uuid.UUID, data: dict[str, Any]
) -> dict[str, Any]:
    state = ObservationState(
        id=obs_id,
        rep_id=batch.user.pk,
        territory_id=batch.user.territory_id,  # type: ignore[arg-type]
        data={"products": [], "content_shown": [], "note": "", "captured_at": None, **data},
        rev=1,
        deleted=False,
        in_db=False,
    )
    batch.states[state.id] = state
    batch.commit_revision(state, None, "create", was_deleted=False)
    return result(m, "applied", rev=state.rev)


def _delete(batch: Batch, m: dict[str, Any], obs_id: uuid.UUID) -> dict[str, Any]:
    state, refusal = _own_state(batch, m, obs_id)
    if refusal:
        return refusal
    if state is None:
        return rejected(m, FieldError("id", "not_found", "no such observation"))
    if state.deleted:
        return result(m, "applied", rev=state.rev)
    base_rev = _base_rev(m)
    if not 1 <= base_rev <= state.rev:
        return rejected(
            m, FieldError("base_rev", "invalid_base_rev", f"base_rev must be 1..{state.rev}")
        )
    base = _revision_data(state, base_rev) if base_rev < state.rev else state.data
    edited = {
        k: {"server": v, "device": (base or {}).get(k)}
        for k, v in state.data.items()
        if base is None or v != base.get(k)
    }
    before = dict(state.data)
    state.deleted = True
    batch.commit_revision(state, before, "delete", was_deleted=False)
    if edited:
        # The delete wins; the edit it would have thrown away is kept in the conflict record.
        conflict = _conflict(
            batch, m, state, base_rev, Conflict.Kind.DELETE, edited, device_deleted=True
        )
        return result(m, "conflict", rev=state.rev, conflict=conflict)
    return result(m, "applied", rev=state.rev)


def _edit_against_delete(
    batch: Batch, m: dict[str, Any], state: ObservationState, data: dict[str, Any], base_rev: int
) -> dict[str, Any]:
    """The server deleted what the device edited: stay deleted, keep the edit in a conflict."""
    fields = {
        k: {"server": state.data.get(k), "device": v}
        for k, v in data.items()
        if v != state.data.get(k)
    }
    conflict = _conflict(
        batch, m, state, base_rev, Conflict.Kind.DELETE, fields, device_deleted=False
    )
    return result(m, "conflict", rev=state.rev, conflict=conflict)


def _revision_data(state: ObservationState, rev: int) -> dict[str, Any] | None:
    if not state.in_db:
        return None
    return observation_data_at(observation_id=state.id, rev=rev)


def _conflict(
    batch: Batch,
    m: dict[str, Any],
    state: ObservationState,
    base_rev: int,
    kind: str,
    fields: dict[str, Any],
    *,
    device_deleted: bool,
) -> dict[str, Any]:
    device_state = {
        **state.data,
        **{k: v["device"] for k, v in fields.items()},
        "deleted": device_deleted,
    }
    conflict = Conflict(
        observation_id=state.id,
        rep=batch.user,
        kind=kind,
        fields=fields,
        server_state={**state.data, "deleted": state.deleted},
        device_state=device_state,
        base_rev=base_rev,
        server_rev=state.rev,
        client_id=batch.client.client_id,
        mutation_id=m["mutation_id"],
    )
    batch.conflicts.append(conflict)
    state.dirty = True
    return conflict_payload(conflict)


def conflict_payload(conflict: Conflict) -> dict[str, Any]:
    return {
        "id": str(conflict.id),
        "observation": str(conflict.observation_id),
        "kind": conflict.kind,
        "fields": conflict.fields,
        "resolved": conflict.resolved_at is not None,
        "resolution": conflict.resolution or None,
        "created_at": (conflict.created_at or timezone.now()).isoformat(),
    }


def _resolve(batch: Batch, m: dict[str, Any]) -> dict[str, Any]:
    resolution = (m.get("data") or {}).get("resolution")
    if resolution not in Conflict.Resolution.values:
        return rejected(
            m,
            FieldError(
                "resolution",
                "invalid_choice",
                f"resolution must be one of {Conflict.Resolution.values}",
            ),
        )
    conflict = Conflict.objects.filter(pk=str(m["id"]), rep=batch.user).first()
    if conflict is None:
        return rejected(m, FieldError("id", "not_found", "no such conflict"))
    if conflict.resolved_at is not None:
        return result(m, "applied", rev=None)
    state = batch.states.get(conflict.observation_id) or _load_state(batch, conflict.observation_id)
    if resolution == Conflict.Resolution.KEEP_DEVICE:
        before, was_deleted = dict(state.data), state.deleted
        state.data.update({k: v["device"] for k, v in conflict.fields.items()})
        state.deleted = bool(conflict.device_state.get("deleted"))
        batch.commit_revision(state, before, "update", was_deleted=was_deleted)
    conflict.resolution, conflict.resolved_at = resolution, timezone.now()
    batch.resolved.append(conflict)
    state.dirty = True
    return result(m, "applied", rev=state.rev)


def _load_state(batch: Batch, observation_id: uuid.UUID) -> ObservationState:
    obs = Observation.objects.prefetch_related("products", "content__asset").get(pk=observation_id)
    state = ObservationState(
        id=obs.pk,
        rep_id=obs.rep_id,
        territory_id=obs.territory_id,
        data=observation_data(obs),
        rev=obs.rev,
        deleted=obs.deleted,
        in_db=True,
    )
    batch.states[obs.pk] = state
    return state
