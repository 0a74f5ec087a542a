"""Pushing feed changes to open analyst pages over the channel layer.

One group carries every change; each consumer decides, with the same selector the page uses,
whether its user may see the observation and whether it matches the page's filters. That keeps
scope in one place (``observations_visible_to``) instead of a second copy in group names.
"""

import logging

from asgiref.sync import async_to_sync
from channels.layers import get_channel_layer

logger = logging.getLogger(__name__)

FEED_GROUP = "insights.feed"


def feed_observations_changed(*, observation_ids: list[str], reason: str) -> None:
    """Tell every open feed page that these observations changed (``reason``: written | tagged).

    One message per batch, not per note: a sync push of 500 notes must not cost 500 round trips
    to the channel layer inside the request that made them."""
    layer = get_channel_layer()
    if layer is None or not observation_ids:
        return
    try:
        async_to_sync(layer.group_send)(
            FEED_GROUP,
            {"type": "feed.observation", "observation_ids": observation_ids, "reason": reason},
        )
    except Exception:  # a live page missing one update must never fail the write behind it
        logger.exception("feed push failed", extra={"count": len(observation_ids)})


def feed_observation_changed(*, observation_id: str, rev: int, reason: str) -> None:
    """Tell every open feed page that this observation changed."""
    feed_observations_changed(observation_ids=[observation_id], reason=reason)
