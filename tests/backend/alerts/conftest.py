"""Fixtures for the alerts tests: webhooks are sent only when a test sends them."""

import importlib
from collections.abc import Iterator

import pytest
from django.db import connection

_triggers = importlib.import_module("backend.audit.migrations.0002_append_only_trigger")


@pytest.fixture(autouse=True)
def _manual_webhook_dispatch(settings):
    # No background thread in tests: a test sends deliveries itself, deterministically.
    settings.ALERTS_WEBHOOK_DISPATCH = "none"


@pytest.fixture
def audit_rows_cleared_after() -> Iterator[None]:
    """Transactional tests end with a flush; on SQLite that is a DELETE, which the audit log's
    append-only trigger refuses, so empty the audit table with the trigger lifted."""
    yield
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in _triggers.SQLITE_DROP:
            cursor.execute(statement)
        cursor.execute("DELETE FROM audit_auditevent")
        for statement in _triggers.SQLITE_CREATE:
            cursor.execute(statement)
