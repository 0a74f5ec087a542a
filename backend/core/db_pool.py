"""The per-process PostgreSQL connection pool (see ``DB_POOL_SIZE`` in settings), made fork-safe.

A Celery prefork worker forks its children from a parent that may have touched the database.
A child must never use, close or garbage-collect a pooled connection it inherited: the socket
is shared with the parent, and closing it from the child ends the parent's session too. So a
child starts with an empty pool and keeps a reference to the inherited ones that it never lets
go of.
"""

import os
from typing import Any

_inherited: list[dict[str, Any]] = []


def _forget_inherited_pools() -> None:
    from dj_db_conn_pool.core import pool_container

    if pool_container:
        _inherited.append(dict(pool_container))
        pool_container.clear()


def install_fork_guard() -> None:
    """Give every forked child an empty pool; called once per process at app start."""
    os.register_at_fork(after_in_child=_forget_inherited_pools)
