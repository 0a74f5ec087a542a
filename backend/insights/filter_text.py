"""Feed filters in words, for people: names of products, territories, reps and content, never
their database ids (a saved view's list and the feed's stale-content notice show them)."""

from dataclasses import replace

from django.http import QueryDict

from backend.accounts.models import User
from backend.catalog.models import ContentAsset, Product, Territory
from backend.core.labels import label_phrase
from backend.insights.forms import feed_filters_from
from backend.insights.selectors import ANY_OBJECTION, FeedFilters, FilterChoices


def _product(pk: int) -> str:
    product = Product.objects.filter(pk=pk).only("name").first()
    return product.name if product else "a product no longer in the catalog"


def _territory(pk: int) -> str:
    territory = Territory.objects.filter(pk=pk).only("code", "name").first()
    return f"{territory.code} — {territory.name}" if territory else "a territory that is gone"


def _rep(pk: int) -> str:
    rep = User.objects.filter(pk=pk).only("username", "first_name", "last_name").first()
    if rep is None:
        return "a rep who is gone"
    full = rep.get_full_name()
    return f"{full} ({rep.username})" if full else rep.username


def asset_name(pk: int) -> str:
    """A content asset as analysts know it: its code, e.g. ``LPZ-ACC-01``."""
    asset = ContentAsset.objects.filter(pk=pk).only("code").first()
    return asset.code if asset else "an asset no longer in the catalog"


def _label(label: str) -> str:
    return "any objection" if label == ANY_OBJECTION else label_phrase(label)


def filters_described(filters: FeedFilters) -> list[tuple[str, str]]:
    """(what, value) pairs for the filters that are set, in the feed form's order."""
    parts: list[tuple[str, str]] = []
    if filters.q:
        parts.append(("text", f"“{filters.q}”"))
    if filters.label:
        parts.append(("label", _label(filters.label)))
    if filters.product:
        parts.append(("product", _product(filters.product)))
    if filters.competitor:
        parts.append(("competitor", _product(filters.competitor)))
    if filters.territory:
        parts.append(("territory", _territory(filters.territory)))
    if filters.rep:
        parts.append(("rep", _rep(filters.rep)))
    if filters.date_from or filters.date_to:
        start = filters.date_from.strftime("%d %b %Y") if filters.date_from else "the start"
        end = filters.date_to.strftime("%d %b %Y") if filters.date_to else "today"
        parts.append(("visited", f"{start} to {end}"))
    if filters.stale_asset:
        parts.append(("stale version of", asset_name(filters.stale_asset)))
    return parts


def query_described(query: str) -> list[tuple[str, str]]:
    """A saved view's stored query string, in words."""
    filters, _ = feed_filters_from(QueryDict(query or ""))
    return filters_described(filters)


def filters_outside(filters: FeedFilters, choices: FilterChoices) -> list[tuple[str, str, str]]:
    """(field, what, name) for each filter naming something outside the user's menus.

    A view another analyst shared can filter on a brand or territory this user cannot see: the
    menus cannot show that choice, so the page must name it rather than show an unexplained 0.
    """
    offered = {
        "product": {p.pk for p in choices.products},
        "competitor": {p.pk for p in choices.competitors},
        "territory": {t.pk for t in choices.territories},
        "rep": {r.pk for r in choices.reps},
    }
    names = {"product": _product, "competitor": _product, "territory": _territory, "rep": _rep}
    outside = []
    for field, allowed in offered.items():
        value = getattr(filters, field)
        if value and value not in allowed:
            outside.append((field, field, names[field](value)))
    return outside


def filters_inside(filters: FeedFilters, outside: list[tuple[str, str, str]]) -> FeedFilters:
    """``filters`` without the ones ``filters_outside`` named."""
    gone = {field for field, _, _ in outside}
    return replace(
        filters,
        product=None if "product" in gone else filters.product,
        competitor=None if "competitor" in gone else filters.competitor,
        territory=None if "territory" in gone else filters.territory,
        rep=None if "rep" in gone else filters.rep,
    )
