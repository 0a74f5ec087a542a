"""Background tagging. Jobs take ids, are idempotent per (observation, rev, model version)."""

import logging

from celery import shared_task
from django.db import OperationalError

from backend.core.jobs import dispatch, sweep_cutoff
from backend.tagging.services import observations_tag, parse_revisions, untagged_revisions
from backend.tagging.tagger import get_tagger

logger = logging.getLogger(__name__)


@shared_task(
    name="tagging.tag_observations",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=6,
    acks_late=True,
)
def tag_observations(revisions: list[list[object]]) -> int:
    """Tag these (observation id, rev) pairs; returns how many were tagged now."""
    tagged = observations_tag(revisions=parse_revisions(revisions), tagger=get_tagger())
    # One line per job: with its request id, it ties a slow push to the tagging it caused.
    logger.info("tagging job done", extra={"revisions": len(revisions), "tagged": tagged})
    return tagged


@shared_task(name="tagging.sweep_untagged")
def sweep_untagged(chunk: int = 200) -> int:
    """Re-enqueue observations whose tagging job was lost (or that a new model must re-tag).

    Revisions written since ``sweep_cutoff()`` are left to their queued job."""
    pending = untagged_revisions(
        model_version=get_tagger().model_version, written_before=sweep_cutoff()
    )
    for start in range(0, len(pending), chunk):
        # dispatch, not delay: in the embedded server the sweep's jobs queue behind the others on
        # the one job thread instead of tagging in parallel with it.
        dispatch(tag_observations, [list(item) for item in pending[start : start + chunk]])
    if pending:
        logger.info("sweep re-enqueued observations", extra={"count": len(pending)})
    return len(pending)
