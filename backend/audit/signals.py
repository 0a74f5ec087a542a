"""Audit every save and delete of the tracked models, whichever door the change came through.

Bulk operations bypass signals; the services that use them (sync) write audit rows themselves.
"""

from typing import Any

from django.apps import apps
from django.db import models
from django.db.models.signals import m2m_changed, post_delete, post_save, pre_save

from backend.audit.services import audit_record, snapshot

TRACKED = (
    "accounts.User",
    "catalog.Territory",
    "catalog.HCP",
    "catalog.Product",
    "catalog.ContentAsset",
    "alerts.Rule",
)
_BEFORE = "_audit_before"
# Logins touch last_login only; that is not a change of the user worth an audit row.
_IGNORED_ONLY = {"last_login"}


def _entity(sender: type[models.Model]) -> str:
    return sender._meta.label_lower


def _stash_before(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    before = None
    if instance.pk is not None:
        old = sender._default_manager.filter(pk=instance.pk).first()
        before = snapshot(old) if old is not None else None
    setattr(instance, _BEFORE, before)


def _record_save(
    sender: type[models.Model], instance: models.Model, created: bool, **kwargs: Any
) -> None:
    if kwargs.get("raw"):
        return
    update_fields = kwargs.get("update_fields")
    if update_fields and set(update_fields) <= _IGNORED_ONLY:
        return
    before = getattr(instance, _BEFORE, None)
    after = snapshot(instance)
    if not created and before == after:
        return
    audit_record(
        entity=_entity(sender),
        entity_id=instance.pk,
        action="create" if created else "update",
        before=None if created else before,
        after=after,
    )


def _record_delete(sender: type[models.Model], instance: models.Model, **kwargs: Any) -> None:
    audit_record(
        entity=_entity(sender),
        entity_id=instance.pk,
        action="delete",
        before=snapshot(instance),
        after=None,
    )


def _record_m2m(sender: Any, instance: models.Model, action: str, **kwargs: Any) -> None:
    if action not in {"post_add", "post_remove", "post_clear"}:
        return
    field = next(
        (
            f.name
            for f in instance._meta.many_to_many
            if getattr(f.remote_field, "through", None) is sender
        ),
        "relation",
    )
    audit_record(
        entity=instance._meta.label_lower,
        entity_id=instance.pk,
        action="update",
        before=None,
        after={
            "field": field,
            "change": action.removeprefix("post_"),
            "ids": sorted(kwargs.get("pk_set") or []),
        },
    )


def connect() -> None:
    for label in TRACKED:
        try:
            model = apps.get_model(label)
        except LookupError:  # an app not installed yet
            continue
        uid = f"audit-{label}"
        pre_save.connect(_stash_before, sender=model, dispatch_uid=f"{uid}-pre")
        post_save.connect(_record_save, sender=model, dispatch_uid=f"{uid}-post")
        post_delete.connect(_record_delete, sender=model, dispatch_uid=f"{uid}-del")
        for m2m in model._meta.many_to_many:
            through = m2m.remote_field.through  # type: ignore[union-attr]
            m2m_changed.connect(_record_m2m, sender=through, dispatch_uid=f"{uid}-{m2m.name}")
