"""How many notes match the feed's filters, and how many each filter option would match.

Each facet is counted under every current filter except its own (the usual faceted-search
rule): with a label chosen, the label menu still says how many notes each other label has, so
the analyst can see where switching would lead. The total is the count the CSV export holds.

Counting ``observation_id`` (not ``id``) lets PostgreSQL count label and product rows from
their ``(observation, label)`` / ``(product, observation)`` indexes alone. One grouped query
per facet; the total comes from the territory facet (every note has one
territory), so the page costs three counting queries however many options there are.
"""

from dataclasses import dataclass, replace

from django.db.models import Count

from backend.accounts.models import User
from backend.insights.selectors import FeedFilters, feed_queryset
from backend.observations.models import ObservationProduct
from backend.tagging.models import ObservationLabel


@dataclass(frozen=True)
class FeedCounts:
    total: int
    labels: dict[str, int]
    products: dict[int, int]  # for the product menu, by product id
    competitors: dict[int, int]  # for the competitor menu, by product id
    territories: dict[int, int]


def _matching(user: User, filters: FeedFilters):  # type: ignore[no-untyped-def]
    return feed_queryset(user, filters).order_by().values("id")


def feed_total(user: User, filters: FeedFilters) -> int:
    """The notes matching ``filters``: exactly the rows the CSV export of them holds."""
    return feed_queryset(user, filters).order_by().count()


def feed_counts(user: User, filters: FeedFilters) -> FeedCounts:
    """The total and every facet's per-option count (see the module docstring)."""
    territories: dict[int, int] = {}
    for row in (
        feed_queryset(user, replace(filters, territory=None))
        .order_by()
        .values("territory_id")
        .annotate(n=Count("id"))
    ):
        territories[row["territory_id"]] = row["n"]
    total = (
        territories.get(filters.territory, 0) if filters.territory else sum(territories.values())
    )
    labels = {
        row["label"]: row["n"]
        for row in ObservationLabel.objects.filter(
            observation_id__in=_matching(user, replace(filters, label=None))
        )
        .values("label")
        .annotate(n=Count("observation_id"))
    }
    # The product and competitor menus each exclude their own choice: one shared query when
    # neither is set, one each otherwise.
    products = _product_counts(user, replace(filters, product=None))
    competitors = (
        products
        if filters.product == filters.competitor
        else _product_counts(user, replace(filters, competitor=None))
    )
    return FeedCounts(
        total=total,
        labels=labels,
        products=products,
        competitors=competitors,
        territories=territories,
    )


def _product_counts(user: User, filters: FeedFilters) -> dict[int, int]:
    return {
        row["product_id"]: row["n"]
        for row in ObservationProduct.objects.filter(observation_id__in=_matching(user, filters))
        .values("product_id")
        .annotate(n=Count("observation_id"))
    }
