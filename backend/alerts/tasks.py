"""Background alert work. Tasks take ids, are idempotent, and can run twice."""

import datetime as dt
import logging

from celery import shared_task
from django.db import OperationalError
from django.db.models import F, Q
from django.utils import timezone

from backend.alerts import conf
from backend.alerts.services import observation_evaluate
from backend.alerts.signal_services import signals_escalate_overdue
from backend.alerts.webhooks import deliveries_send_due, delivery_attempt
from backend.core.jobs import dispatch, sweep_cutoff
from backend.tagging.models import ObservationTagging

logger = logging.getLogger(__name__)
SWEEP_LOOKBACK = dt.timedelta(days=2)


@shared_task(
    name="alerts.evaluate_observation",
    autoretry_for=(OperationalError,),
    retry_backoff=True,
    max_retries=6,
    acks_late=True,
)
def evaluate_observation(observation_id: str, rev: int | None = None) -> int:
    """Run the rules over one observation's current tags; returns how many signals it raised."""
    return len(observation_evaluate(observation_id=observation_id))


@shared_task(name="alerts.deliver_webhooks", acks_late=True)
def deliver_webhooks(delivery_ids: list[int]) -> int:
    """Attempt these deliveries now (each one only if it is due and nobody else holds it)."""
    return sum(delivery_attempt(delivery_id=int(pk)) is not None for pk in delivery_ids)


@shared_task(name="alerts.deliver_due")
def deliver_due(limit: int = 200) -> int:
    """Retries whose backoff has passed, and deliveries a lost worker left claimed. Only the
    ``celery`` mode's driver: in the other modes the alerts loop sends them (one driver each)."""
    if conf.webhook_dispatch() != "celery":
        return 0
    return deliveries_send_due(limit=limit)


@shared_task(name="alerts.escalate_overdue")
def escalate_overdue() -> int:
    """Escalate overdue safety signals (``celery`` mode; the alerts loop does it otherwise)."""
    if conf.webhook_dispatch() != "celery":
        return 0
    return len(signals_escalate_overdue())


@shared_task(name="alerts.sweep_unevaluated")
def sweep_unevaluated(limit: int = 1000) -> int:
    """Re-enqueue recent taggings the rules never saw (a crash between commit and enqueue).

    Taggings made since ``sweep_cutoff()`` are left to their queued job."""
    stale = (
        ObservationTagging.objects.filter(
            observation__deleted=False,
            tagged_at__gte=timezone.now() - SWEEP_LOOKBACK,
            tagged_at__lt=sweep_cutoff(),
        )
        .filter(
            Q(observation__alert_evaluation__isnull=True)
            | ~Q(observation__alert_evaluation__rev=F("observation_rev"))
            | ~Q(observation__alert_evaluation__model_version=F("model_version"))
        )
        .values_list("observation_id", flat=True)[:limit]
    )
    pending = [str(pk) for pk in stale]
    for pk in pending:
        dispatch(evaluate_observation, pk)  # embedded: queued behind the other jobs
    if pending:
        logger.info("alerts sweep re-enqueued observations", extra={"count": len(pending)})
    return len(pending)
