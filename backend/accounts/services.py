"""Issuing API tokens without letting a burst of logins starve the database pool.

A password check is deliberately slow (PBKDF2, about 0.3-0.7 s of CPU here). Through
``authenticate()`` it ran while the request held a pooled PostgreSQL connection, so 200 logins
at once held every connection for the length of 200 hashes and the rest answered
``503 server_busy``. Here the user row is read, the connection goes back to the pool, and the
hash runs outside it, at most ``PASSWORD_HASH_CONCURRENCY`` at a time (more would only
share the same cores and finish all together, late); the token is then written with a fresh
connection.
"""

import threading
from functools import partial

from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.db import connection, transaction

from backend.accounts.live import access_changed_send
from backend.accounts.models import User
from backend.accounts.tokens import token_key_for

_hashing = threading.BoundedSemaphore(settings.PASSWORD_HASH_CONCURRENCY)


def _release_connection() -> None:
    """Hand the request's connection back to the pool (a no-op inside a transaction)."""
    if not connection.in_atomic_block:
        connection.close()


def token_issue(*, username: str, password: str) -> tuple[User, str] | None:
    """The user and their API token, or None for an unknown user or a wrong password."""
    user = User.objects.select_related("territory").filter(username=username).first()
    _release_connection()
    with _hashing:
        if user is None or not user.is_active:
            # Same cost as a real check, so timing does not tell which usernames exist.
            make_password(password)
            return None
        if not user.check_password(password):  # re-hashes (and saves) an outdated hash
            return None
    return user, token_key_for(user)


def user_access_changed(*, user_id: int, reason: str) -> None:
    """After the current transaction commits, make the user's open sockets recheck their access
    (deactivated, role or scope changed, token deleted)."""
    transaction.on_commit(partial(access_changed_send, user_id=user_id, reason=reason))
