"""How many notes match the feed's filters, and how many each filter option would match.

Each facet is counted under every current filter except its own (the usual faceted-search
rule): with a label chosen, the label menu still says how many notes each other label has, so
the analyst can see where switching would lead. The total is the count the CSV export holds.

Where the daily roll-up (``FeedDayCount``, see ``backend.insights.rollups``) can answer a count
exactly, it is read from there: a scope of territories (or everything, or a single brand), and
any of label, product, competitor, territory and visit dates. Its cells name one label and two
products at most, so it cannot answer a text search, a rep, a stale asset or a scope of several
brands (nor a product menu under a single-brand scope with a product or competitor chosen).
Those are counted live, but never past ``FEED_COUNT_CAP`` notes: beyond it the total reads
"500+" (``total_capped``) and a menu whose notes are beyond it shows no counts (its dict is
None), so the page stays fast whatever the filter.
"""

import datetime as dt
from collections import Counter
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field, replace
from typing import Any, TypeVar

from django.db.models import Sum

from backend.accounts.models import User
from backend.core.plans import serial_plans
from backend.insights.models import ANY_OBJECTION, FeedDayCount
from backend.insights.rollups import ANY_LABEL, ANY_PRODUCT, CountedState, counted_states
from backend.insights.selectors import FeedFilters, feed_queryset
from backend.observations.selectors import ObservationScope, observation_scope
from nlp.labels import OBJECTION_LABELS

# Live counts stop here and the page shows "500+". Counting up to N notes by text walks the
# feed until N match: on the 1M-note bench, ~130 ms for 500 notes with a label and a common
# word (1.1% of the scope), twice that for 1,000, over a second for 10,000.
FEED_COUNT_CAP = 500

K = TypeVar("K", int, str)  # a menu's option key: a territory or product id, or a label


@dataclass(frozen=True)
class FeedCounts:
    total: int
    labels: dict[str, int] | None  # None: more than FEED_COUNT_CAP notes to count live
    products: dict[int, int] | None  # for the product menu, by product id
    competitors: dict[int, int] | None  # for the competitor menu, by product id
    territories: dict[int, int] | None
    total_capped: bool = False  # more than FEED_COUNT_CAP notes match; ``total`` is the cap
    # When the total was counted live: the ids it walked, the feed's first notes in order (up
    # to FEED_COUNT_CAP + 1). ``feed_page`` loads its first page from them instead of walking
    # the same index again.
    newest: tuple[Any, ...] | None = None

    @property
    def total_shown(self) -> str:
        """The total as the page writes it: the integer, or "500+" past the cap."""
        return f"{self.total:,}+" if self.total_capped else str(self.total)


@dataclass(frozen=True)
class _Cells:
    """Which roll-up cells hold the notes of a filter (None: every territory / any day)."""

    territories: tuple[int, ...] | None
    label: str
    product: int
    with_product: int
    day_from: dt.date | None
    day_to: dt.date | None


def _cells(
    scope: ObservationScope, filters: FeedFilters, *, by_product: bool = False
) -> _Cells | None:
    """The cells answering ``filters`` exactly, or None when the roll-up cannot.

    A cell names two products at most; grouping ``by_product`` uses one of them."""
    if filters.q or filters.rep or filters.stale_asset or scope.rep_id is not None:
        return None
    products = {p for p in (filters.product, filters.competitor) if p}
    if scope.brand_ids:
        if len(scope.brand_ids) > 1:
            return None  # "any of these brands" is not a sum of per-product cells
        products.add(scope.brand_ids[0])
    if len(products) > (1 if by_product else 2):
        return None
    first, second = (sorted(products) + [ANY_PRODUCT, ANY_PRODUCT])[:2]
    territories = None if scope.everything else scope.territory_ids or None
    if filters.territory:
        in_scope = territories is None or filters.territory in territories
        territories = (filters.territory,) if in_scope else ()
    return _Cells(
        territories=territories,
        label=filters.label or ANY_LABEL,
        product=first,
        with_product=second,
        day_from=filters.date_from,
        day_to=filters.date_to,
    )


def _sums(cells: _Cells, group: str, **where: Any) -> dict[Any, int]:
    qs = FeedDayCount.objects.filter(**where)
    if cells.territories is not None:
        qs = qs.filter(territory_id__in=cells.territories)
    if cells.day_from:
        qs = qs.filter(day__gte=cells.day_from)
    if cells.day_to:
        qs = qs.filter(day__lte=cells.day_to)
    rows = qs.order_by().values(group).annotate(total=Sum("n")).values_list(group, "total")
    return {key: int(n) for key, n in rows if n}


def _by_territory(cells: _Cells) -> dict[int, int]:
    return _sums(
        cells,
        "territory_id",
        label=cells.label,
        product_id=cells.product,
        with_product=cells.with_product,
    )


def _by_label(cells: _Cells) -> dict[str, int]:
    sums = _sums(cells, "label", product_id=cells.product, with_product=cells.with_product)
    sums.pop(ANY_LABEL, None)
    return sums  # with ANY_OBJECTION: the menu's "any objection" option counts too


def _by_product(cells: _Cells) -> dict[int, int]:
    if cells.product == ANY_PRODUCT:
        sums = _sums(cells, "product_id", label=cells.label, with_product=ANY_PRODUCT)
        sums.pop(ANY_PRODUCT, None)
        return sums
    # With one product chosen, each other product counts the notes mentioning both; the chosen
    # one counts its own notes (as a live count of its menu would).
    sums = _sums(cells, "with_product", label=cells.label, product_id=cells.product)
    own = sums.pop(ANY_PRODUCT, 0)
    return {**sums, cells.product: own} if own else sums


@dataclass
class _Live:
    """Notes counted live, for what the roll-up cannot answer, never more than the cap."""

    user: User
    fetched: dict[FeedFilters, list[CountedState] | None] = field(default_factory=dict)
    walked: dict[FeedFilters, tuple[Any, ...]] = field(default_factory=dict)

    def notes(self, filters: FeedFilters) -> list[CountedState] | None:
        """What each matching note counts as (territory, labels, products), read from the
        roll-up's per-note rows; None when more than FEED_COUNT_CAP notes match."""
        if filters not in self.fetched:
            # The first cap + 1 in the page's own order: the database walks the feed's index
            # and stops there, as for the page (unordered, it would gather every match first).
            ids = list(
                feed_queryset(self.user, filters).values_list("id", flat=True)[: FEED_COUNT_CAP + 1]
            )
            self.walked[filters] = tuple(ids)
            self.fetched[filters] = counted_states(ids) if len(ids) <= FEED_COUNT_CAP else None
        return self.fetched[filters]


def feed_total(user: User, filters: FeedFilters) -> int:
    """The notes matching ``filters``: exactly the rows the CSV export of them holds."""
    return feed_queryset(user, filters).order_by().count()


def feed_counts(user: User, filters: FeedFilters) -> FeedCounts:
    """The total and every facet's per-option count (see the module docstring)."""
    with serial_plans():  # the live counts stop at the cap; see serial_plans
        return _feed_counts(user, filters)


def _feed_counts(user: User, filters: FeedFilters) -> FeedCounts:
    scope = observation_scope(user)
    if scope.nothing:
        return FeedCounts(total=0, labels={}, products={}, competitors={}, territories={})
    live = _Live(user)
    capped = False
    territories = _territory_counts(scope, live, replace(filters, territory=None), capped)
    if territories is not None:
        total = (
            territories.get(filters.territory, 0)
            if filters.territory
            else sum(territories.values())
        )
    else:
        notes = live.notes(filters)
        total, capped = min(len(live.walked[filters]), FEED_COUNT_CAP), notes is None
    # A menu's notes include the total's (it drops one filter): past the cap when the total is.
    labels = _label_counts(scope, live, replace(filters, label=None), capped)
    # The product and competitor menus each exclude their own choice: one shared count when
    # neither is set, one each otherwise.
    products = _product_counts(scope, live, replace(filters, product=None), capped)
    competitors = (
        products
        if filters.product == filters.competitor
        else _product_counts(scope, live, replace(filters, competitor=None), capped)
    )
    return FeedCounts(
        total=total,
        labels=labels,
        products=products,
        competitors=competitors,
        territories=territories,
        total_capped=capped,
        newest=live.walked.get(filters),
    )


def _menu_counts(
    scope: ObservationScope,
    live: _Live,
    filters: FeedFilters,
    capped: bool,
    *,
    from_cells: Callable[[_Cells], dict[K, int]],
    keys: Callable[[CountedState], Iterable[K]],
    by_product: bool = False,
) -> dict[K, int] | None:
    """One menu's per-option counts: from the roll-up where it answers exactly, else from the
    notes counted live (None past the cap)."""
    cells = _cells(scope, filters, by_product=by_product)
    if cells is not None:
        return from_cells(cells)
    notes = None if capped else live.notes(filters)
    if notes is None:
        return None
    return dict(Counter(key for note in notes for key in keys(note)))


def _territory_counts(
    scope: ObservationScope, live: _Live, filters: FeedFilters, capped: bool
) -> dict[int, int] | None:
    return _menu_counts(
        scope, live, filters, capped, from_cells=_by_territory, keys=lambda n: (n.territory_id,)
    )


def _label_counts(
    scope: ObservationScope, live: _Live, filters: FeedFilters, capped: bool
) -> dict[str, int] | None:
    return _menu_counts(scope, live, filters, capped, from_cells=_by_label, keys=_label_keys)


def _label_keys(note: CountedState) -> tuple[str, ...]:
    """The label menu's options a note counts for: its labels, and "any objection"."""
    if set(note.labels) & set(OBJECTION_LABELS):
        return (*note.labels, ANY_OBJECTION)
    return note.labels


def _product_counts(
    scope: ObservationScope, live: _Live, filters: FeedFilters, capped: bool
) -> dict[int, int] | None:
    return _menu_counts(
        scope,
        live,
        filters,
        capped,
        from_cells=_by_product,
        keys=lambda n: n.products,
        by_product=True,
    )
