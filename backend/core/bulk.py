"""Multi-row INSERT for the hot write path (sync push).

Django's ``bulk_create`` prepares every value through its field (about 40 µs per row of a
dozen columns); at thousands of notes per second that is most of the request. Callers here
pass values already in database form (str UUIDs, aware datetimes, JSON text).
"""

from collections.abc import Sequence
from typing import Any

import orjson
from django.db import connection

PAGE = 1000


def bulk_insert(
    table: str, columns: Sequence[str], rows: Sequence[Sequence[Any]], *, suffix: str = ""
) -> None:
    """INSERT ``rows`` into ``table``; ``suffix`` is appended verbatim (e.g. ON CONFLICT ...)."""
    if not rows:
        return
    cols = ", ".join(columns)
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            from psycopg2.extras import execute_values

            execute_values(
                cursor.cursor,  # the psycopg2 cursor under Django's wrapper
                f"INSERT INTO {table} ({cols}) VALUES %s {suffix}",
                rows,
                page_size=PAGE,
            )
        else:
            marks = ", ".join(["%s"] * len(columns))
            cursor.executemany(f"INSERT INTO {table} ({cols}) VALUES ({marks}) {suffix}", rows)


def db_uuid(value: Any) -> str | None:
    """A UUID as the backend stores it (native uuid on PostgreSQL, 32 hex chars on SQLite)."""
    if value is None:
        return None
    text = str(value)
    return text if connection.features.has_native_uuid_field else text.replace("-", "")


def db_datetime(value: Any) -> Any:
    return connection.ops.adapt_datetimefield_value(value)


def db_json(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value, default=str).decode()
