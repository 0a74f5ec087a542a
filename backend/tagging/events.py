"""Announcements from tagging, sent only after the transaction that stored the tags commits."""

from django.db import transaction
from django.dispatch import Signal

# Sent with ``observation_id`` (str) and ``rev`` (int) when an observation's tags are stored
# or corrected. Alerts evaluate rules on it; the analyst feed pushes it to open pages.
observation_tagged = Signal()


def announce_observation_tagged(observation_id: str, rev: int) -> None:
    transaction.on_commit(
        lambda: observation_tagged.send(sender=None, observation_id=observation_id, rev=rev),
        robust=True,
    )
