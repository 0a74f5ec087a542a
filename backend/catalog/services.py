"""Writes to the catalog: importing a catalog file, recording content-asset versions."""

import datetime as dt
from dataclasses import dataclass
from typing import Any

from django.db import transaction

from backend.catalog.models import ContentAsset, ContentAssetVersion, Product
from backend.catalog.validation import CatalogFile, CatalogProblem, catalog_validate
from nlp.content_version import same_version, version_sort, version_text


class CatalogInvalid(Exception):
    def __init__(self, problems: list[CatalogProblem]) -> None:
        super().__init__(f"{len(problems)} problem(s) in the catalog")
        self.problems = problems


@dataclass
class ImportSummary:
    created: int = 0
    updated: int = 0
    unchanged: int = 0
    new_versions: int = 0


def _product_values(entry: dict[str, Any]) -> dict[str, Any]:
    return {
        "aliases": list(entry.get("aliases", [])),
        "company": entry["company"],
        "therapeutic_area": entry.get("therapeutic_area", ""),
        "indication": entry.get("indication", ""),
    }


def _asset_values(entry: dict[str, Any], products: dict[str, Product]) -> dict[str, Any]:
    until = entry.get("valid_until")
    return {
        "title": entry["title"],
        "product": products[entry["product"]],
        "version": version_text(entry["version"]),
        "status": entry["status"],
        "valid_until": dt.date.fromisoformat(until) if until else None,
    }


def _same(key: str, old: Any, new: Any) -> bool:
    # "v4" re-imported as "4" is the same version: keep the text first imported.
    return same_version(old, new) if key == "version" else bool(old == new)


def _upsert(
    model: Any, lookup: dict[str, Any], values: dict[str, Any], summary: ImportSummary
) -> Any:
    """Create or update one row, saving only when a value really changed (so re-imports are no-ops)."""
    instance = model.objects.filter(**lookup).first()
    if instance is None:
        summary.created += 1
        return model.objects.create(**lookup, **values)
    changed = [k for k, v in values.items() if not _same(k, getattr(instance, k), v)]
    if not changed:
        summary.unchanged += 1
        return instance
    for key in changed:
        setattr(instance, key, values[key])
    instance.save()
    summary.updated += 1
    return instance


def _record_version(asset: ContentAsset, summary: ImportSummary) -> None:
    key = version_sort(asset.version)
    _, created = ContentAssetVersion.objects.get_or_create(
        asset=asset,
        version_sort=key,
        defaults={
            "version": asset.version,
            "title": asset.title,
            "status": asset.status,
            "valid_until": asset.valid_until,
        },
    )
    if created:
        summary.new_versions += 1
        return
    # The same version can change status (current -> superseded) or validity; keep that history too.
    ContentAssetVersion.objects.filter(asset=asset, version_sort=key).exclude(
        status=asset.status, valid_until=asset.valid_until
    ).update(status=asset.status, valid_until=asset.valid_until, title=asset.title)


def catalog_import(*, raw: Any) -> ImportSummary:
    """Validate the whole catalog, then import it in one transaction; nothing is written if invalid."""
    known = set(Product.objects.values_list("name", flat=True))
    catalog, problems = catalog_validate(raw, known_products=known)
    if problems:
        raise CatalogInvalid(problems)
    return _apply(catalog)


@transaction.atomic
def _apply(catalog: CatalogFile) -> ImportSummary:
    summary = ImportSummary()
    for entry in catalog.products:
        _upsert(Product, {"name": entry["name"]}, _product_values(entry), summary)
    products = {p.name: p for p in Product.objects.all()}
    for entry in catalog.content_assets:
        asset = _upsert(
            ContentAsset, {"code": entry["code"]}, _asset_values(entry, products), summary
        )
        _record_version(asset, summary)
    return summary
