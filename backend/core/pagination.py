"""Limit/offset pages with bounds: an unbounded ``?limit=`` or ``?offset=`` of 2**63 overflows
the database's integer in the LIMIT/OFFSET clause (a 500 on SQLite, an error on PostgreSQL)."""

from rest_framework.pagination import LimitOffsetPagination
from rest_framework.request import Request

from backend.core.errors import DomainError

MAX_OFFSET = 2**31 - 1


def _non_negative(raw: str, name: str) -> int:
    if not (raw.isascii() and raw.isdigit()) or len(raw) > 18:
        raise DomainError(f"invalid_{name}", f"{name} must be a non-negative integer.")
    return int(raw)


class BoundedLimitOffsetPagination(LimitOffsetPagination):
    """DRF's limit/offset with a maximum page and offset, and a 400 for anything not a number."""

    max_limit = 1000

    def get_limit(self, request: Request) -> int | None:
        raw = request.query_params.get(self.limit_query_param)
        if raw in (None, ""):
            return self.default_limit
        value = _non_negative(str(raw), "limit")
        if value < 1:
            raise DomainError("invalid_limit", "limit must be a positive integer.")
        return min(value, self.max_limit)

    def get_offset(self, request: Request) -> int:
        raw = request.query_params.get(self.offset_query_param)
        if raw in (None, ""):
            return 0
        value = _non_negative(str(raw), "offset")
        if value > MAX_OFFSET:
            raise DomainError("invalid_offset", f"offset must be at most {MAX_OFFSET}.")
        return value
