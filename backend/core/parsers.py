"""Strict JSON for every API body: bounded depth, no NaN or infinities, no lone surrogates.

``json.loads`` (DRF's default) recurses once per nesting level, so 5,000 ``[`` raise
``RecursionError`` (a 500), and it accepts ``NaN``, ``1e400`` (infinity) and ``"\\ud800"``, which
later fail in the database or the JSON encoder. orjson refuses all of those and is faster;
``check_depth`` bounds nesting far below anything a recursive reader could choke on.
"""

from collections.abc import Mapping
from typing import Any

import orjson
from rest_framework.exceptions import ParseError
from rest_framework.parsers import BaseParser

MAX_DEPTH = 32


def _refused(code: str, message: str, **details: Any) -> Exception:
    # Imported here: backend.core.errors imports rest_framework.views, which loads this module
    # through DEFAULT_PARSER_CLASSES.
    from backend.core.errors import DomainError

    return DomainError(code, message, details=details)


def check_depth(value: Any, limit: int = MAX_DEPTH) -> None:
    """Raise an ``DomainError`` (``body_too_deep``) if ``value`` nests deeper than ``limit`` (iterative)."""
    stack: list[tuple[Any, int]] = [(value, 1)]
    while stack:
        item, depth = stack.pop()
        children = (
            item.values() if isinstance(item, dict) else item if isinstance(item, list) else ()
        )
        if not children:
            continue
        if depth >= limit:
            raise _refused(
                "body_too_deep", f"The body nests deeper than {limit} levels.", limit=limit
            )
        stack.extend((child, depth + 1) for child in children)


def loads_strict(raw: bytes) -> Any:
    """Parse a request body; ``DomainError`` (400) for anything that is not plain, shallow JSON."""
    try:
        value = orjson.loads(raw)
    except orjson.JSONDecodeError as exc:
        code = "body_too_deep" if "depth" in str(exc) else "malformed_json"
        raise _refused(code, f"The body is not valid JSON: {exc}") from exc
    check_depth(value)
    return value


class StrictJSONParser(BaseParser):
    """DRF parser for ``application/json`` built on ``loads_strict``."""

    media_type = "application/json"

    def parse(
        self,
        stream: Any,
        media_type: str | None = None,
        parser_context: Mapping[str, Any] | None = None,
    ) -> Any:
        try:
            raw = stream.read() if stream is not None else b""
        except OSError as exc:  # the client went away mid-body
            raise ParseError("The body could not be read.") from exc
        if not raw:
            return {}
        return loads_strict(raw)
