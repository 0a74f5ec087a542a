"""Settings of the field client, read from the environment once and checked loudly."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

from field_client.errors import UsageError


def _env_int(name: str, default: int, *, minimum: int = 0) -> int:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = int(raw)
    except ValueError:
        raise UsageError(f"{name} must be an integer, got {raw!r}") from None
    if value < minimum:
        raise UsageError(f"{name} must be at least {minimum}, got {value}")
    return value


def _env_float(name: str, default: float) -> float:
    raw = os.environ.get(name)
    if raw is None or raw == "":
        return default
    try:
        value = float(raw)
    except ValueError:
        raise UsageError(f"{name} must be a number, got {raw!r}") from None
    if value < 0:
        raise UsageError(f"{name} must not be negative, got {value}")
    return value


def default_home() -> Path:
    """FIELD_CLIENT_HOME, else ~/.fieldsignal."""
    raw = os.environ.get("FIELD_CLIENT_HOME")
    if raw:
        return Path(raw).expanduser()
    return Path.home() / ".fieldsignal"


@dataclass(frozen=True)
class RetryPolicy:
    """Exponential backoff with full jitter: attempt n waits uniform(0, min(cap, base * 2**n))."""

    attempts: int = 5
    base_delay: float = 0.5
    max_delay: float = 10.0


@dataclass(frozen=True)
class ClientSettings:
    home: Path
    retry: RetryPolicy
    timeout: float
    pull_limit: int
    push_batch: int

    @property
    def db_path(self) -> Path:
        return self.home / "field_client.sqlite3"

    @property
    def lock_path(self) -> Path:
        return self.home / "sync.lock"


def load_settings(home: Path | None = None) -> ClientSettings:
    """Settings from FIELD_CLIENT_* variables; `home` overrides FIELD_CLIENT_HOME."""
    return ClientSettings(
        home=home if home is not None else default_home(),
        retry=RetryPolicy(
            attempts=_env_int("FIELD_CLIENT_RETRY_ATTEMPTS", 5, minimum=1),
            base_delay=_env_float("FIELD_CLIENT_RETRY_BASE", 0.5),
            max_delay=_env_float("FIELD_CLIENT_RETRY_MAX", 10.0),
        ),
        timeout=_env_float("FIELD_CLIENT_TIMEOUT", 30.0),
        # The server caps pull pages at 1,000 and push batches at 500 by default; a 413 or a
        # smaller page is handled, these are only where the client starts.
        pull_limit=_env_int("FIELD_CLIENT_PULL_LIMIT", 1000, minimum=1),
        push_batch=_env_int("FIELD_CLIENT_PUSH_BATCH", 500, minimum=1),
    )
