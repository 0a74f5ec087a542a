"""Evaluate the rules whenever an observation's tags are stored or corrected."""

import logging
from typing import Any

logger = logging.getLogger(__name__)


def enqueue_evaluation(sender: Any, observation_id: str, rev: int, **kwargs: Any) -> None:
    # Sent after the tagging transaction committed, so the job always finds the tags.
    from backend.alerts.tasks import evaluate_observation
    from backend.core.jobs import dispatch

    try:
        dispatch(evaluate_observation, str(observation_id), rev)
    except Exception:  # broker down: the periodic sweep picks it up
        logger.exception(
            "could not enqueue alert evaluation", extra={"observation": observation_id}
        )
