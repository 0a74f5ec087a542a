"""Label counts and rates over time, per product and territory, in the user's scope."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, QuerySet
from django.db.models.functions import Trunc
from django.utils import timezone

from backend.accounts.models import User
from backend.insights.alerts_bridge import SpikeMarker, spike_markers
from backend.observations.models import Observation, ObservationProduct
from backend.observations.selectors import observations_visible_to
from backend.tagging.models import ObservationLabel
from nlp.labels import LABELS


@dataclass
class LabelSeries:
    label: str
    counts: list[int]
    rates: list[float]
    total: int
    markers: list[tuple[int, SpikeMarker]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return self.label.replace("_", " ")


@dataclass
class BreakdownRow:
    name: str
    notes: int
    counts: dict[str, int]

    def rate(self, label: str) -> float:
        return self.counts.get(label, 0) / self.notes if self.notes else 0.0


@dataclass
class Trends:
    buckets: list[dt.date]
    totals: list[int]
    series: list[LabelSeries]
    by_territory: list[BreakdownRow]
    by_product: list[BreakdownRow]
    since: dt.date


def _bucket_starts(since: dt.date, until: dt.date, bucket: str) -> list[dt.date]:
    step = dt.timedelta(days=7 if bucket == "week" else 1)
    start = since - dt.timedelta(days=since.weekday()) if bucket == "week" else since
    out = []
    while start <= until:
        out.append(start)
        start += step
    return out


def _scoped(
    user: User, product_id: int | None, territory_id: int | None, since: dt.datetime
) -> QuerySet[Observation]:
    qs = observations_visible_to(user).filter(visited_at__gte=since)
    if product_id:
        qs = qs.filter(
            id__in=ObservationProduct.objects.filter(product_id=product_id).values("observation_id")
        )
    if territory_id:
        qs = qs.filter(territory_id=territory_id)
    return qs


def _as_date(value: dt.datetime | dt.date) -> dt.date:
    return value.date() if isinstance(value, dt.datetime) else value


def _breakdown(
    labels: QuerySet[ObservationLabel], notes: QuerySet[Observation], key: str
) -> list[BreakdownRow]:
    totals = {r[key]: r["n"] for r in notes.values(key).annotate(n=Count("id", distinct=True))}
    counts: dict[str, dict[str, int]] = defaultdict(dict)
    for r in labels.values(f"observation__{key}", "label").annotate(n=Count("id")):
        counts[r[f"observation__{key}"]][r["label"]] = r["n"]
    return [
        BreakdownRow(name=str(name), notes=n, counts=counts.get(name, {}))
        for name, n in sorted(totals.items(), key=lambda kv: str(kv[0]))
        if name is not None
    ]


def label_trends(
    user: User, *, product_id: int | None, territory_id: int | None, days: int, bucket: str
) -> Trends:
    """Per label: notes carrying it per bucket and the share of all notes; spikes from rules."""
    until = timezone.now().date()
    since = until - dt.timedelta(days=days - 1)
    since_at = dt.datetime.combine(since, dt.time.min, tzinfo=dt.UTC)
    buckets = _bucket_starts(since, until, bucket)
    index = {b: i for i, b in enumerate(buckets)}
    notes = _scoped(user, product_id, territory_id, since_at)
    totals = [0] * len(buckets)
    for r in notes.annotate(b=Trunc("visited_at", bucket)).values("b").annotate(n=Count("id")):
        if _as_date(r["b"]) in index:
            totals[index[_as_date(r["b"])]] += r["n"]
    labels = ObservationLabel.objects.filter(observation__in=notes)
    per_label: dict[str, list[int]] = {label: [0] * len(buckets) for label in LABELS}
    for r in (
        labels.annotate(b=Trunc("observation__visited_at", bucket))
        .values("b", "label")
        .annotate(n=Count("id"))
    ):
        day = _as_date(r["b"])
        if day in index and r["label"] in per_label:
            per_label[r["label"]][index[day]] += r["n"]
    markers = spike_markers(user, product_id=product_id, territory_id=territory_id, since=since_at)
    series = []
    for label, counts in per_label.items():
        rates = [c / t if t else 0.0 for c, t in zip(counts, totals, strict=True)]
        marks = [(_bucket_index(buckets, m.at.date()), m) for m in markers if m.label == label]
        series.append(LabelSeries(label, counts, rates, sum(counts), marks))
    return Trends(
        buckets=buckets,
        totals=totals,
        series=series,
        by_territory=_breakdown(labels, notes, "territory__code"),
        by_product=_breakdown(labels, notes, "products__name"),
        since=since,
    )


def _bucket_index(buckets: list[dt.date], day: dt.date) -> int:
    for i in range(len(buckets) - 1, -1, -1):
        if buckets[i] <= day:
            return i
    return 0
