"""Fixtures for the insight pages' tests."""

from collections.abc import Iterator

import pytest

from tests.backend.append_only import append_only_tables_emptied


@pytest.fixture
def audit_rows_cleared_after() -> Iterator[None]:
    """Let a transactional test's flush run on SQLite (see ``tests.backend.append_only``)."""
    yield
    append_only_tables_emptied()
