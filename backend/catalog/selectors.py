"""Reads of reference data, scoped to what each role may see."""

from django.db.models import QuerySet

from backend.accounts.models import Role, User
from backend.catalog.models import HCP, ContentAsset, Product
from nlp.label_reader import read_indication


def hcps_visible_to(user: User) -> QuerySet[HCP]:
    hcps = HCP.objects.select_related("territory")
    if user.role == Role.REP:
        return hcps.filter(territory_id=user.territory_id) if user.territory_id else hcps.none()
    if user.role == Role.ANALYST:
        return hcps.filter(territory__in=user.scope_territories.all())
    return hcps


def products_visible_to(user: User) -> QuerySet[Product]:
    # Product and content catalogs are company-wide reference data: every role may read them.
    return Product.objects.all()


def content_assets_visible_to(user: User) -> QuerySet[ContentAsset]:
    return ContentAsset.objects.select_related("product")


def label_constraints(*, indication: str) -> list[str]:
    """What the tagger's label reader understands of an indication, one line per constraint
    (e.g. "population: age >= 12"); empty when it understands nothing."""
    return read_indication(indication or "").describe()
