"""Emptying the tables the database refuses to delete from, for transactional tests on SQLite.

Transactional tests end with a flush; SQLite flushes with DELETE, which the append-only
triggers of the audit log and of signals refuse. Empty those tables with the triggers lifted
for that moment, so the flush has nothing to delete there. PostgreSQL flushes with TRUNCATE,
which row triggers do not see: nothing to do there."""

import importlib

from django.db import connection

_audit = importlib.import_module("backend.audit.migrations.0002_append_only_trigger")
_signals = importlib.import_module("backend.alerts.migrations.0003_signal_life")

_TABLES = (
    ("alerts_webhookdelivery", []),
    ("alerts_signalobservation", _signals.SQLITE_CREATE),
    ("alerts_signal", []),
    ("audit_auditevent", _audit.SQLITE_CREATE),
)


def append_only_tables_emptied() -> None:
    if connection.vendor != "sqlite":
        return
    with connection.cursor() as cursor:
        for statement in _audit.SQLITE_DROP + _signals.SQLITE_DROP:
            cursor.execute(statement)
        for table, _ in _TABLES:
            cursor.execute(f"DELETE FROM {table}")  # noqa: S608 - fixed table names
        for statement in _audit.SQLITE_CREATE + _signals.SQLITE_CREATE:
            cursor.execute(statement)
