"""Model signals that end live access: wired in ``AccountsConfig.ready``."""

from typing import Any

from backend.accounts.models import User
from backend.accounts.services import user_access_changed


def user_saved(sender: Any, instance: User, created: bool, **kwargs: Any) -> None:
    update_fields = kwargs.get("update_fields")
    if created or (update_fields is not None and set(update_fields) <= {"last_login"}):
        return  # a login stamp changes no access
    user_access_changed(user_id=instance.pk, reason="user_updated")


def user_deleted(sender: Any, instance: User, **kwargs: Any) -> None:
    user_access_changed(user_id=instance.pk, reason="user_deleted")


def user_scope_changed(sender: Any, instance: Any, action: str, **kwargs: Any) -> None:
    if action in {"post_add", "post_remove", "post_clear"} and isinstance(instance, User):
        user_access_changed(user_id=instance.pk, reason="scope_changed")


def token_deleted(sender: Any, instance: Any, **kwargs: Any) -> None:
    user_access_changed(user_id=instance.user_id, reason="token_deleted")
