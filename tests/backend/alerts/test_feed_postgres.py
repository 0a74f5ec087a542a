"""On PostgreSQL, a signal whose transaction commits late is still delivered, never skipped."""

import threading

import pytest
from django.db import connection, connections, transaction

from backend.alerts.rule_services import rule_create
from backend.alerts.rules.base import SignalDraft
from backend.alerts.selectors import signal_feed
from backend.alerts.services import signal_store

pytestmark = [
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs PostgreSQL"),
    pytest.mark.django_db(transaction=True),
    pytest.mark.usefixtures("audit_rows_cleared_after"),
]


def _draft(key: str) -> SignalDraft:
    return SignalDraft(
        dedupe_key=key,
        group_key=key,
        type="objection",
        severity="info",
        title=key,
        message="",
        observation_ids=[],
        evidence_labels=(),
        addressed_to=[],
    )


def _raise_in_thread(version_id, key, started, release, outcomes=None) -> threading.Thread:
    def run() -> None:
        try:
            with transaction.atomic():
                _, created = signal_store(draft=_draft(key), rule_version_id=version_id)
                started.set()
                release.wait(timeout=30)
            if outcomes is not None:
                outcomes.append(created)
        except Exception as exc:  # recorded for the test to see
            if outcomes is not None:
                outcomes.append(exc)
        finally:
            connections.close_all()

    thread = threading.Thread(target=run)
    thread.start()
    return thread


def test_out_of_order_commits_are_not_skipped(world):
    version = rule_create(name="r", kind="objection_threshold").versions.get()
    cursor = signal_feed(user=world.orchestrator, cursor=None, limit=10)["cursor"]
    slow_started, slow_release = threading.Event(), threading.Event()
    fast_started, fast_release = threading.Event(), threading.Event()

    # Given T1 takes the earlier sequence number and T2 a later one...
    slow = _raise_in_thread(version.pk, "early-seq-late-commit", slow_started, slow_release)
    assert slow_started.wait(10)
    fast = _raise_in_thread(version.pk, "late-seq-early-commit", fast_started, fast_release)
    assert fast_started.wait(10)
    # ...when T2 commits first and the engine reads while T1 is still open...
    fast_release.set()
    fast.join(10)
    first = signal_feed(user=world.orchestrator, cursor=cursor, limit=10)
    # ...then T1 commits and the engine reads again from where it was.
    slow_release.set()
    slow.join(10)
    second = signal_feed(user=world.orchestrator, cursor=first["cursor"], limit=10)

    delivered = [s["dedupe_key"] for s in first["signals"] + second["signals"]]
    assert sorted(delivered) == ["early-seq-late-commit", "late-seq-early-commit"]


def test_two_workers_raising_the_same_key_at_once_make_one_signal(world):
    from backend.alerts.models import Signal

    version = rule_create(name="r", kind="objection_threshold").versions.get()
    first_started, first_release = threading.Event(), threading.Event()
    second_started, second_release = threading.Event(), threading.Event()

    # Given one worker has inserted the key and not committed yet...
    outcomes: list = []
    first = _raise_in_thread(version.pk, "same-key", first_started, first_release, outcomes)
    assert first_started.wait(10)
    # ...when a second worker raises the same key (it waits on the first one's row)...
    second = _raise_in_thread(version.pk, "same-key", second_started, second_release, outcomes)
    second_release.set()
    first_release.set()
    first.join(10)
    second.join(10)

    # ...then there is one signal, raised once, in the feed once.
    assert sorted(outcomes, key=str) == [False, True]  # no errors, one raise
    assert Signal.objects.filter(dedupe_key="same-key").count() == 1
    feed = signal_feed(user=world.orchestrator, cursor=None, limit=10)["signals"]
    assert [s["dedupe_key"] for s in feed] == ["same-key"]
    assert not first.is_alive() and not second.is_alive()
