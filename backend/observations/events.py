"""Announcements other apps react to, sent only after the writing transaction commits."""

from django.db import transaction
from django.dispatch import Signal

# Sent with ``revisions``: list of (observation id as str, rev). Tagging listens and enqueues work.
observations_written = Signal()


def announce_observations_written(revisions: list[tuple[str, int]]) -> None:
    """Tell listeners, once the current transaction commits, that these revisions exist."""
    if revisions:
        transaction.on_commit(
            lambda: observations_written.send(sender=None, revisions=revisions), robust=True
        )
