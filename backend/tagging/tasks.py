"""Background tagging. Jobs take ids, are idempotent per (observation, rev, model version)."""

import datetime as dt
import logging

from celery import shared_task
from django.conf import settings
from django.db import OperationalError
from django.utils import timezone

from backend.core.jobs import dispatch
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
    return observations_tag(revisions=parse_revisions(revisions), tagger=get_tagger())


@shared_task(name="tagging.sweep_untagged")
def sweep_untagged(chunk: int = 200) -> int:
    """Re-enqueue observations whose tagging job was lost (or that a new model must re-tag).

    Revisions written in the last ``SWEEP_GRACE_SECONDS`` are left to the job enqueued when
    they were committed, which may simply be waiting in a busy queue."""
    grace = dt.timedelta(seconds=settings.SWEEP_GRACE_SECONDS)
    pending = untagged_revisions(
        model_version=get_tagger().model_version, written_before=timezone.now() - grace
    )
    for start in range(0, len(pending), chunk):
        # dispatch, not delay: in the embedded server the sweep's jobs queue behind the others on
        # the one job thread instead of tagging in parallel with it.
        dispatch(tag_observations, [list(item) for item in pending[start : start + chunk]])
    if pending:
        logger.info("sweep re-enqueued observations", extra={"count": len(pending)})
    return len(pending)
