"""The sync engine against the fake server: exactly once, 413 splits, rejections, conflicts,
resets, edits during a sync, and pages applied with their cursor."""

from __future__ import annotations

import sqlite3
from collections.abc import Callable
from pathlib import Path

import pytest

from field_client import apply, selectors, services, sync
from field_client.db import connect, meta_get
from field_client.sync import SyncReport
from tests.field_client.fake_server import FakeServer

RunSync = Callable[..., SyncReport]


def _capture(conn: sqlite3.Connection, note: str, hcp: str = "h1") -> str:
    return services.observation_capture(
        conn, hcp=hcp, visited_at="2025-03-14T10:00:00Z", channel="in_person", note=note
    )


def test_first_sync_pulls_the_catalog_and_pushes_notes(
    store: sqlite3.Connection, fake: FakeServer, run_sync: RunSync
) -> None:
    note_id = _capture(store, "asked about copay")

    report = run_sync()

    assert report.outcomes == {"applied": 1}
    assert [o.data["note"] for o in fake.notes_of("rep1")] == ["asked about copay"]
    assert len(selectors.hcp_choices(store)) == 3
    detail = selectors.observation_detail(store, observation_ref=note_id)
    assert detail["sync_state"] == "synced" and detail["rev"] == 1
    assert selectors.status_summary(store)["pending"] == 0


def test_a_batch_sent_but_not_recorded_is_replayed_as_duplicates(
    store: sqlite3.Connection, fake: FakeServer, run_sync: RunSync, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a crash after the server applied the batch but before the device stored the outcome
    for n in range(3):
        _capture(store, f"note {n}")

    def crash(*args: object, **kwargs: object) -> int:
        raise KeyboardInterrupt

    monkeypatch.setattr(sync, "push_results_apply", crash)
    with pytest.raises(KeyboardInterrupt):
        run_sync()
    monkeypatch.undo()

    # When the device syncs again
    report = run_sync()

    # Then the server answers duplicates and holds each note once
    assert report.outcomes == {"duplicate": 3}
    assert sorted(o.data["note"] for o in fake.notes_of("rep1")) == ["note 0", "note 1", "note 2"]
    assert selectors.status_summary(store)["pending"] == 0


def test_batch_too_large_splits_until_it_fits(
    store: sqlite3.Connection, fake: FakeServer, run_sync: RunSync
) -> None:
    fake.max_batch = 3
    for n in range(10):
        _capture(store, f"note {n}")

    run_sync(push_batch=50)

    assert len(fake.notes_of("rep1")) == 10
    assert max(fake.push_sizes) <= 3
    assert meta_get(store, "push_batch_limit") == "3"


def test_body_too_large_splits_by_size(
    store: sqlite3.Connection, fake: FakeServer, run_sync: RunSync
) -> None:
    fake.max_body = 3_000
    for n in range(12):
        _capture(store, f"note {n} " + "x" * 800)

    run_sync()

    assert len(fake.notes_of("rep1")) == 12
    assert max(fake.push_sizes) <= 3


def test_a_rejected_note_is_kept_and_does_not_block_the_queue(
    store: sqlite3.Connection, fake: FakeServer, run_sync: RunSync
) -> None:
    bad = _capture(store, "for an HCP the server does not know", hcp="nobody")
    good = _capture(store, "fine")

    report = run_sync()

    assert report.outcomes == {"applied": 1, "rejected": 1}
    assert [o.id for o in fake.notes_of("rep1")] == [good]
    notes = {n["id"]: n for n in selectors.observation_list(store)}
    assert notes[bad]["sync_state"] == "rejected"
    assert notes[bad]["note"] == "for an HCP the server does not know"
    rejections = selectors.status_summary(store)["rejections"]
    assert [(r["id"], r["errors"][0]["code"]) for r in rejections] == [(bad, "unknown_hcp")]


def test_fixing_a_rejected_note_sends_it_whole_and_clears_the_rejection(
    store: sqlite3.Connection, fake: FakeServer, run_sync: RunSync
) -> None:
    bad = _capture(store, "wrong hcp", hcp="nobody")
    run_sync()

    services.observation_edit(store, observation_ref=bad, changes={"hcp": "h2"})
    run_sync()

    assert [(o.id, o.data["hcp"], o.data["note"]) for o in fake.notes_of("rep1")] == [
        (bad, "h2", "wrong hcp")
    ]
    assert selectors.status_summary(store)["rejections"] == []
    assert selectors.observation_detail(store, observation_ref=bad)["sync_state"] == "synced"


def test_same_field_edited_on_two_devices_keeps_both_and_can_be_resolved(
    home: Path, store: sqlite3.Connection, fake: FakeServer, run_sync: RunSync, logged_in: str
) -> None:
    # Given a note synced to two devices of the same rep
    note_id = _capture(store, "original")
    run_sync()
    other = connect(home / "other.sqlite3")
    services.session_save(
        other, server="http://fake.test", token=logged_in, user={"username": "rep1"}
    )
    run_sync(other)

    # When both change the note, the other device first
    services.observation_edit(other, observation_ref=note_id, changes={"note": "from the tablet"})
    run_sync(other)
    services.observation_edit(store, observation_ref=note_id, changes={"note": "from the phone"})
    report = run_sync()

    # Then the server kept its value and this device sees both versions
    assert report.outcomes == {"conflict": 1}
    assert fake.observations[note_id].data["note"] == "from the tablet"
    [conflict] = selectors.conflict_list(store)
    assert conflict["fields"]["note"] == {"server": "from the tablet", "device": "from the phone"}
    assert selectors.observation_detail(store, observation_ref=note_id)["sync_state"] == "conflict"

    # And keeping mine puts the phone's text on the server and closes the conflict
    services.conflict_resolve(store, conflict_ref=conflict["id"][:8], keep="mine")
    run_sync()
    assert fake.observations[note_id].data["note"] == "from the phone"
    assert selectors.conflict_list(store) == []
    assert selectors.observation_detail(store, observation_ref=note_id)["note"] == "from the phone"


def test_an_edit_made_while_its_note_is_in_flight_follows_with_the_new_rev(
    home: Path, store: sqlite3.Connection, fake: FakeServer, run_sync: RunSync
) -> None:
    # Given a synced note edited, and edited again while the first edit is being pushed
    note_id = _capture(store, "first words")
    run_sync()
    services.observation_edit(store, observation_ref=note_id, changes={"note": "second words"})
    editor = connect(home / "field_client.sqlite3")  # the rep's other command, same store
    edited: list[int | None] = []

    def edit_during_push(mutations: list[dict[str, object]]) -> None:
        if not edited:
            edited.append(
                services.observation_edit(
                    editor, observation_ref=note_id, changes={"note": "third words"}
                )
            )

    fake.on_push = edit_during_push

    report = run_sync()

    # Then the later edit was made against the rev the first one produced: no false conflict
    assert report.outcomes == {"applied": 2}
    assert fake.observations[note_id].data["note"] == "third words"
    assert fake.conflicts == {}
    assert selectors.observation_detail(store, observation_ref=note_id)["note"] == "third words"
    assert selectors.status_summary(store)["pending"] == 0


def test_two_queued_edits_of_one_note_do_not_conflict_with_each_other(
    store: sqlite3.Connection, fake: FakeServer, run_sync: RunSync
) -> None:
    note_id = _capture(store, "v1")
    run_sync()
    services.observation_edit(store, observation_ref=note_id, changes={"note": "v2"})
    services.observation_edit(store, observation_ref=note_id, changes={"note": "v3"})

    report = run_sync()

    assert report.outcomes == {"applied": 2}
    assert fake.observations[note_id].data["note"] == "v3"
    assert fake.conflicts == {}


def test_a_pull_landing_during_an_edit_keeps_the_edit(
    store: sqlite3.Connection, fake: FakeServer, run_sync: RunSync
) -> None:
    note_id = _capture(store, "v1")
    run_sync()
    services.observation_edit(store, observation_ref=note_id, changes={"note": "v2 not yet sent"})

    # A pull only (the push failed, say) brings the server's older copy back
    client_id = meta_get(store, "client_id")
    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sync.SyncEngine, "push", lambda self: None)
        run_sync()

    assert selectors.observation_detail(store, observation_ref=note_id)["note"] == "v2 not yet sent"
    assert client_id and selectors.status_summary(store)["pending"] == 1


def test_reset_resyncs_the_scope_and_keeps_unpushed_edits(
    store: sqlite3.Connection, fake: FakeServer, run_sync: RunSync
) -> None:
    synced = _capture(store, "synced before")
    run_sync()
    store.execute("INSERT INTO hcp (id, name, data) VALUES ('stale', 'Dr Gone', '{}')")
    unsent = _capture(store, "unsent")
    fake.reset_next_pull = True

    with pytest.MonkeyPatch.context() as mp:
        mp.setattr(sync.SyncEngine, "push", lambda self: None)
        report = run_sync()

    assert report.resets == 1
    assert {n["id"] for n in selectors.observation_list(store)} == {synced, unsent}
    assert "stale" not in {h["id"] for h in selectors.hcp_choices(store)}
    assert selectors.status_summary(store)["pending"] == 1
    run_sync()
    assert len(fake.notes_of("rep1")) == 2


def test_each_page_lands_with_its_cursor(
    store: sqlite3.Connection, fake: FakeServer, run_sync: RunSync, monkeypatch: pytest.MonkeyPatch
) -> None:
    # Given a page that fails to apply after the first one landed
    for n in range(5):
        fake.add_reference("hcp", f"extra{n}", {"name": f"Dr Extra {n}"})
    calls = []
    real_apply = apply.pull_page_apply

    def apply_then_die(conn: sqlite3.Connection, **kwargs: object) -> int:
        calls.append(1)
        if len(calls) == 2:
            real_apply(conn, **kwargs)  # type: ignore[arg-type]
            raise KeyboardInterrupt  # killed inside the transaction
        return real_apply(conn, **kwargs)  # type: ignore[arg-type]

    monkeypatch.setattr(sync, "pull_page_apply", apply_then_die)
    with pytest.raises(KeyboardInterrupt):
        run_sync(pull_limit=3)
    monkeypatch.undo()

    # Then only the first page and its cursor are stored, and the next sync completes
    assert len(selectors.hcp_choices(store)) == 3
    run_sync(pull_limit=3)
    assert len(selectors.hcp_choices(store)) == 8


def test_network_errors_and_5xx_are_retried_with_backoff(
    store: sqlite3.Connection, fake: FakeServer, run_sync: RunSync, sleeps: list[float]
) -> None:
    _capture(store, "hello")
    fake.faults = ["connect", "503", "timeout"]

    run_sync()

    assert len(fake.notes_of("rep1")) == 1
    assert len(sleeps) == 3
    assert all(0 <= s <= 4.0 for s in sleeps)


def test_a_deleted_note_leaves_server_and_device(
    store: sqlite3.Connection, fake: FakeServer, run_sync: RunSync
) -> None:
    note_id = _capture(store, "to delete")
    run_sync()

    services.observation_delete(store, observation_ref=note_id)
    run_sync()

    assert fake.notes_of("rep1") == []
    assert selectors.observation_list(store) == []


def test_a_server_restored_from_a_backup_gets_the_lost_mutations_again(
    store: sqlite3.Connection, fake: FakeServer, run_sync: RunSync
) -> None:
    # Given three notes synced, then the server restored to a state with only the first
    kept = _capture(store, "kept")
    lost = [_capture(store, f"lost {n}") for n in range(2)]
    run_sync()
    client_id = meta_get(store, "client_id")
    fake.last_mutation[client_id] = 1
    for note_id in lost:
        del fake.observations[note_id]

    # When the device pushes its next note, the server answers 409 mutation_gap
    _capture(store, "new")
    run_sync()

    # Then the device re-sends what the server lost, and everything is there once
    assert sorted(o.data["note"] for o in fake.notes_of("rep1")) == [
        "kept",
        "lost 0",
        "lost 1",
        "new",
    ]
    assert kept in fake.observations
