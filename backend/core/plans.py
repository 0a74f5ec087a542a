"""Query plans for short, early-stopping reads."""

import contextlib
from collections.abc import Iterator

from django.db import connection, transaction


@contextlib.contextmanager
def serial_plans() -> Iterator[None]:
    """Run the enclosed queries without parallel workers (PostgreSQL; a no-op elsewhere).

    For walks that stop after a page: the planner, not knowing where the matches lie, may split
    such a walk across workers, which then each read ahead and are merged. On the 1M-note
    feed bench a label, product and dates page took 58 ms that way and 7 ms in one process;
    starting workers also costs most on a busy host. One transaction, so ``SET LOCAL`` ends
    with it."""
    with transaction.atomic():
        if connection.vendor == "postgresql":
            with connection.cursor() as cursor:
                cursor.execute("SET LOCAL max_parallel_workers_per_gather = 0")
        yield
