"""Fixtures for the insight pages' tests."""

import importlib
from collections.abc import Iterator

import pytest
from django.db import connection

_triggers = importlib.import_module("backend.audit.migrations.0002_append_only_trigger")


@pytest.fixture
def audit_rows_cleared_after() -> Iterator[None]:
    """Transactional tests end with a flush; SQLite flushes with DELETE, which the audit log's
    append-only trigger refuses. Empty the audit table (trigger lifted for that one statement)
    so the flush has nothing to delete there. PostgreSQL flushes with TRUNCATE: nothing to do."""
    yield
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in _triggers.SQLITE_DROP:
            cursor.execute(statement)
        cursor.execute("DELETE FROM audit_auditevent")
        for statement in _triggers.SQLITE_CREATE:
            cursor.execute(statement)
