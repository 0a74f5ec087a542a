"""``GET /metrics``: Prometheus text format, for operators.

Right across many daphne processes and Celery workers: everything about the backlog, signals and
deliveries is counted from the database at scrape time (any process answers the same), and the
job queue is read from the broker. Only the push timings and outcomes are counted in the web
process; with ``PROMETHEUS_MULTIPROC_DIR`` set (one directory per host, emptied at start) the
processes of a host add up, as prometheus-client's multiprocess mode does.

Labels carry only statuses and signal types: never an identifier of a patient, rep or note.
Open only with ``Authorization: Bearer <METRICS_TOKEN>``; without a configured token it is 404.
"""

import hmac
import os
from collections.abc import Iterable, Iterator
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db.models import Count, F, Min, Q
from django.http import Http404, HttpRequest, HttpResponse
from django.utils import timezone
from prometheus_client import (
    CollectorRegistry,
    Counter,
    Histogram,
    disable_created_metrics,
    generate_latest,
    multiprocess,
)
from prometheus_client.core import CounterMetricFamily, GaugeMetricFamily, Metric
from prometheus_client.registry import Collector

from backend.core.horizon import horizon_lag_seconds
from backend.core.jobs import queue_depth

CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8"
disable_created_metrics()  # *_created series only add noise to the alerting rules

# Created unregistered: each scrape builds its own registry (see _registry).
PUSH_MUTATIONS = Counter(
    "fieldsignal_push_mutations",
    "Pushed mutations by outcome (applied, duplicate, rejected, conflict).",
    ["status"],
    registry=None,
)
PUSH_SECONDS = Histogram(
    "fieldsignal_push_seconds",
    "Time to answer a sync push.",
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0),
    registry=None,
)


def push_observed(seconds: float, results: Iterable[dict[str, Any]]) -> None:
    """Record one answered push."""
    PUSH_SECONDS.observe(seconds)
    for result in results:
        PUSH_MUTATIONS.labels(status=str(result.get("status"))).inc()


class DatabaseCollector(Collector):
    """Backlogs and totals computed from the database at scrape time."""

    def collect(self) -> Iterator[Metric]:
        now = timezone.now()
        observation = apps.get_model("observations", "Observation")
        untagged = observation.objects.filter(deleted=False).filter(
            Q(tagging__isnull=True) | ~Q(tagging__observation_rev=F("rev"))
        )
        backlog = untagged.aggregate(n=Count("id"), oldest=Min("updated_at"))
        yield GaugeMetricFamily(
            "fieldsignal_untagged_observations",
            "Observations whose current revision has no tags yet.",
            value=backlog["n"],
        )
        lag = (now - backlog["oldest"]).total_seconds() if backlog["oldest"] else 0.0
        yield GaugeMetricFamily(
            "fieldsignal_tag_lag_seconds",
            "Age of the oldest revision still waiting for tags (0 when none waits).",
            value=max(lag, 0.0),
        )
        raised = CounterMetricFamily(
            "fieldsignal_signals_raised",
            "Signals raised, by type (signals are never deleted, so this only grows).",
            labels=["type"],
        )
        signal = apps.get_model("alerts", "Signal")
        for row in signal.objects.values("type").annotate(n=Count("id")).order_by("type"):
            raised.add_metric([row["type"]], row["n"])
        yield raised
        deliveries = GaugeMetricFamily(
            "fieldsignal_webhook_deliveries",
            "Webhook deliveries by state (pending, delivering, delivered, dead).",
            labels=["state"],
        )
        delivery = apps.get_model("alerts", "WebhookDelivery")
        counts = dict(delivery.objects.values_list("status").annotate(n=Count("id")))
        for state in ("pending", "delivering", "delivered", "dead"):
            deliveries.add_metric([state], counts.get(state, 0))
        yield deliveries
        yield GaugeMetricFamily(
            "fieldsignal_commit_horizon_lag_seconds",
            "Age of the oldest open write transaction: pulls and feeds wait behind it.",
            value=horizon_lag_seconds(),
        )
        yield GaugeMetricFamily(
            "fieldsignal_job_queue_depth",
            "Background jobs waiting in the queue.",
            value=queue_depth(),
        )


def _registry() -> CollectorRegistry:
    registry = CollectorRegistry(auto_describe=True)
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        multiprocess.MultiProcessCollector(registry)  # type: ignore[no-untyped-call]
    else:
        registry.register(PUSH_MUTATIONS)
        registry.register(PUSH_SECONDS)
    registry.register(DatabaseCollector())
    return registry


def metrics(request: HttpRequest) -> HttpResponse:
    """The metrics, for a scraper holding ``METRICS_TOKEN``; 404 when no token is configured."""
    token = settings.METRICS_TOKEN
    if not token:
        raise Http404
    kind, _, given = request.headers.get("Authorization", "").partition(" ")
    if kind.lower() != "bearer" or not hmac.compare_digest(given.strip(), token):
        response = HttpResponse("unauthorized\n", status=401, content_type=CONTENT_TYPE)
        response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    return HttpResponse(generate_latest(_registry()), content_type=CONTENT_TYPE)
