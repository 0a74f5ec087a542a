"""Label counts and rates over time, per product and territory, in the user's scope."""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Min, QuerySet
from django.db.models.functions import Trunc
from django.utils import timezone

from backend.accounts.models import User
from backend.core.labels import label_title
from backend.insights.alerts_bridge import SpikeMarker, spike_markers
from backend.insights.rollups import ANY_LABEL
from backend.insights.trend_rollup import trend_counts
from backend.observations.models import Observation, ObservationProduct
from backend.observations.selectors import observations_visible_to
from backend.tagging.models import ObservationLabel
from nlp.labels import LABELS

ROLLING_DAYS = 7


@dataclass
class LabelSeries:
    """Counts per period; ``rates`` is the share of notes per period (per week), or for the
    daily view the rolling 7-day share ending that day. Periods before the data begin
    (index < ``Trends.first``) are kept for the axis but hold no figure."""

    label: str
    counts: list[int]
    rates: list[float | None]  # None: no note at all in the period (no share to draw)
    total: int
    markers: list[tuple[int, SpikeMarker]] = field(default_factory=list)

    @property
    def title(self) -> str:
        return label_title(self.label)


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
    first: int  # index of the first period with data (len(buckets) when there is none)
    data_start: dt.date | None  # first visit in this scope, ever
    bucket: str = "week"

    @property
    def partial(self) -> bool:
        """The last period is the current one, still under way (always so: it holds today)."""
        return bool(self.buckets)

    @property
    def rate_name(self) -> str:
        return "rolling 7-day share" if self.bucket == "day" else "share of the week's notes"


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


def _rolling(counts: list[int], totals: list[int], first: int) -> list[float | None]:
    """Share over the 7 days ending each day, counting only days since the data began."""
    out = []
    for i in range(len(counts)):
        lo = max(first, i - ROLLING_DAYS + 1)
        c, t = sum(counts[lo : i + 1]), sum(totals[lo : i + 1])
        out.append(c / t if t else None)
    return out


def label_trends(
    user: User, *, product_id: int | None, territory_id: int | None, days: int, bucket: str
) -> Trends:
    """Per label: notes carrying it per bucket and the share of all notes; spikes from rules.

    Weekly periods are whole weeks (Monday to Sunday, the first one fetched from its Monday so
    it is not half-counted); the daily view reads six more days so its first rolling share is
    a full seven days. Periods before the first note in this scope get no bar and no share.
    """
    until = timezone.now().date()
    since = until - dt.timedelta(days=days - 1)
    buckets = _bucket_starts(since, until, bucket)
    lead = ROLLING_DAYS - 1 if bucket == "day" else 0
    fetch_from = buckets[0] - dt.timedelta(days=lead)
    since_at = dt.datetime.combine(fetch_from, dt.time.min, tzinfo=dt.UTC)
    all_buckets = _bucket_starts(fetch_from, until, bucket) if lead else buckets
    index = {b: i for i, b in enumerate(all_buckets)}
    notes = _scoped(user, product_id, territory_id, since_at)
    began = (
        _scoped(user, product_id, territory_id, dt.datetime.min.replace(tzinfo=dt.UTC))
        .aggregate(first=Min("visited_at"))
        .get("first")
    )
    data_start = _as_date(began) if began else None
    totals = [0] * len(all_buckets)
    per_label: dict[str, list[int]] = {label: [0] * len(all_buckets) for label in LABELS}
    rolled = trend_counts(
        user,
        product_id=product_id,
        territory_id=territory_id,
        since=fetch_from,
        window_from=buckets[0],
    )
    if rolled is not None:
        for day, by_label in rolled.daily.items():
            start = day - dt.timedelta(days=day.weekday()) if bucket == "week" else day
            if start in index:
                totals[index[start]] += by_label.get(ANY_LABEL, 0)
                for label, n in by_label.items():
                    if label in per_label:
                        per_label[label][index[start]] += n
    else:
        _count_notes(notes, bucket, index, totals, per_label)
    first_all = _first_with_data(all_buckets, data_start, bucket)
    first = max(0, first_all - lead) if data_start else len(buckets)
    markers = spike_markers(user, product_id=product_id, territory_id=territory_id, since=since_at)
    series = []
    for label, counts_all in per_label.items():
        rates: list[float | None]
        if bucket == "day":
            rates = _rolling(counts_all, totals, first_all)[lead:]
        else:
            rates = [c / t if t else None for c, t in zip(counts_all, totals, strict=True)]
        counts = counts_all[lead:]
        marks = [
            (_bucket_index(buckets, m.at.date()), m)
            for m in markers
            if m.label == label and m.at.date() >= buckets[0]
        ]
        series.append(LabelSeries(label, counts, rates, sum(counts), marks))
    if rolled is not None:
        by_territory = _rows_of(rolled.by_territory)
        by_product = _rows_of(rolled.by_product)
    else:
        window = notes.filter(visited_at__gte=dt.datetime.combine(buckets[0], dt.time.min, dt.UTC))
        window_labels = ObservationLabel.objects.filter(observation__in=window)
        by_territory = _breakdown(window_labels, window, "territory__code")
        by_product = _breakdown(window_labels, window, "products__name")
    return Trends(
        buckets=buckets,
        totals=totals[lead:],
        series=series,
        by_territory=by_territory,
        by_product=by_product,
        since=buckets[0],
        first=first,
        data_start=data_start,
        bucket=bucket,
    )


def _count_notes(
    notes: QuerySet[Observation],
    bucket: str,
    index: dict[dt.date, int],
    totals: list[int],
    per_label: dict[str, list[int]],
) -> None:
    """Notes and labels per bucket counted over the notes (scopes the roll-up cannot answer)."""
    for r in notes.annotate(b=Trunc("visited_at", bucket)).values("b").annotate(n=Count("id")):
        if _as_date(r["b"]) in index:
            totals[index[_as_date(r["b"])]] += r["n"]
    labels = ObservationLabel.objects.filter(observation__in=notes)
    for r in (
        labels.annotate(b=Trunc("observation__visited_at", bucket))
        .values("b", "label")
        .annotate(n=Count("id"))
    ):
        day = _as_date(r["b"])
        if day in index and r["label"] in per_label:
            per_label[r["label"]][index[day]] += r["n"]


def _rows_of(counts: dict[str, dict[str, int]]) -> list[BreakdownRow]:
    """Breakdown rows from the roll-up's per-name label counts ("" holds all notes)."""
    return [
        BreakdownRow(
            name=name,
            notes=by_label.get(ANY_LABEL, 0),
            counts={k: n for k, n in by_label.items() if k != ANY_LABEL},
        )
        for name, by_label in sorted(counts.items())
        if by_label.get(ANY_LABEL)
    ]


def _first_with_data(buckets: list[dt.date], data_start: dt.date | None, bucket: str) -> int:
    if data_start is None:
        return len(buckets)
    step = dt.timedelta(days=7 if bucket == "week" else 1)
    for i, start in enumerate(buckets):
        if data_start < start + step:
            return i
    return len(buckets)


def _bucket_index(buckets: list[dt.date], day: dt.date) -> int:
    for i in range(len(buckets) - 1, -1, -1):
        if buckets[i] <= day:
            return i
    return 0
