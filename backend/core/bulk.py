"""Multi-row INSERT for the hot write path (sync push).

Django's ``bulk_create`` prepares every value through its field (about 40 µs per row of a
dozen columns), and even psycopg2's ``execute_values`` quotes each value into the statement
(about 27 µs per row of the observation table). At thousands of notes per second that is most
of a request. So on PostgreSQL the rows travel as one JSON document that the server unpacks
with ``json_populate_recordset``: the table's own column types parse each value, and the
client's work is one ``orjson.dumps``. Callers pass plain Python values: ``uuid.UUID``, aware
datetimes, and for a JSON column the dict or list itself; the SQLite path converts them.
"""

import datetime as dt
import uuid
from collections.abc import Mapping, Sequence
from typing import Any

import orjson
from django.db import connection, models


def bulk_insert(
    model: type[models.Model],
    rows: Sequence[Mapping[str, Any]],
    *,
    computed: Mapping[str, str] | None = None,
    suffix: str = "",
) -> None:
    """INSERT ``rows`` (dicts keyed by column, all with the same keys) into ``model``'s table.

    ``computed`` maps further columns to SQL expressions evaluated per row (code, never input);
    ``suffix`` is appended verbatim (e.g. ON CONFLICT ...)."""
    if not rows:
        return
    table = connection.ops.quote_name(model._meta.db_table)
    columns = list(rows[0])
    extra = dict(computed or {})
    names = ", ".join([*columns, *extra])
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            selected = ", ".join([*columns, *extra.values()])
            cursor.execute(
                f"INSERT INTO {table} ({names}) SELECT {selected} "
                f"FROM json_populate_recordset(NULL::{table}, %s) {suffix}",
                [db_json(rows)],
            )
        else:
            marks = ", ".join(["%s"] * len(columns) + list(extra.values()))
            cursor.executemany(
                f"INSERT INTO {table} ({names}) VALUES ({marks}) {suffix}",
                [tuple(_sqlite_value(row[c]) for c in columns) for row in rows],
            )


def _sqlite_value(value: Any) -> Any:
    if isinstance(value, dict | list):
        return db_json(value)
    if isinstance(value, uuid.UUID):
        return value.hex
    if isinstance(value, dt.datetime):
        return connection.ops.adapt_datetimefield_value(value)
    return value


def db_json(value: Any) -> str | None:
    return None if value is None else orjson.dumps(value, default=str).decode()
