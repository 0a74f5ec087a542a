"""Forward observation and tagging announcements (sent after commit) to open feed pages."""

from typing import Any

from backend.insights.events import feed_observation_changed


def on_observations_written(sender: Any, revisions: list[tuple[str, int]], **kwargs: Any) -> None:
    for observation_id, rev in revisions:
        feed_observation_changed(observation_id=str(observation_id), rev=rev, reason="written")


def on_observation_tagged(sender: Any, observation_id: str, rev: int, **kwargs: Any) -> None:
    feed_observation_changed(observation_id=observation_id, rev=rev, reason="tagged")
