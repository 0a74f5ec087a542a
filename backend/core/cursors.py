"""The one opaque-cursor codec: sync pull, the signal feed and the analyst feed pages.

A cursor is URL-safe base64 (unpadded) of a small JSON object with a version ``v``; clients
store it and hand it back, never read it. Decoding checks the shape strictly, so an edited,
truncated or foreign cursor is the client error ``invalid_cursor``, never a server error.
"""

import base64
import binascii
import json
from typing import Any

from backend.core.errors import DomainError

VERSION = 1
_MAX_CHARS = 1024
_BIGINT = 2**63


def cursor_encode(fields: dict[str, Any]) -> str:
    raw = json.dumps({"v": VERSION, **fields}, separators=(",", ":"), sort_keys=True)
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


def cursor_decode(
    token: str, *, ints: tuple[str, ...] = (), texts: tuple[str, ...] = ()
) -> dict[str, Any]:
    """The fields of a cursor this server issued: ``ints`` are database bigints (never a float,
    bool or 1e400), ``texts`` strings. Anything else raises ``invalid_cursor``."""
    try:
        if len(token) > _MAX_CHARS:
            raise ValueError("too long")
        raw = json.loads(base64.urlsafe_b64decode((token + "=" * (-len(token) % 4)).encode()))
        if not isinstance(raw, dict) or raw.get("v") != VERSION:
            raise ValueError("version")
        for name in ints:
            value = raw.get(name)
            if isinstance(value, bool) or not isinstance(value, int) or not 0 <= value < _BIGINT:
                raise ValueError(name)
        for name in texts:
            if not isinstance(raw.get(name), str):
                raise ValueError(name)
    except (ValueError, TypeError, binascii.Error, UnicodeDecodeError) as exc:
        raise DomainError("invalid_cursor", "The cursor is not one this server issued.") from exc
    return raw
