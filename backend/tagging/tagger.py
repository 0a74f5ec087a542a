"""The process-wide NLP tagger, loaded once and given the catalog as it is in the database."""

import threading
from typing import Any

from django.conf import settings
from django.db.models import Count, Max

from backend.catalog.models import ContentAsset, Product

_lock = threading.Lock()
_cached: tuple[tuple[Any, ...], Any] | None = None


def catalog_as_dict() -> dict[str, Any]:
    """The catalog in the DESIGN.md format the NLP pipeline reads."""
    return {
        "products": [
            {
                "name": p.name,
                "aliases": p.aliases,
                "company": p.company,
                "therapeutic_area": p.therapeutic_area,
                "indication": p.indication,
            }
            for p in Product.objects.all()
        ],
        "content_assets": [
            {
                "code": a.code,
                "title": a.title,
                "product": a.product.name,
                "version": a.version,
                "status": a.status,
                "valid_until": a.valid_until.isoformat() if a.valid_until else None,
            }
            for a in ContentAsset.objects.select_related("product")
        ],
    }


def _catalog_fingerprint() -> tuple[Any, ...]:
    products = Product.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    assets = ContentAsset.objects.aggregate(n=Count("id"), at=Max("updated_at"))
    return (products["n"], products["at"], assets["n"], assets["at"])


def get_tagger() -> Any:
    """The loaded tagger, with its catalog refreshed when the catalog in the database changed."""
    global _cached
    from pathlib import Path

    from nlp.api import load_tagger

    fingerprint = _catalog_fingerprint()
    with _lock:
        if _cached is None:
            model_dir = (
                Path(settings.FIELDSIGNAL_NLP_MODEL) if settings.FIELDSIGNAL_NLP_MODEL else None
            )
            _cached = (fingerprint, load_tagger(model_dir=model_dir, catalog=catalog_as_dict()))
        elif _cached[0] != fingerprint:
            _cached[1].set_catalog(catalog_as_dict())
            _cached = (fingerprint, _cached[1])
        return _cached[1]


def reset_tagger() -> None:
    """Forget the loaded tagger (tests, or after installing a new model)."""
    global _cached
    with _lock:
        _cached = None
