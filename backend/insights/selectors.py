"""Reads behind the analyst pages: the filtered feed with keyset pagination, and filter choices.

Every query starts from ``observations_visible_to``: scope is applied once, in one place.
"""

import datetime as dt
import uuid
from collections.abc import Iterator, Sequence
from dataclasses import dataclass
from typing import Any

from django.db.models import F, Q, QuerySet
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.catalog.models import AssetStatus, Company, ContentAsset, Product, Territory
from backend.core.cursors import cursor_decode, cursor_encode
from backend.core.errors import DomainError
from backend.core.plans import serial_plans
from backend.insights.models import ANY_OBJECTION
from backend.observations.models import Observation, ObservationContent, ObservationProduct
from backend.observations.selectors import (
    ObservationScope,
    observation_scope,
    observations_in_scope,
    observations_visible_to,
)
from backend.tagging.models import ObservationLabel
from nlp.labels import OBJECTION_LABELS

FEED_PAGE_SIZE = 50


@dataclass(frozen=True)
class FeedFilters:
    """What an analyst narrowed the feed to; empty fields filter nothing."""

    label: str | None = None
    product: int | None = None
    competitor: int | None = None
    territory: int | None = None
    rep: int | None = None
    date_from: dt.date | None = None
    date_to: dt.date | None = None
    q: str = ""
    stale_asset: int | None = None

    @property
    def order_field(self) -> str:
        """Arrival order (the live stream); by visit date once a visit-date range is set.

        Besides being what someone filtering by visit date expects, this lets the database
        walk the visited_at index inside the range: in arrival order it would read every note
        that arrived since the range began, since a late sync can bring an old visit any time.
        """
        return "visited_at" if self.date_from or self.date_to else "created_at"


@dataclass(frozen=True)
class FeedPage:
    observations: list[Observation]
    next_cursor: str | None


def encode_cursor(observation: Observation, order_field: str = "created_at") -> str:
    at = getattr(observation, order_field).isoformat()
    return cursor_encode({"o": order_field, "at": at, "id": str(observation.pk)})


def decode_cursor(cursor: str, order_field: str = "created_at") -> tuple[dt.datetime, uuid.UUID]:
    try:
        raw = cursor_decode(cursor, texts=("o", "at", "id"))
        if raw["o"] != order_field:
            raise ValueError("cursor made for another order")
        at = dt.datetime.fromisoformat(raw["at"])
        return (at if at.tzinfo else at.replace(tzinfo=dt.UTC)), uuid.UUID(raw["id"])
    except (DomainError, ValueError) as exc:
        # The page says it in its own words (the same code).
        raise DomainError("invalid_cursor", "this page link is not valid any more") from exc


def _day_start(day: dt.date) -> dt.datetime:
    return dt.datetime.combine(day, dt.time.min, tzinfo=dt.UTC)


def _products_filter(product_id: int) -> Q:
    return Q(
        id__in=ObservationProduct.objects.filter(product_id=product_id).values("observation_id")
    )


def feed_queryset(user: User, filters: FeedFilters) -> QuerySet[Observation]:
    """Observations in ``user``'s scope matching ``filters``, newest first (by arrival).

    Ordered by ``feed_at``: the note's ``order_field``, or with one label chosen the copy of it
    on the label's row, so the database walks that label's index in page order."""
    scope = observation_scope(user)
    qs = observations_in_scope(scope)
    feed_at = F(filters.order_field)
    if filters.label == ANY_OBJECTION:
        qs = qs.filter(
            id__in=ObservationLabel.objects.filter(label__in=OBJECTION_LABELS).values(
                "observation_id"
            )
        )
    elif filters.label:
        qs = qs.filter(_label_rows(scope, filters))
        feed_at = F(f"labels__note_{filters.order_field}")
    if filters.stale_asset:
        qs = qs.filter(id__in=stale_uses(filters.stale_asset).values("observation_id"))
    if filters.product:
        qs = qs.filter(_products_filter(filters.product))
    if filters.competitor:
        qs = qs.filter(_products_filter(filters.competitor))
    if filters.territory:
        qs = qs.filter(territory_id=filters.territory)
    if filters.rep:
        qs = qs.filter(rep_id=filters.rep)
    if filters.date_from:
        qs = qs.filter(visited_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        qs = qs.filter(visited_at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    if filters.q:
        # Search only the redacted text: searching the raw note would let anyone probe for a
        # patient's name by filtering on it, even though the name is never displayed.
        qs = qs.filter(tagging__redacted_text__icontains=filters.q)
    return qs.annotate(feed_at=feed_at).order_by("-feed_at", "-id")


def _label_rows(scope: ObservationScope, filters: FeedFilters) -> Q:
    """The chosen label's rows, narrowed on their copies of the note's territory and visit
    time as the note is (one ``filter()`` call: one join, at most one row per note)."""
    rows = Q(labels__label=filters.label)
    if scope.territory_ids:
        rows &= Q(labels__note_territory_id__in=scope.territory_ids)
    if filters.territory:
        rows &= Q(labels__note_territory_id=filters.territory)
    if filters.date_from:
        rows &= Q(labels__note_visited_at__gte=_day_start(filters.date_from))
    if filters.date_to:
        rows &= Q(labels__note_visited_at__lt=_day_start(filters.date_to + dt.timedelta(days=1)))
    return rows


def stale_uses(asset_id: int) -> QuerySet[ObservationContent]:
    """Showings of a content asset that were stale by the catalog: any version of an asset no
    longer current, or an older version than the catalog's current one."""
    asset = ContentAsset.objects.filter(pk=asset_id).first()
    uses = ObservationContent.objects.filter(asset_id=asset_id)
    if asset is None:
        return uses.none()
    if asset.status != AssetStatus.CURRENT:
        return uses
    return uses.exclude(version=asset.version)


def _after_cursor(qs: QuerySet[Observation], cursor: str, field: str) -> QuerySet[Observation]:
    at, pk = decode_cursor(cursor, field)
    # The redundant ``feed_at <= c`` lets the database range-scan the index on the sort key;
    # the OR alone would be applied as a filter row by row.
    return qs.filter(Q(feed_at__lte=at) & (Q(feed_at__lt=at) | Q(feed_at=at, id__lt=pk)))


def feed_page(
    user: User,
    filters: FeedFilters,
    *,
    cursor: str | None = None,
    limit: int = FEED_PAGE_SIZE,
    newest: Sequence[Any] | None = None,
) -> FeedPage:
    """One page of the feed, with everything a row shows loaded in a fixed number of queries.

    Two steps: the walk in page order reads ids only (few tables, so planned in well under a
    millisecond, where the same walk joined to everything a row shows took 15-20 ms to plan),
    then the rows are loaded by id. ``newest``: the ids of the feed's first notes in order,
    when the counts already walked them (``FeedCounts.newest``); the first page starts there."""
    with serial_plans():
        qs = feed_queryset(user, filters)
        if cursor:
            qs = _after_cursor(qs, cursor, filters.order_field)
            ids = list(qs.values_list("id", flat=True)[: limit + 1])
        elif newest is not None:
            # The filters stay applied: the ids only say where to look.
            hint = list(newest[: limit + 1])
            matching = set(qs.filter(pk__in=hint).values_list("id", flat=True))
            ids = [pk for pk in hint if pk in matching]
        else:
            ids = list(qs.values_list("id", flat=True)[: limit + 1])
        more = len(ids) > limit
        # Deleted between the walk and the load (a sync in the same instant): left out.
        loaded = with_row_data(Observation.objects.filter(pk__in=ids[:limit], deleted=False))
        by_id = {obs.pk: obs for obs in loaded}
    rows = [by_id[pk] for pk in ids[:limit] if pk in by_id]
    next_cursor = encode_cursor(rows[-1], filters.order_field) if more and rows else None
    return FeedPage(rows, next_cursor)


def with_row_data(qs: QuerySet[Observation]) -> QuerySet[Observation]:
    return qs.select_related("rep", "territory", "hcp", "tagging").prefetch_related(
        "products", "content__asset", "labels"
    )


def feed_iter(user: User, filters: FeedFilters, *, chunk: int = 500) -> Iterator[Observation]:
    """Every observation matching ``filters``, walking keyset pages (for CSV export)."""
    cursor: str | None = None
    while True:
        page = feed_page(user, filters, cursor=cursor, limit=chunk)
        yield from page.observations
        if page.next_cursor is None:
            return
        cursor = page.next_cursor


def feed_observation(user: User, filters: FeedFilters, observation_id: str) -> Observation | None:
    """One observation when it is in scope and matches ``filters`` (for live pushes)."""
    return with_row_data(feed_queryset(user, filters).filter(pk=observation_id)).first()


def observation_for(user: User, observation_id: uuid.UUID | str) -> Observation | None:
    """An observation in ``user``'s scope, with what its page shows; None when out of scope."""
    return (
        with_row_data(observations_visible_to(user))
        .filter(pk=observation_id)
        .prefetch_related("label_corrections__analyst")
        .first()
    )


@dataclass(frozen=True)
class FilterChoices:
    products: list[Product]
    competitors: list[Product]
    territories: list[Territory]
    reps: list[User]


def filter_choices(user: User) -> FilterChoices:
    """What the filter menus offer: only what lies in the user's scope."""
    territories = Territory.objects.all()
    products = Product.objects.filter(company=Company.OWN)
    competitors = Product.objects.filter(company=Company.COMPETITOR)
    if user.role == Role.ANALYST and not user.is_superuser:
        scoped_territories = user.scope_territories.all()
        if scoped_territories.exists():
            territories = scoped_territories
        brands = user.brands.all()
        if brands.exists():
            products = brands.filter(company=Company.OWN)
            # A brand's competitors are the rival products of its therapeutic areas.
            areas = set(brands.values_list("therapeutic_area", flat=True)) - {""}
            competitors = competitors.filter(therapeutic_area__in=areas)
    reps = User.objects.filter(role=Role.REP, territory__in=territories).order_by("username")
    return FilterChoices(
        products=list(products.order_by("name")),
        competitors=list(competitors.order_by("name")),
        territories=list(territories.order_by("code")),
        reps=list(reps),
    )


def recent_window(days: int) -> tuple[dt.date, dt.date]:
    today = timezone.now().date()
    return today - dt.timedelta(days=days - 1), today
