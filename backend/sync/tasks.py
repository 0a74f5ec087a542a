"""Periodic sync housekeeping."""

import datetime as dt

from celery import shared_task
from django.conf import settings

from backend.sync.services import sync_history_prune


@shared_task(name="sync.prune_history")
def prune_history() -> int:
    """Drop delete tombstones older than SYNC_TOMBSTONE_DAYS (devices older than that reset)."""
    return sync_history_prune(older_than=dt.timedelta(days=settings.SYNC_TOMBSTONE_DAYS))
