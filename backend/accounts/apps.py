from django.apps import AppConfig


class AccountsConfig(AppConfig):
    name = "backend.accounts"
    label = "accounts"

    def ready(self) -> None:
        from django.db.models.signals import m2m_changed, post_delete, post_save
        from rest_framework.authtoken.models import Token

        from backend.accounts import receivers
        from backend.accounts.models import User

        # Revoked access closes open WebSockets (backend/accounts/live.py).
        post_save.connect(receivers.user_saved, sender=User, dispatch_uid="access-user-saved")
        post_delete.connect(receivers.user_deleted, sender=User, dispatch_uid="access-user-del")
        post_delete.connect(receivers.token_deleted, sender=Token, dispatch_uid="access-token")
        for field in (User.brands, User.scope_territories):
            m2m_changed.connect(
                receivers.user_scope_changed,
                sender=field.through,
                dispatch_uid=f"access-scope-{field.field.name}",
            )
