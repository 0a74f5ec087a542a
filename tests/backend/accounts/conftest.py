"""Fixtures shared with the alerts tests (transactional tests that write audit rows)."""

from tests.backend.alerts.conftest import audit_rows_cleared_after  # noqa: F401
