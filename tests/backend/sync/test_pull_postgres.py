"""On PostgreSQL, a change whose transaction commits late is still delivered, never skipped."""

import threading

import pytest
from django.db import connection, connections, transaction

from backend.sync.changelog import ChangeRow, change_append, user_audience
from tests.backend.sync.helpers import Device

pytestmark = pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL")


def _write_in_thread(
    audience: str, entity_id: str, started: threading.Event, release: threading.Event
) -> threading.Thread:
    def run() -> None:
        try:
            with transaction.atomic():
                change_append(
                    [
                        ChangeRow(
                            audience, "observation", entity_id, "upsert", 1, {"note": entity_id}
                        )
                    ]
                )
                started.set()
                release.wait(timeout=30)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


@pytest.mark.django_db(transaction=True)
def test_out_of_order_commits_are_not_skipped(world, api):
    device = Device(api("alice"))
    _, cursor = device.pull_all()
    audience = user_audience(world.alice.pk)
    first_started, first_release = threading.Event(), threading.Event()
    second_started, second_release = threading.Event(), threading.Event()

    # Given T1 takes the earlier sequence number and T2 a later one...
    slow = _write_in_thread(audience, "early-seq-late-commit", first_started, first_release)
    assert first_started.wait(10)
    fast = _write_in_thread(audience, "late-seq-early-commit", second_started, second_release)
    assert second_started.wait(10)
    # ...when T2 commits first and the device pulls while T1 is still open...
    second_release.set()
    fast.join(10)
    seen, cursor = device.pull_all(cursor=cursor)
    # ...then T1 commits and the device pulls again from where it was.
    first_release.set()
    slow.join(10)
    later, _ = device.pull_all(cursor=cursor)

    delivered = [c["id"] for c in seen + later]
    assert sorted(delivered) == ["early-seq-late-commit", "late-seq-early-commit"]
    assert len(delivered) == len(set(delivered))


@pytest.mark.django_db(transaction=True)
def test_a_long_transaction_in_another_database_does_not_hold_pulls_back(world, api):
    # Given a transaction left open in another database of the same cluster (a report, a bulk
    # load), which took its transaction id before our change was written
    import psycopg2

    params = connection.get_connection_params()
    other = psycopg2.connect(**{**params, "dbname": "postgres"})
    try:
        with other.cursor() as cur:
            cur.execute("SELECT pg_current_xact_id()")  # assigns an id and keeps it open
        device = Device(api("alice"))
        change_append(
            [ChangeRow(user_audience(world.alice.pk), "observation", "x1", "upsert", 1, {})]
        )

        # When the device pulls, then the change is delivered at once
        changes, _ = device.pull_all()
        assert "x1" in {c["id"] for c in changes}
    finally:
        other.rollback()
        other.close()
