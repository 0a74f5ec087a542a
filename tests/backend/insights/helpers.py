"""Observations with tags, made directly (no NLP model needed)."""

import datetime as dt
from typing import Any

from django.utils import timezone

from backend.accounts.models import User
from backend.catalog.models import Product
from backend.insights.rollups import feed_rollup_refresh
from backend.observations.models import Observation, ObservationProduct
from backend.tagging.models import ObservationLabel, ObservationTagging
from tests.factories import HCPFactory, ObservationFactory


def tagged(
    rep: User,
    note: str,
    *,
    labels: dict[str, float] | None = None,
    products: list[Product] = (),  # type: ignore[assignment]
    redacted: str | None = None,
    pii: list[list[Any]] | None = None,
    evidence: list[list[Any]] | None = None,
    created_at: dt.datetime | None = None,
    visited_at: dt.datetime | None = None,
    untagged: bool = False,
    **extra: Any,
) -> Observation:
    """An observation by ``rep`` with a tagging row and effective model labels."""
    obs = ObservationFactory(
        rep=rep,
        territory=rep.territory,
        hcp=HCPFactory(territory=rep.territory),
        note=note,
        visited_at=visited_at or timezone.now() - dt.timedelta(hours=3),
        **extra,
    )
    if created_at is not None:
        Observation.objects.filter(pk=obs.pk).update(created_at=created_at)
        obs.refresh_from_db()
    for product in products:
        ObservationProduct.objects.create(observation=obs, product=product)
    if untagged:
        feed_rollup_refresh(observation_ids=[obs.pk])  # as the sync write does
        return obs
    labels = labels or {}
    ObservationTagging.objects.create(
        observation=obs,
        observation_rev=obs.rev,
        model_version="test-1",
        redacted_text=note if redacted is None else redacted,
        scores=dict(labels),
        model_labels=[{"label": k, "confidence": v} for k, v in labels.items()],
        evidence=evidence or [],
        entities=[],
        pii=pii or [],
    )
    ObservationLabel.objects.bulk_create(
        ObservationLabel(
            **ObservationLabel.note_fields(obs), label=k, confidence=v, model_version="test-1"
        )
        for k, v in labels.items()
    )
    feed_rollup_refresh(observation_ids=[obs.pk])  # as the tagging write does
    return obs


def web_client(client: Any, user: User) -> Any:
    client.force_login(user)
    return client
