"""API tokens are DRF's ``authtoken`` model; this is the one place services reach it from."""

from rest_framework.authtoken.models import Token

from backend.accounts.models import User


def token_key_for(user: User) -> str:
    """The user's API token (one per user), made on first use."""
    token, _ = Token.objects.get_or_create(user=user)
    return str(token.key)
