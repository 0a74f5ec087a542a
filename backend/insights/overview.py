"""The brand overview: a period's figures for the analyst's scope, each one a feed filter.

Every note figure is counted with ``feed_queryset`` and the very ``FeedFilters`` its link
opens, so a figure and the feed's count behind its link cannot disagree.
"""

import datetime as dt
from dataclasses import dataclass, replace

from django.db.models import Count, Min
from django.utils import timezone

from backend.accounts.models import User
from backend.alerts.models import Severity, SignalType
from backend.alerts.selectors import signals_visible_to
from backend.catalog.models import AssetStatus, Company, ContentAsset, Product
from backend.core.labels import label_phrase, label_title
from backend.insights.alerts_bridge import clock_left
from backend.insights.facets import feed_counts
from backend.insights.forms import filters_query
from backend.insights.selectors import ANY_OBJECTION, FeedFilters, feed_queryset, stale_uses
from backend.observations.models import ObservationContent, ObservationProduct
from backend.tagging.models import ObservationLabel
from nlp.labels import LABELS

TOP_THEMES = 6
UNRESOLVED = ("open", "acknowledged")
CLOCKS_SHOWN = 20


@dataclass(frozen=True)
class Figure:
    name: str
    count: int
    filters: FeedFilters
    previous: int | None = None

    @property
    def href(self) -> str:
        return "/?" + filters_query(self.filters)

    @property
    def change(self) -> int | None:
        return None if self.previous is None else self.count - self.previous


@dataclass(frozen=True)
class SafetyClock:
    id: str
    title: str
    severity: str
    state: str
    due_at: dt.datetime | None

    @property
    def time_left(self) -> str:
        return "no clock" if self.due_at is None else clock_left(self.due_at)

    @property
    def overdue(self) -> bool:
        """As in the inbox: an acknowledgement stops the escalation clock."""
        return self.state == "open" and self.due_at is not None and self.due_at < timezone.now()


@dataclass(frozen=True)
class Overview:
    date_from: dt.date
    date_to: dt.date
    notes: Figure
    objections: Figure
    themes: list[Figure]
    competitors: list[Figure]
    stale_catalog: list[Figure]
    stale_reported: Figure
    adverse_notes: Figure
    signals_by_severity: list[tuple[str, str, int]]  # name, severity, unresolved signals
    clocks: list[SafetyClock]  # the first CLOCKS_SHOWN, soonest due first
    clocks_total: int
    data_start: dt.date | None  # the first visit in this scope (and brand), ever
    previous_days: int  # the previous period's length
    previous_covered: int  # how many of its days lie on or after data_start

    @property
    def previous_partial(self) -> bool:
        """The previous period began before the data did: its figures cover fewer days."""
        return self.previous_covered < self.previous_days

    @property
    def clocks_more(self) -> int:
        """Unresolved reports beyond the ones listed."""
        return self.clocks_total - len(self.clocks)

    @property
    def objection_share(self) -> float:
        return self.objections.count / self.notes.count if self.notes.count else 0.0


def _count(user: User, filters: FeedFilters) -> int:
    return feed_queryset(user, filters).order_by().count()


def _label_counts(user: User, filters: FeedFilters) -> dict[str, int]:
    notes = feed_queryset(user, filters).order_by().values("id")
    rows = ObservationLabel.objects.filter(observation_id__in=notes).values("label")
    return {r["label"]: r["n"] for r in rows.annotate(n=Count("id"))}


def _competitor_counts(user: User, filters: FeedFilters) -> dict[int, int]:
    notes = feed_queryset(user, filters).order_by().values("id")
    rows = ObservationProduct.objects.filter(observation_id__in=notes).values("product_id")
    return {r["product_id"]: r["n"] for r in rows.annotate(n=Count("id"))}


@dataclass(frozen=True)
class _PeriodCounts:
    total: int
    labels: dict[str, int]  # per label, and ANY_OBJECTION
    products: dict[int, int]  # notes naming each product


def _period_counts(user: User, filters: FeedFilters) -> _PeriodCounts:
    """A period's counts as the feed page counts them (``feed_counts``: the daily roll-up,
    a few ms at 1M notes), or note by note where that stops at its cap, so always exact."""
    counts = feed_counts(user, filters)
    if not counts.total_capped and counts.labels is not None and counts.competitors is not None:
        return _PeriodCounts(counts.total, counts.labels, counts.competitors)
    labels = _label_counts(user, filters)
    labels[ANY_OBJECTION] = _count(user, replace(filters, label=ANY_OBJECTION))
    return _PeriodCounts(_count(user, filters), labels, _competitor_counts(user, filters))


def brand_overview(user: User, *, product: int | None, days: int) -> Overview:
    """Figures for the ``days`` ending today (and the ``days`` before, for themes)."""
    today = timezone.now().date()
    base = FeedFilters(
        product=product, date_from=today - dt.timedelta(days=days - 1), date_to=today
    )
    prev = replace(
        base,
        date_from=today - dt.timedelta(days=2 * days - 1),
        date_to=today - dt.timedelta(days=days),
    )
    began = feed_queryset(user, replace(base, date_from=None, date_to=None)).order_by()
    first_visit = began.aggregate(first=Min("visited_at"))["first"]
    data_start = first_visit.astimezone(dt.UTC).date() if first_visit else None
    covered = _days_covered(prev, data_start)
    now, then = _period_counts(user, base), _period_counts(user, prev)
    now_labels, before = now.labels, then.labels
    ranked = sorted(
        (label for label in LABELS if now_labels.get(label)), key=lambda lab: -now_labels[lab]
    )
    themes = [
        Figure(
            label_title(label),
            now_labels[label],
            replace(base, label=label),
            before.get(label, 0) if covered else None,  # nothing to compare with yet
        )
        for label in ranked[:TOP_THEMES]
    ]
    rivals = Product.objects.filter(pk__in=list(now.products), company=Company.COMPETITOR)
    competitors = sorted(
        (Figure(p.name, now.products[p.pk], replace(base, competitor=p.pk)) for p in rivals),
        key=lambda f: (-f.count, f.name),
    )
    notes_ids = feed_queryset(user, base).order_by().values("id")
    stale_catalog = []
    shown = (
        ObservationContent.objects.filter(observation_id__in=notes_ids)
        .values_list("asset_id", flat=True)
        .distinct()
    )
    for asset in ContentAsset.objects.filter(pk__in=shown).order_by("code"):
        uses = stale_uses(asset.pk).filter(observation_id__in=notes_ids)
        n = uses.values("observation_id").distinct().count()
        if n:
            why = "no longer current" if asset.status != AssetStatus.CURRENT else "old version"
            stale_catalog.append(
                Figure(f"{asset.code} ({why})", n, replace(base, stale_asset=asset.pk))
            )
    signals = signals_visible_to(user).filter(state__in=UNRESOLVED)
    if product:
        signals = signals.filter(product_id=product)
    severity = dict(signals.values_list("severity").annotate(n=Count("id")))
    order = [Severity.CRITICAL, Severity.HIGH, Severity.WARNING, Severity.INFO]
    reports = signals.filter(type=SignalType.ADVERSE_EVENT)
    clocks = [
        SafetyClock(str(s.pk), s.title, s.severity, s.state, s.due_at)
        for s in reports.order_by("due_at")[:CLOCKS_SHOWN]
    ]
    return Overview(
        date_from=base.date_from,  # type: ignore[arg-type]
        date_to=today,
        notes=Figure("notes", now.total, base),
        objections=Figure(
            "with any objection",
            now_labels.get(ANY_OBJECTION, 0),
            replace(base, label=ANY_OBJECTION),
        ),
        themes=themes,
        competitors=competitors,
        stale_catalog=stale_catalog,
        stale_reported=Figure(
            "reported stale by reps",
            now_labels.get("stale_content", 0),
            replace(base, label="stale_content"),
        ),
        adverse_notes=Figure(
            f"notes tagged {label_phrase('adverse_event')}",
            now_labels.get("adverse_event", 0),
            replace(base, label="adverse_event"),
        ),
        signals_by_severity=[(str(s.label), s.value, severity.get(s.value, 0)) for s in order],
        clocks=clocks,
        clocks_total=reports.count() if len(clocks) == CLOCKS_SHOWN else len(clocks),
        data_start=data_start,
        previous_days=days,
        previous_covered=covered,
    )


def _days_covered(period: FeedFilters, data_start: dt.date | None) -> int:
    """The days of ``period`` on or after the first visit (the feed's UTC visit days)."""
    start, end = period.date_from, period.date_to
    assert start is not None and end is not None
    if data_start is None or data_start > end:
        return 0
    return (end - max(start, data_start)).days + 1
