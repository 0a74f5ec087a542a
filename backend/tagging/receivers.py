"""Start tagging whenever observation revisions are committed."""

import logging
from typing import Any

logger = logging.getLogger(__name__)


def enqueue_tagging(sender: Any, revisions: list[tuple[str, int]], **kwargs: Any) -> None:
    from backend.core.jobs import dispatch
    from backend.tagging.tasks import tag_observations

    try:
        dispatch(tag_observations, [list(item) for item in revisions])
    except Exception:  # broker down: the periodic sweep picks these up
        logger.exception("could not enqueue tagging", extra={"count": len(revisions)})
