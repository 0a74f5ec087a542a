"""How many notes match the feed's filters, and how many each filter option would match.

Each facet is counted under every current filter except its own (the usual faceted-search
rule): with a label chosen, the label menu still says how many notes each other label has, so
the analyst can see where switching would lead. The total is the count the CSV export holds.

Where the daily roll-up (``FeedDayCount``, see ``backend.insights.rollups``) can answer a count
exactly, it is read from there: a scope of territories (or everything, or a single brand),
and any of label, one product or competitor, territory and visit dates. Its cells split by one
label and one product at most, so it cannot answer a text search, a rep, a stale asset, a scope
of several brands, or a product *and* a competitor together (nor the product menus once one of
those is chosen). Those are counted live, but never past ``FEED_COUNT_CAP`` notes: beyond it the
total reads "10,000+" (``total_capped``) and a menu whose notes are beyond it shows no counts
(its dict is None), so the page stays fast whatever the filter.
"""

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any

from django.db.models import Count, QuerySet, Sum

from backend.accounts.models import User
from backend.insights.models import ANY_OBJECTION, FeedDayCount
from backend.insights.rollups import ANY_LABEL, ANY_PRODUCT
from backend.insights.selectors import FeedFilters, feed_queryset
from backend.observations.models import ObservationProduct
from backend.observations.selectors import ObservationScope, observation_scope
from backend.tagging.models import ObservationLabel

FEED_COUNT_CAP = 10_000  # live counts stop here: the page shows "10,000+"


@dataclass(frozen=True)
class FeedCounts:
    total: int
    labels: dict[str, int] | None  # None: more than FEED_COUNT_CAP notes to count live
    products: dict[int, int] | None  # for the product menu, by product id
    competitors: dict[int, int] | None  # for the competitor menu, by product id
    territories: dict[int, int] | None
    total_capped: bool = False  # more than FEED_COUNT_CAP notes match; ``total`` is the cap

    @property
    def total_shown(self) -> str:
        """The total as the page writes it: the integer, or "10,000+" past the cap."""
        return f"{self.total:,}+" if self.total_capped else str(self.total)


@dataclass(frozen=True)
class _Cells:
    """Which roll-up cells hold the notes of a filter (None: every territory / any day)."""

    territories: tuple[int, ...] | None
    label: str
    product: int
    day_from: dt.date | None
    day_to: dt.date | None


def _cells(scope: ObservationScope, filters: FeedFilters, *, free: str = "") -> _Cells | None:
    """The cells answering ``filters`` exactly, or None when the roll-up cannot.

    ``free`` names the dimension the caller groups by: "product" needs no other product
    constraint, since a cell splits by one product only."""
    if filters.q or filters.rep or filters.stale_asset or scope.rep_id is not None:
        return None
    products = {p for p in (filters.product, filters.competitor) if p}
    if scope.brand_ids:
        if len(scope.brand_ids) > 1:
            return None  # "any of these brands" is not a sum of per-product cells
        products.add(scope.brand_ids[0])
    if len(products) > (0 if free == "product" else 1):
        return None
    territories = None if scope.everything else scope.territory_ids or None
    if filters.territory:
        in_scope = territories is None or filters.territory in territories
        territories = (filters.territory,) if in_scope else ()
    return _Cells(
        territories=territories,
        label=filters.label or ANY_LABEL,
        product=products.pop() if products else ANY_PRODUCT,
        day_from=filters.date_from,
        day_to=filters.date_to,
    )


def _rollup(cells: _Cells, group: str) -> dict[Any, int]:
    """Per ``group`` ("territory_id", "label" or "product_id") sums of the cells."""
    qs = FeedDayCount.objects.all()
    if cells.territories is not None:
        qs = qs.filter(territory_id__in=cells.territories)
    if cells.day_from:
        qs = qs.filter(day__gte=cells.day_from)
    if cells.day_to:
        qs = qs.filter(day__lte=cells.day_to)
    if group == "label":
        qs = qs.filter(product_id=cells.product).exclude(label__in=[ANY_LABEL, ANY_OBJECTION])
    elif group == "product_id":
        qs = qs.filter(label=cells.label).exclude(product_id=ANY_PRODUCT)
    else:
        qs = qs.filter(label=cells.label, product_id=cells.product)
    rows = qs.order_by().values(group).annotate(total=Sum("n")).values_list(group, "total")
    return {key: int(n) for key, n in rows if n}


@dataclass
class _Live:
    """Live counts for what the roll-up cannot answer, each bounded by FEED_COUNT_CAP."""

    user: User
    known: dict[FeedFilters, int] = field(default_factory=dict)

    def count(self, filters: FeedFilters) -> int:
        """Matching notes, up to FEED_COUNT_CAP + 1 (more than the cap reads as cap + 1)."""
        if filters not in self.known:
            bounded = self.matching(filters)[: FEED_COUNT_CAP + 1]
            self.known[filters] = bounded.count()
        return self.known[filters]

    def within_cap(self, filters: FeedFilters) -> bool:
        return self.count(filters) <= FEED_COUNT_CAP

    def matching(self, filters: FeedFilters) -> QuerySet[Any]:
        return feed_queryset(self.user, filters).order_by().values("id")


def feed_total(user: User, filters: FeedFilters) -> int:
    """The notes matching ``filters``: exactly the rows the CSV export of them holds."""
    return feed_queryset(user, filters).order_by().count()


def feed_counts(user: User, filters: FeedFilters) -> FeedCounts:
    """The total and every facet's per-option count (see the module docstring)."""
    scope = observation_scope(user)
    if scope.nothing:
        return FeedCounts(total=0, labels={}, products={}, competitors={}, territories={})
    live = _Live(user)
    territories = _territory_counts(scope, live, replace(filters, territory=None))
    if territories is not None:
        total = (
            territories.get(filters.territory, 0)
            if filters.territory
            else sum(territories.values())
        )
        capped = False
    else:
        counted = live.count(filters)
        total, capped = min(counted, FEED_COUNT_CAP), counted > FEED_COUNT_CAP
    labels = _label_counts(scope, live, replace(filters, label=None))
    # The product and competitor menus each exclude their own choice: one shared count when
    # neither is set, one each otherwise.
    products = _product_counts(scope, live, replace(filters, product=None))
    competitors = (
        products
        if filters.product == filters.competitor
        else _product_counts(scope, live, replace(filters, competitor=None))
    )
    return FeedCounts(
        total=total,
        labels=labels,
        products=products,
        competitors=competitors,
        territories=territories,
        total_capped=capped,
    )


def _territory_counts(
    scope: ObservationScope, live: _Live, filters: FeedFilters
) -> dict[int, int] | None:
    cells = _cells(scope, filters)
    if cells is not None:
        return _rollup(cells, "territory_id")
    if not live.within_cap(filters):
        return None
    rows = live.matching(filters).values("territory_id").annotate(n=Count("id"))
    return {row["territory_id"]: row["n"] for row in rows}


def _label_counts(
    scope: ObservationScope, live: _Live, filters: FeedFilters
) -> dict[str, int] | None:
    cells = _cells(scope, filters)
    if cells is not None:
        return _rollup(cells, "label")
    if not live.within_cap(filters):
        return None
    rows = (
        ObservationLabel.objects.filter(observation_id__in=live.matching(filters))
        .values("label")
        .annotate(n=Count("observation_id"))
    )
    return {row["label"]: row["n"] for row in rows}


def _product_counts(
    scope: ObservationScope, live: _Live, filters: FeedFilters
) -> dict[int, int] | None:
    cells = _cells(scope, filters, free="product")
    if cells is not None:
        return _rollup(cells, "product_id")
    if not live.within_cap(filters):
        return None
    rows = (
        ObservationProduct.objects.filter(observation_id__in=live.matching(filters))
        .values("product_id")
        .annotate(n=Count("observation_id"))
    )
    return {row["product_id"]: row["n"] for row in rows}
