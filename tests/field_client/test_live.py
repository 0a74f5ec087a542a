"""The field client against the real server on 127.0.0.1, run as separate processes as a rep
would: offline capture, kill -9 during syncs, rejections, conflicts, edits during a sync, reset."""

from __future__ import annotations

import json
import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from field_client import sync
from field_client.config import load_settings
from field_client.db import connect
from field_client.errors import EXIT_OFFLINE
from field_client.selectors import observation_list, session_get
from field_client.services import observation_edit
from field_client.transport import ServerClient
from tests.field_client.live_server import (
    LiveServer,
    capture,
    client_env,
    device,
    fc,
    fc_command,
    fc_json,
    kill_loop,
    server_notes,
)

pytestmark = pytest.mark.live


@pytest.fixture(scope="session")
def fs_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[LiveServer]:
    server = LiveServer(tmp_path_factory.mktemp("live-server"))
    server.prepare()
    server.start()
    yield server
    server.stop()


@pytest.fixture
def scratch(tmp_path: Path) -> Path:
    return tmp_path


def test_offline_capture_is_delivered_when_the_server_comes_back(
    fs_server: LiveServer, scratch: Path
) -> None:
    # Given a synced device, and a server that then goes down
    home = device(fs_server, scratch / "phone", "rep4")
    fs_server.stop()
    try:
        for n in range(3):
            done = fc(home, "log", "--hcp", "HCP-NE-0005", "--note", f"offline note {n}")
            assert done.returncode == 0, done.stderr

        # When the rep syncs, the sync fails with one clear line and the notes stay pending
        done = fc(home, "sync")
        assert done.returncode == EXIT_OFFLINE
        assert done.stderr.strip().count("\n") == 0 and "cannot reach the server" in done.stderr
        assert "Traceback" not in done.stderr
        assert fc_json(home, "status")["pending"] == 3
    finally:
        fs_server.start()

    # Then the next sync delivers them
    done = fc(home, "sync")
    assert done.returncode == 0, done.stderr
    on_server = sorted(n["note"] for n in server_notes(fs_server, scratch, "rep4"))
    assert on_server == ["offline note 0", "offline note 1", "offline note 2"]
    assert fc_json(home, "status")["pending"] == 0


def test_kill_9_at_random_instants_loses_and_duplicates_nothing(
    fs_server: LiveServer, scratch: Path
) -> None:
    home = device(fs_server, scratch / "phone", "rep1")

    # CI sets a few hundred (FIELDSIGNAL_KILL_RUNS); bench/client_faults.py runs thousands.
    iterations = int(os.environ.get("FIELDSIGNAL_KILL_RUNS", "30"))
    run = kill_loop(fs_server, home, scratch, "rep1", iterations=iterations, seed=4)

    # enough runs were really interrupted, some of them after the server had applied their batch
    assert run.killed >= 8 and run.progressed >= 3, run
    assert (run.lost, run.duplicated) == (0, 0), run
    assert (run.local_pending, run.local_mismatch, run.integrity) == (0, 0, "ok"), run


def test_a_rejected_note_is_shown_in_status_and_show(fs_server: LiveServer, scratch: Path) -> None:
    home = device(fs_server, scratch / "phone", "rep3")
    created = fc(home, "log", "--hcp", "HCP-WC-0001", "--note", "y" * 10_001, "--json")
    note_id = json.loads(created.stdout)["id"]

    done = fc(home, "sync")

    assert done.returncode == 0 and "Rejected" in done.stdout
    [rejection] = fc_json(home, "status")["rejections"]
    assert rejection["id"] == note_id and rejection["errors"][0]["field"] == "note"
    shown = fc(home, "show", note_id[:8])
    assert "rejected" in shown.stdout and "note" in shown.stdout
    assert fc_json(home, "show", note_id)["sync_state"] == "rejected"
    # the rep fixes it and it goes through
    assert fc(home, "edit", note_id, "--note", "short now").returncode == 0
    assert fc(home, "sync").returncode == 0
    assert fc_json(home, "status")["rejections"] == []


def test_a_conflict_between_two_devices_shows_both_versions_and_resolves(
    fs_server: LiveServer, scratch: Path
) -> None:
    # Given one note on a rep's phone and tablet
    phone = device(fs_server, scratch / "phone", "rep2")
    tablet = device(fs_server, scratch / "tablet", "rep2")
    note_id = fc_json(phone, "log", "--hcp", "HCP-MW-0002", "--note", "original")["id"]
    assert fc(phone, "sync").returncode == 0
    assert fc(tablet, "sync").returncode == 0

    # When both edit the same field, the phone first
    assert fc(phone, "edit", note_id, "--note", "from the phone").returncode == 0
    assert fc(phone, "sync").returncode == 0
    assert fc(tablet, "edit", note_id, "--note", "from the tablet").returncode == 0
    synced = fc_json(tablet, "sync")

    # Then the tablet sees both versions
    assert synced["outcomes"] == {"conflict": 1}
    [conflict] = fc_json(tablet, "conflicts")
    assert conflict["fields"]["note"] == {"server": "from the phone", "device": "from the tablet"}
    assert fc_json(tablet, "show", note_id)["sync_state"] == "conflict"

    # And keeping the tablet's version reaches the phone
    assert fc(tablet, "conflicts", conflict["id"][:8], "--keep", "mine").returncode == 0
    assert fc(tablet, "sync").returncode == 0
    assert fc_json(tablet, "conflicts") == []
    assert fc(phone, "sync").returncode == 0
    assert fc_json(phone, "show", note_id)["note"] == "from the tablet"


def test_edits_made_during_a_sync_survive(fs_server: LiveServer, scratch: Path) -> None:
    # Given a synced note and a long sync of 1,500 queued notes
    home = device(fs_server, scratch / "phone", "rep5")
    note_id = fc_json(home, "log", "--hcp", "HCP-MW-0003", "--note", "edit me 0")["id"]
    assert fc(home, "sync").returncode == 0
    conn = connect(home / "field_client.sqlite3")
    for n in range(1500):
        capture(conn, f"bulk {n}")
    proc = subprocess.Popen(
        fc_command(home, "sync"),
        cwd=str(Path(__file__).parents[2]),
        env=client_env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )

    # When the rep edits the note again and again while it runs
    edits = 0
    while proc.poll() is None and edits < 50:
        edits += 1
        observation_edit(conn, observation_ref=note_id, changes={"note": f"edit me {edits}"})
        time.sleep(0.02)
    proc.wait(timeout=120)
    assert proc.returncode == 0
    assert fc(home, "sync").returncode == 0

    # Then the server holds the last edit, with no conflict, and all notes once
    notes = server_notes(fs_server, scratch, "rep5")
    assert [n["note"] for n in notes if n["id"] == note_id] == [f"edit me {edits}"]
    assert len([n for n in notes if n["note"].startswith("bulk ")]) == 1500
    assert fc_json(home, "conflicts") == []
    conn.close()


def test_a_reset_resyncs_the_scope_and_keeps_unpushed_edits(
    fs_server: LiveServer, scratch: Path
) -> None:
    # Given a device with a synced note, then an edit not yet pushed
    home = device(fs_server, scratch / "phone", "rep6")
    note_id = fc_json(home, "log", "--hcp", "HCP-WC-0004", "--note", "before reset")["id"]
    assert fc(home, "sync").returncode == 0
    conn = connect(home / "field_client.sqlite3")
    observation_edit(conn, observation_ref=note_id, changes={"note": "edited, not yet pushed"})

    # When the rep's territory changes on the server and the device pulls (reset)
    fs_server.manage(
        "shell",
        "-c",
        "from backend.accounts.models import User; from backend.catalog.models import Territory;"
        "User.objects.filter(username='rep6').update(territory=Territory.objects.get(code='NE'))",
    )
    settings = load_settings(home)
    session = session_get(conn)
    with ServerClient(fs_server.url, token=session["token"]) as server:
        engine = sync.SyncEngine(conn, server, client_id=str(session["client_id"]))
        engine.pull()

    # Then the scope is the new territory's and the unpushed edit is still there, then delivered
    assert engine.report.resets == 1
    hcps = {row[0] for row in conn.execute("SELECT external_id FROM hcp")}
    assert hcps and all(code.startswith("HCP-NE-") for code in hcps)
    [note] = [n for n in observation_list(conn) if n["id"] == note_id]
    assert note["note"] == "edited, not yet pushed" and note["sync_state"] == "pending"
    assert settings.db_path.exists()
    assert fc(home, "sync").returncode == 0
    notes = server_notes(fs_server, scratch, "rep6")
    assert [n["note"] for n in notes if n["id"] == note_id] == ["edited, not yet pushed"]
    conn.close()


def test_bad_password_and_json_outputs(fs_server: LiveServer, scratch: Path) -> None:
    home = scratch / "phone"
    done = fc(home, "login", "--server", fs_server.url, "--username", "rep1", "--password", "wrong")
    assert done.returncode == 3 and "wrong username or password" in done.stderr
    assert "Traceback" not in done.stderr

    device(fs_server, home, "rep1")
    assert isinstance(fc_json(home, "list"), list)
    assert "pending" in fc_json(home, "status")
    assert "outcomes" in fc_json(home, "sync")

    # a revoked token is a one-line "log in again", exit 3
    conn = connect(home / "field_client.sqlite3")
    conn.execute("UPDATE meta SET value = 'revoked0000' WHERE key = 'token'")
    conn.close()
    done = fc(home, "sync")
    assert done.returncode == 3 and "login" in done.stderr and "Traceback" not in done.stderr
