"""Publish reference-data changes to the sync change log, whichever door they came through.

HCPs go to their territory's audience (a move is a delete for the old territory and an upsert
for the new one); products and content assets go to everyone.
"""

from typing import Any

from django.db.models.signals import post_delete, post_save, pre_save

from backend.catalog.models import HCP, ContentAsset, Product
from backend.core.events import rep_alert_changed
from backend.sync.changelog import (
    GLOBAL,
    ChangeRow,
    change_append,
    territory_audience,
    user_audience,
)


def hcp_data(hcp: HCP) -> dict[str, Any]:
    return {
        "external_id": hcp.external_id,
        "name": hcp.name,
        "specialty": hcp.specialty,
        "institution": hcp.institution,
        "territory": hcp.territory.code,
    }


def product_data(product: Product) -> dict[str, Any]:
    return {
        "name": product.name,
        "aliases": product.aliases,
        "company": product.company,
        "therapeutic_area": product.therapeutic_area,
        "indication": product.indication,
    }


def content_asset_data(asset: ContentAsset) -> dict[str, Any]:
    return {
        "code": asset.code,
        "title": asset.title,
        "product": str(asset.product_id),
        "product_name": asset.product.name,
        "version": asset.version,
        "status": asset.status,
        "valid_until": asset.valid_until.isoformat() if asset.valid_until else None,
    }


def _hcp_before(sender: Any, instance: HCP, **kwargs: Any) -> None:
    old = (
        HCP.objects.filter(pk=instance.pk).values_list("territory_id", flat=True).first()
        if instance.pk
        else None
    )
    instance._sync_old_territory = old  # type: ignore[attr-defined]


def _hcp_saved(sender: Any, instance: HCP, **kwargs: Any) -> None:
    rows = [
        ChangeRow(
            territory_audience(instance.territory_id),
            "hcp",
            str(instance.pk),
            "upsert",
            0,
            hcp_data(instance),
        )
    ]
    old = getattr(instance, "_sync_old_territory", None)
    if old is not None and old != instance.territory_id:
        rows.append(ChangeRow(territory_audience(old), "hcp", str(instance.pk), "delete", 0, None))
    change_append(rows)


def _hcp_deleted(sender: Any, instance: HCP, **kwargs: Any) -> None:
    change_append(
        [
            ChangeRow(
                territory_audience(instance.territory_id),
                "hcp",
                str(instance.pk),
                "delete",
                0,
                None,
            )
        ]
    )


def _product_saved(sender: Any, instance: Product, **kwargs: Any) -> None:
    change_append(
        [ChangeRow(GLOBAL, "product", str(instance.pk), "upsert", 0, product_data(instance))]
    )


def _asset_saved(sender: Any, instance: ContentAsset, **kwargs: Any) -> None:
    change_append(
        [
            ChangeRow(
                GLOBAL,
                "content_asset",
                str(instance.pk),
                "upsert",
                0,  # reference data: devices replace it whole, its rev carries nothing
                content_asset_data(instance),
            )
        ]
    )


def _global_deleted(entity: str) -> Any:
    def handler(sender: Any, instance: Any, **kwargs: Any) -> None:
        change_append([ChangeRow(GLOBAL, entity, str(instance.pk), "delete", 0, None)])

    return handler


_product_deleted = _global_deleted("product")
_asset_deleted = _global_deleted("content_asset")


def _rep_alert_changed(
    sender: Any, alert_id: str, revision: int, per_rep: dict[int, dict[str, Any]], **kwargs: Any
) -> None:
    change_append(
        ChangeRow(user_audience(rep_id), "alert", alert_id, "upsert", revision, data)
        for rep_id, data in per_rep.items()
    )


def connect() -> None:
    rep_alert_changed.connect(_rep_alert_changed, dispatch_uid="sync-rep-alert")
    pre_save.connect(_hcp_before, sender=HCP, dispatch_uid="sync-hcp-pre")
    post_save.connect(_hcp_saved, sender=HCP, dispatch_uid="sync-hcp")
    post_delete.connect(_hcp_deleted, sender=HCP, dispatch_uid="sync-hcp-del")
    post_save.connect(_product_saved, sender=Product, dispatch_uid="sync-product")
    post_delete.connect(_product_deleted, sender=Product, dispatch_uid="sync-product-del")
    post_save.connect(_asset_saved, sender=ContentAsset, dispatch_uid="sync-asset")
    post_delete.connect(_asset_deleted, sender=ContentAsset, dispatch_uid="sync-asset-del")
