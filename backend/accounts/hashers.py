"""The password hasher: Django's PBKDF2-SHA256 with an iteration count from the environment."""

from django.conf import settings
from django.contrib.auth.hashers import PBKDF2PasswordHasher


class TunedPBKDF2PasswordHasher(PBKDF2PasswordHasher):
    """Same algorithm name ("pbkdf2_sha256"), so existing hashes keep verifying."""

    @property
    def iterations(self) -> int:  # type: ignore[override]
        return int(settings.PASSWORD_PBKDF2_ITERATIONS)
