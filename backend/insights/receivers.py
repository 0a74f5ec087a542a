"""Forward observation and tagging announcements (sent after commit) to open feed pages."""

from typing import Any

from backend.insights.events import feed_observation_changed, feed_observations_changed


def on_observations_written(sender: Any, revisions: list[tuple[str, int]], **kwargs: Any) -> None:
    feed_observations_changed(observation_ids=[str(pk) for pk, _ in revisions], reason="written")


def on_observation_tagged(sender: Any, observation_id: str, rev: int, **kwargs: Any) -> None:
    feed_observation_changed(observation_id=observation_id, rev=rev, reason="tagged")
