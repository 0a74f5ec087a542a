"""Fixtures for the alerts tests: webhooks are sent only when a test sends them."""

from collections.abc import Iterator

import pytest

from tests.backend.append_only import append_only_tables_emptied


@pytest.fixture(autouse=True)
def _manual_webhook_dispatch(settings):
    # No background thread in tests: a test sends deliveries itself, deterministically.
    settings.ALERTS_WEBHOOK_DISPATCH = "none"


@pytest.fixture
def audit_rows_cleared_after() -> Iterator[None]:
    """Let a transactional test's flush run on SQLite (see ``tests.backend.append_only``)."""
    yield
    append_only_tables_emptied()
