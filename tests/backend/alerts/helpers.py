"""Building tagged observations directly, so alert tests never depend on the NLP model."""

import datetime as dt
from typing import Any

from django.utils import timezone

from backend.alerts.services import observation_evaluate
from backend.catalog.models import HCP
from backend.observations.models import Observation, ObservationContent
from backend.tagging.models import ObservationLabel, ObservationTagging
from tests.factories import HCPFactory

NOW = timezone.now().replace(hour=12, minute=0, second=0, microsecond=0)


def days_ago(days: float, *, hour: int = 12) -> dt.datetime:
    return (NOW - dt.timedelta(days=days)).replace(hour=hour)


def tagged_note(
    rep: Any,
    note: str = "note",
    *,
    labels: tuple[str, ...] = (),
    visited_at: dt.datetime | None = None,
    captured_at: dt.datetime | None = None,
    products: tuple[Any, ...] = (),
    content: tuple[tuple[Any, int], ...] = (),
    hcp: HCP | None = None,
    evidence: list[list[Any]] | None = None,
    entities: list[Any] | None = None,
    pii: list[list[Any]] | None = None,
    model_version: str = "m1",
    evaluate: bool = False,
) -> Observation:
    """An observation with tags stored the way backend.tagging stores them."""
    visited = visited_at or NOW
    obs = Observation.objects.create(
        rep=rep,
        territory=rep.territory,
        hcp=hcp or HCPFactory(territory=rep.territory),
        visited_at=visited,
        captured_at=captured_at if captured_at is not None else visited,
        channel="in_person",
        note=note,
    )
    obs.products.set(products)
    for asset, version in content:
        ObservationContent.objects.create(observation=obs, asset=asset, version=version)
    ObservationTagging.objects.create(
        observation=obs,
        observation_rev=obs.rev,
        model_version=model_version,
        redacted_text=note,
        model_labels=[{"label": lab, "confidence": 0.9} for lab in labels],
        evidence=evidence if evidence is not None else [[0, len(note), lab] for lab in labels],
        entities=entities or [],
        pii=pii or [],
    )
    ObservationLabel.objects.bulk_create(
        ObservationLabel(
            **ObservationLabel.note_fields(obs),
            label=lab,
            confidence=0.9,
            model_version=model_version,
        )
        for lab in labels
    )
    if evaluate:
        observation_evaluate(observation_id=str(obs.pk))
    return obs


def evaluate(obs: Observation) -> list[Any]:
    return observation_evaluate(observation_id=str(obs.pk))
