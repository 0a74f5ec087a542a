"""Flushing a push batch: a handful of bulk statements instead of one round trip per field."""

import datetime as dt
from typing import Any

from django.utils import timezone

from backend.audit.services import audit_insert_many
from backend.catalog.models import ContentAsset
from backend.core.bulk import bulk_insert
from backend.insights.rollups import feed_rollup_refresh
from backend.observations.models import Observation, ObservationContent, ObservationProduct
from backend.sync.changelog import ChangeRow, change_append, user_audience
from backend.sync.models import Conflict
from backend.sync.push import Batch, ObservationState, conflict_payload
from backend.tagging.services import observation_labels_follow

_COLUMNS = [
    "hcp_id",
    "visited_at",
    "channel",
    "note",
    "captured_at",
    "rev",
    "deleted",
    "updated_at",
]


def _columns(state: ObservationState) -> dict[str, Any]:
    data = state.data
    captured = data.get("captured_at")
    return {
        "hcp_id": int(data["hcp"]),
        "visited_at": dt.datetime.fromisoformat(data["visited_at"]),
        "channel": data["channel"],
        "note": data.get("note") or "",
        "captured_at": dt.datetime.fromisoformat(captured) if captured else None,
        "rev": state.rev,
        "deleted": state.deleted,
    }


def batch_flush(batch: Batch) -> list[tuple[str, int]]:
    """Write everything the batch changed; return the (id, rev) pairs that need tagging."""
    dirty = [s for s in batch.states.values() if s.dirty]
    now = timezone.now()
    existing = {s.id for s in dirty if s.in_db}
    _insert_new(batch, [s for s in dirty if not s.in_db], now)
    changed = [Observation(id=s.id, updated_at=now, **_columns(s)) for s in dirty if s.in_db]
    Observation.objects.bulk_update(changed, _COLUMNS, batch_size=500)
    observation_labels_follow(observation_ids=existing)  # an edit can move the visit time
    for s in dirty:
        s.in_db = True
    _replace_links(dirty, existing=existing)
    Conflict.objects.bulk_create(batch.conflicts, batch_size=500)
    for conflict in batch.resolved:
        conflict.save(update_fields=["resolution", "resolved_at"])
    audit_insert_many(batch.audit)
    change_append(_change_rows(batch, dirty, now, existing))
    # Last: the feed's counters are shared by every write in a territory; lock them briefly.
    feed_rollup_refresh(observation_ids=[s.id for s in dirty])
    return [(str(s.id), s.rev) for s in dirty if not s.deleted]


def _insert_new(batch: Batch, states: list[ObservationState], now: Any) -> None:
    client_id = batch.client.client_id
    rows = [
        {
            "id": s.id,
            "rep_id": s.rep_id,
            "territory_id": s.territory_id,
            **_columns(s),
            "client_id": client_id,
            "created_at": now,
            "updated_at": now,
        }
        for s in states
    ]
    bulk_insert(Observation, rows)


def _replace_links(states: list[ObservationState], *, existing: set[Any]) -> None:
    """Products and content shown, replaced wholesale (new observations have none to delete)."""
    if existing:
        ObservationProduct.objects.filter(observation_id__in=existing).delete()
        ObservationContent.objects.filter(observation_id__in=existing).delete()
    codes = {item["asset"] for s in states for item in s.data.get("content_shown") or []}
    asset_ids = (
        dict(ContentAsset.objects.filter(code__in=codes).values_list("code", "id")) if codes else {}
    )
    ObservationProduct.objects.bulk_create(
        [
            ObservationProduct(observation_id=s.id, product_id=int(p))
            for s in states
            for p in s.data.get("products") or []
        ],
        batch_size=1000,
    )
    ObservationContent.objects.bulk_create(
        [
            ObservationContent(
                observation_id=s.id, asset_id=asset_ids[item["asset"]], version=item["version"]
            )
            for s in states
            for item in s.data.get("content_shown") or []
        ],
        batch_size=1000,
    )


def observation_change_data(
    state: ObservationState, *, created_at: Any, updated_at: Any
) -> dict[str, Any]:
    return {
        **state.data,
        "rev": state.rev,
        "deleted": state.deleted,
        "created_at": _iso(created_at),
        "updated_at": _iso(updated_at),
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if hasattr(value, "isoformat") else value


def _change_rows(
    batch: Batch, dirty: list[ObservationState], now: Any, existing: set[Any]
) -> list[ChangeRow]:
    audience = user_audience(batch.user.pk)
    stamp = _iso(now)  # one timestamp for the batch, formatted once
    created = {s.id: stamp for s in dirty}
    if existing:
        stored = Observation.objects.filter(pk__in=existing).values_list("id", "created_at")
        created.update((pk, _iso(at)) for pk, at in stored)
    rows = [
        ChangeRow(
            audience,
            "observation",
            str(s.id),
            "delete" if s.deleted else "upsert",
            s.rev,
            observation_change_data(s, created_at=created.get(s.id), updated_at=stamp),
        )
        for s in dirty
    ]
    rows += [
        ChangeRow(audience, "conflict", str(c.id), "upsert", 1, conflict_payload(c))
        for c in [*batch.conflicts, *batch.resolved]
    ]
    return rows
