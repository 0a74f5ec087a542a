"""The trends' counts read from the feed's daily roll-up (``FeedDayCount``) where it answers.

Counting the notes behind a trends page took 7-8 s for an analyst of 3 territories on the
1M-note bench database (a label join grouped per week, per territory and per product). The
roll-up already holds, per UTC visit day, territory, label and product (pair), the number of
live notes, kept exact by every write: a trends page sums a few thousand of its rows instead.
Where the roll-up cannot answer a scope (several brands, a rep's own scope) the caller counts
the notes as before.
"""

import datetime as dt
from collections import defaultdict
from dataclasses import dataclass
from typing import Any

from django.db.models import QuerySet, Sum

from backend.accounts.models import User
from backend.catalog.models import Product, Territory
from backend.insights.facets import _Cells, _cells
from backend.insights.models import FeedDayCount
from backend.insights.rollups import ANY_LABEL, ANY_PRODUCT
from backend.insights.selectors import FeedFilters
from backend.observations.selectors import observation_scope
from nlp.labels import LABELS


@dataclass(frozen=True)
class RolledCounts:
    daily: dict[dt.date, dict[str, int]]  # per visit day: label -> notes ("" -> all notes)
    by_territory: dict[str, dict[str, int]]  # territory code -> label -> notes ("" -> all)
    by_product: dict[str, dict[str, int]]  # product name -> label -> notes ("" -> all)


def _rows(cells: _Cells, since: dt.date) -> QuerySet[FeedDayCount]:
    qs = FeedDayCount.objects.filter(day__gte=since)
    if cells.territories is not None:
        qs = qs.filter(territory_id__in=cells.territories)
    return qs.order_by()


def _nested(
    rows: QuerySet[FeedDayCount], key: str, names: dict[Any, str] | None
) -> dict[Any, dict[str, int]]:
    """{key (or its name): {label: notes}}, keeping ANY_LABEL (all notes) and the labels."""
    out: dict[Any, dict[str, int]] = defaultdict(dict)
    for k, label, n in (
        rows.values(key, "label").annotate(t=Sum("n")).values_list(key, "label", "t")
    ):
        if n and (label == ANY_LABEL or label in LABELS):
            name = k if names is None else names.get(k)
            if name is not None:
                out[name][label] = int(n)
    return dict(out)


def trend_counts(
    user: User,
    *,
    product_id: int | None,
    territory_id: int | None,
    since: dt.date,
    window_from: dt.date,
) -> RolledCounts | None:
    """Daily counts from ``since`` and per-territory / per-product counts from
    ``window_from``, for the notes the trends' filters select; None when the roll-up cannot
    answer exactly."""
    scope = observation_scope(user)
    if scope.nothing or scope.rep_id is not None:
        return None
    filters = FeedFilters(product=product_id, territory=territory_id)
    cells, by_product = _cells(scope, filters), _cells(scope, filters, by_product=True)
    if cells is None or by_product is None:
        return None
    same = {"product_id": cells.product, "with_product": cells.with_product}
    territories = dict(Territory.objects.values_list("pk", "code"))
    products = dict(Product.objects.values_list("pk", "name"))
    if by_product.product == ANY_PRODUCT:
        product_rows = _rows(by_product, window_from).filter(with_product=ANY_PRODUCT)
        per_product = _nested(product_rows.exclude(product_id=ANY_PRODUCT), "product_id", products)
    else:
        # With one product chosen, the others count the notes naming both; the chosen one its own.
        product_rows = _rows(by_product, window_from).filter(product_id=by_product.product)
        per_product = _nested(
            product_rows,
            "with_product",
            {**products, ANY_PRODUCT: products.get(by_product.product, "")},
        )
    return RolledCounts(
        daily=_nested(_rows(cells, since).filter(**same), "day", None),
        by_territory=_nested(_rows(cells, window_from).filter(**same), "territory_id", territories),
        by_product=per_product,
    )
