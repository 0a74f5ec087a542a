"""Storing what the tagger said about an observation, and analysts' corrections of it."""

import datetime as dt
import logging
import uuid
from collections.abc import Collection
from typing import Any

from django.db import transaction
from django.db.models import OuterRef, Subquery

from backend.accounts.models import User
from backend.audit.services import audit_record
from backend.insights.rollups import feed_rollup_refresh
from backend.observations.models import Observation
from backend.sync.changelog import ChangeRow, change_append, user_audience
from backend.tagging.events import announce_observation_tagged
from backend.tagging.models import (
    CorrectionAction,
    LabelCorrection,
    LabelSource,
    ObservationLabel,
    ObservationTagging,
)

logger = logging.getLogger(__name__)


def effective_labels(
    model_labels: list[dict[str, Any]], corrections: list[LabelCorrection], model_version: str
) -> list[ObservationLabel]:
    """Model labels, with analysts' removals taken out and additions put in (latest wins)."""
    final: dict[str, tuple[float, str]] = {
        lab["label"]: (float(lab["confidence"]), LabelSource.MODEL) for lab in model_labels
    }
    for correction in corrections:
        if correction.action == CorrectionAction.REMOVE:
            final.pop(correction.label, None)
        else:
            final[correction.label] = (1.0, LabelSource.ANALYST)
    return [
        ObservationLabel(label=label, confidence=conf, source=source, model_version=model_version)
        for label, (conf, source) in sorted(final.items())
    ]


def tags_payload(tagging: ObservationTagging, labels: list[ObservationLabel]) -> dict[str, Any]:
    """What a rep's device pulls as the ``tags`` entity (offsets index the rep's own note)."""
    return {
        "observation": str(tagging.observation_id),
        "observation_rev": tagging.observation_rev,
        "model_version": tagging.model_version,
        "labels": [
            {"label": lab.label, "confidence": round(lab.confidence, 4), "source": lab.source}
            for lab in labels
        ],
        "evidence": tagging.evidence,
        "entities": tagging.entities,
        "pii": tagging.pii,
        "safety": tagging.safety,
    }


def _store_labels(observation: Observation, tagging: ObservationTagging) -> list[ObservationLabel]:
    model_labels = tagging.model_labels
    corrections = list(LabelCorrection.objects.filter(observation=observation))
    labels = effective_labels(model_labels, corrections, tagging.model_version)
    ObservationLabel.objects.filter(observation=observation).delete()
    note = ObservationLabel.note_fields(observation)
    for lab in labels:
        for name, value in note.items():
            setattr(lab, name, value)
    ObservationLabel.objects.bulk_create(labels)
    change_append(
        [
            ChangeRow(
                user_audience(observation.rep_id),
                "tags",
                str(observation.pk),
                "upsert",
                tagging.observation_rev,
                tags_payload(tagging, labels),
            )
        ]
    )
    announce_observation_tagged(str(observation.pk), observation.rev)
    feed_rollup_refresh(observation_ids=[observation.pk])  # the feed's counts, by label
    return labels


def observation_labels_follow(*, observation_ids: Collection[Any]) -> int:
    """Copy these notes' visit times onto their label rows (see ``ObservationLabel``); call it
    in the transaction that edited the notes. Returns the label rows updated."""
    if not observation_ids:
        return 0
    visited = Observation.objects.filter(pk=OuterRef("observation_id")).values("visited_at")
    return ObservationLabel.objects.filter(observation_id__in=list(observation_ids)).update(
        note_visited_at=Subquery(visited[:1])
    )


def observations_tag(*, revisions: list[tuple[str, int]], tagger: Any) -> int:
    """Tag these (observation id, rev) pairs, the model running once over the whole batch.

    Idempotent: a revision already tagged by this model version, a stale revision (a newer one
    has its own job) or a deleted observation is skipped. Returns how many were tagged."""
    wanted = {str(pk): rev for pk, rev in revisions}
    current = Observation.objects.filter(pk__in=list(wanted), deleted=False).only("rev", "note")
    done = set(
        ObservationTagging.objects.filter(
            observation_id__in=list(wanted), model_version=tagger.model_version
        ).values_list("observation_id", "observation_rev")
    )
    todo = [o for o in current if o.rev == wanted[str(o.pk)] and (o.pk, o.rev) not in done]
    if not todo:
        return 0
    # The model runs outside any transaction: no lock is held while it works.
    results = tagger.tag_many([o.note for o in todo])
    return sum(
        _store(observation_id=o.pk, rev=o.rev, result=r) for o, r in zip(todo, results, strict=True)
    )


def observation_tag(*, observation_id: str, rev: int, tagger: Any) -> bool:
    """Tag one revision of an observation (see ``observations_tag``); True when tags were stored."""
    return observations_tag(revisions=[(observation_id, rev)], tagger=tagger) == 1


def _store(*, observation_id: Any, rev: int, result: Any) -> bool:
    with transaction.atomic():
        locked = (
            Observation.objects.select_for_update()
            .filter(pk=observation_id, rev=rev, deleted=False)
            .first()
        )
        if locked is None:
            return False  # edited or deleted while the model ran; the new revision has a job
        tagging, _ = ObservationTagging.objects.update_or_create(
            observation=locked,
            defaults={
                "observation_rev": rev,
                "model_version": result.model_version,
                "redacted_text": result.redacted_text,
                "scores": result.scores,
                "model_labels": result.labels,
                "evidence": result.evidence,
                "entities": result.entities,
                "pii": result.pii,
                "safety": _safety(result),
            },
        )
        _store_labels(locked, tagging)
    return True


def _safety(result: Any) -> dict[str, Any]:
    """The tagger's safety triage, kept only in the shape the rules read (a dict)."""
    safety = getattr(result, "safety", None)
    return dict(safety) if isinstance(safety, dict) else {}


def label_correct(
    *, observation: Observation, label: str, action: str, analyst: User
) -> LabelCorrection:
    """Record an analyst's correction, apply it to the effective labels, audit it."""
    if action not in CorrectionAction.values:
        raise ValueError(f"action must be one of {CorrectionAction.values}")
    with transaction.atomic():
        correction = LabelCorrection.objects.create(
            observation=observation, label=label, action=action, analyst=analyst
        )
        audit_record(
            entity="tagging.labelcorrection",
            entity_id=correction.pk,
            action="create",
            before=None,
            after={
                "observation": str(observation.pk),
                "label": label,
                "action": action,
                "analyst": analyst.username,
            },
        )
        tagging = ObservationTagging.objects.filter(observation=observation).first()
        if tagging is not None:
            _store_labels(observation, tagging)
    return correction


def untagged_revisions(
    *,
    model_version: str,
    limit: int = 5000,
    after: str | None = None,
    written_before: dt.datetime | None = None,
) -> list[tuple[str, int]]:
    """Observations whose current revision has no tags from ``model_version``, in id order
    after ``after`` (for the sweep and for re-tagging); only revisions written before
    ``written_before`` when given."""
    from django.db.models import F, Q

    observations = Observation.objects.filter(deleted=False)
    if after is not None:
        observations = observations.filter(pk__gt=after)
    if written_before is not None:
        observations = observations.filter(updated_at__lt=written_before)
    rows = (
        observations.order_by("pk")
        .filter(
            Q(tagging__isnull=True)
            | ~Q(tagging__observation_rev=F("rev"))
            | ~Q(tagging__model_version=model_version)
        )
        .values_list("id", "rev")[:limit]
    )
    return [(str(pk), rev) for pk, rev in rows]


def parse_revisions(raw: Any) -> list[tuple[str, int]]:
    """Task arguments arrive as JSON lists; keep only well-formed (uuid, rev) pairs."""
    out: list[tuple[str, int]] = []
    for item in raw or []:
        try:
            out.append((str(uuid.UUID(str(item[0]))), int(item[1])))
        except (ValueError, TypeError, IndexError):
            logger.warning("skipping malformed tagging job item", extra={"item": repr(item)})
    return out
