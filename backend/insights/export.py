"""CSV export of the filtered feed: the same rows, scope and redaction as the page."""

import csv
import io
import logging
from collections.abc import AsyncIterator, Iterator
from typing import Any

from asgiref.sync import sync_to_async

from backend.accounts.models import User
from backend.insights.presenters import FeedRow, display_name, feed_row
from backend.insights.selectors import FeedFilters, feed_iter
from backend.observations.models import Observation

logger = logging.getLogger(__name__)

COLUMNS = [
    "id",
    "received_at",
    "visited_at",
    "territory",
    "rep",
    "hcp",
    "channel",
    "products",
    "competitors",
    "content_shown",
    "labels",
    "corrected_labels",
    "model_version",
    "redaction_pending",
    "text",
]
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _cell(value: Any) -> str:
    """A spreadsheet must not run a note as a formula (CSV injection)."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA_START) else text


def csv_record(obs: Observation) -> list[str]:
    row: FeedRow = feed_row(obs)
    tagging = getattr(obs, "tagging", None)
    values = [
        row.id,
        row.created_at.isoformat(),
        row.visited_at.isoformat(),
        row.territory,
        display_name(obs.rep),
        row.hcp,
        obs.channel,
        "; ".join(row.products),
        "; ".join(row.competitors),
        "; ".join(f"{c.code} v{c.version}" for c in row.content),
        "; ".join(lab.label for lab in row.labels),
        "; ".join(lab.label for lab in row.labels if lab.corrected),
        row.model_version,
        "yes" if tagging is None else "no",
        tagging.redacted_text if tagging is not None else "",
    ]
    return [_cell(v) for v in values]


def csv_lines(user: User, filters: FeedFilters, *, chunk: int = 500) -> Iterator[str]:
    """CSV text in chunks of ``chunk`` rows, header first."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(COLUMNS)
    for n, obs in enumerate(feed_iter(user, filters, chunk=chunk), start=1):
        writer.writerow(csv_record(obs))
        if n % chunk == 0:
            yield buffer.getvalue()
            buffer.seek(0)
            buffer.truncate()
    yield buffer.getvalue()


async def csv_stream(user: User, filters: FeedFilters) -> AsyncIterator[str]:
    """Stream without holding the export in memory; each chunk is read in the sync thread."""
    lines = csv_lines(user, filters)
    while True:
        try:
            piece = await sync_to_async(_next_chunk)(lines)
        except Exception:
            # Headers are already sent, so no error status is possible any more. An exception
            # escaping an async stream left the response open for good (the client waited
            # forever and nothing was logged): log it and end the file with a marker row.
            logger.exception("CSV export failed mid-stream")
            yield "export_failed,the export stopped early; download it again\r\n"
            return
        if piece is None:
            return
        yield piece


def _next_chunk(lines: Iterator[str]) -> str | None:
    return next(lines, None)
