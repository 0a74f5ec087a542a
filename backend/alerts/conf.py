"""Alerts settings, read from Django settings first (tests override there), then the environment."""

from typing import Any

from django.conf import settings

from backend.env import ImproperEnvironment, env_int, env_str

_DISPATCH_MODES = {"celery", "thread", "worker", "none"}


def _setting(name: str, default: Any) -> Any:
    return getattr(settings, name, default)


def webhook_dispatch() -> str:
    """Who sends deliveries and escalates: ``celery`` (tasks and beat), ``thread`` (the embedded
    server's ``alerts-loop`` thread, never the request thread), ``worker`` (a separate
    ``manage.py alerts_worker``) or ``none`` (nothing: tests send deliveries themselves)."""
    fallback = "thread" if settings.CELERY_TASK_ALWAYS_EAGER else "celery"
    mode = _setting("ALERTS_WEBHOOK_DISPATCH", env_str("ALERTS_WEBHOOK_DISPATCH", fallback))
    if mode not in _DISPATCH_MODES:
        raise ImproperEnvironment(f"ALERTS_WEBHOOK_DISPATCH={mode!r}: use one of {_DISPATCH_MODES}")
    return str(mode)


def max_attempts() -> int:
    return int(
        _setting(
            "ALERTS_WEBHOOK_MAX_ATTEMPTS", env_int("ALERTS_WEBHOOK_MAX_ATTEMPTS", 8, minimum=1)
        )
    )


def backoff_base_seconds() -> int:
    return int(
        _setting(
            "ALERTS_WEBHOOK_BACKOFF_BASE", env_int("ALERTS_WEBHOOK_BACKOFF_BASE", 10, minimum=1)
        )
    )


def backoff_max_seconds() -> int:
    return int(
        _setting(
            "ALERTS_WEBHOOK_BACKOFF_MAX", env_int("ALERTS_WEBHOOK_BACKOFF_MAX", 3600, minimum=1)
        )
    )


def timeout_seconds() -> int:
    return int(_setting("ALERTS_WEBHOOK_TIMEOUT", env_int("ALERTS_WEBHOOK_TIMEOUT", 10, minimum=1)))


def lease_seconds() -> int:
    """How long a claimed delivery stays claimed; a worker that died frees it after this."""
    return max(timeout_seconds() * 3, 30)


def dry_run_max_days() -> int:
    return int(
        _setting("ALERTS_DRY_RUN_MAX_DAYS", env_int("ALERTS_DRY_RUN_MAX_DAYS", 366, minimum=1))
    )


def dry_run_max_observations() -> int:
    return int(
        _setting(
            "ALERTS_DRY_RUN_MAX_OBSERVATIONS",
            env_int("ALERTS_DRY_RUN_MAX_OBSERVATIONS", 20000, minimum=1),
        )
    )
