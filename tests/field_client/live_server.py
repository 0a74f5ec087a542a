"""A real FieldSignal server on 127.0.0.1 (daphne, fresh SQLite database, demo seed) and the
field-client CLI run as a separate process, for the live tests and the bench scripts."""

from __future__ import annotations

import collections
import json
import os
import random
import signal
import socket
import sqlite3
import subprocess
import sys
import time
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

from field_client import services
from field_client.db import connect
from field_client.transport import ServerClient

REPO = Path(__file__).resolve().parents[2]
DEMO_PASSWORD = "fieldsignal-demo"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


class LiveServer:
    def __init__(self, workdir: Path, *, extra_env: dict[str, str] | None = None) -> None:
        self.workdir = workdir
        self.workdir.mkdir(parents=True, exist_ok=True)
        self.db_path = workdir / "server.sqlite3"
        self.port = free_port()
        self.env = {
            **os.environ,
            "DATABASE_URL": f"sqlite:///{self.db_path}",
            "DJANGO_SETTINGS_MODULE": "backend.settings",
            "PYTHONPATH": str(REPO),
            "THROTTLE_ENABLED": "false",  # these tests are about sync under faults, not limits
            **(extra_env or {}),
        }
        self.process: subprocess.Popen[bytes] | None = None

    @property
    def url(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def manage(self, *args: str) -> str:
        done = subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=self.env,
            capture_output=True,
            text=True,
            timeout=600,
        )
        if done.returncode != 0:
            raise RuntimeError(f"manage.py {' '.join(args)} failed:\n{done.stderr[-3000:]}")
        return done.stdout

    def prepare(self) -> None:
        self.manage("migrate", "--noinput", "-v", "0")
        self.manage("seed_demo")

    def start(self) -> None:
        log = open(self.workdir / "daphne.log", "ab")  # noqa: SIM115 - lives as long as the server
        self.process = subprocess.Popen(
            # The embedded server as shipped: daphne, jobs in a background thread, periodic sweeps.
            [sys.executable, "manage.py", "serve", "--host", "127.0.0.1", "--port", str(self.port)],
            cwd=REPO,
            env=self.env,
            stdout=log,
            stderr=subprocess.STDOUT,
        )
        deadline = time.monotonic() + 60
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise RuntimeError(f"daphne exited; see {self.workdir / 'daphne.log'}")
            try:
                httpx.get(self.url + "/healthz", timeout=1.0)
                return
            except httpx.TransportError:
                time.sleep(0.2)
        raise RuntimeError("the live server did not come up within 60 s")

    def stop(self) -> None:
        if self.process is None:
            return
        self.process.terminate()
        try:
            self.process.wait(timeout=15)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.process = None


def client_env(**extra: str) -> dict[str, str]:
    return {
        **os.environ,
        "PYTHONPATH": str(REPO),
        "FIELD_CLIENT_RETRY_ATTEMPTS": "2",
        "FIELD_CLIENT_RETRY_BASE": "0.1",
        "FIELD_CLIENT_SCREENING": "0",
        **extra,
    }


def fc_command(home: Path, *args: str) -> list[str]:
    return [sys.executable, "-m", "field_client", "--home", str(home), "--no-input", *args]


def fc(
    home: Path, *args: str, timeout: float = 120, **env: str
) -> subprocess.CompletedProcess[str]:
    """Run the field-client CLI in its own process."""
    return subprocess.run(
        fc_command(home, *args),
        cwd=REPO,
        env=client_env(**env),
        capture_output=True,
        text=True,
        timeout=timeout,
    )


def fc_json(home: Path, *args: str) -> Any:
    done = fc(home, *args, "--json")
    if done.returncode != 0:
        raise AssertionError(f"field-client {' '.join(args)} failed: {done.stderr}")
    return json.loads(done.stdout)


def device(server: LiveServer, home: Path, username: str) -> Path:
    """A logged-in, synced device of `username`."""
    for args in (
        ("login", "--server", server.url, "--username", username, "--password", DEMO_PASSWORD),
        ("sync",),
    ):
        done = fc(home, *args)
        if done.returncode != 0:
            raise AssertionError(f"{args[0]} failed: {done.stderr}")
    return home


def server_notes(server: LiveServer, scratch: Path, username: str) -> list[dict[str, Any]]:
    """Every live note of `username` as a brand-new device of theirs pulls it."""
    home = scratch / f"probe-{username}-{time.monotonic_ns()}"
    device(server, home, username)
    return list(fc_json(home, "list"))


def capture(conn: sqlite3.Connection, note: str) -> str:
    hcp = conn.execute("SELECT id FROM hcp ORDER BY id LIMIT 1").fetchone()[0]
    return services.observation_capture(
        conn, hcp=str(hcp), visited_at="2025-01-15T09:00:00Z", channel="in_person", note=note
    )


class _Probe:
    """What the server has applied for this device, against what the device has recorded."""

    def __init__(self, conn: sqlite3.Connection, server: LiveServer) -> None:
        self.conn = conn
        meta = dict(conn.execute("SELECT key, value FROM meta").fetchall())
        self.client_id = meta["client_id"]
        self.client = ServerClient(server.url, token=meta["token"])

    def server_last(self) -> int:
        page = self.client.pull(cursor=None, limit=1, client_id=self.client_id)
        return int(page.get("last_mutation_id") or 0)

    def local_settled(self) -> int:
        row = self.conn.execute(
            "SELECT max(mutation_id) FROM outbox WHERE status IS NOT NULL"
        ).fetchone()
        return int(row[0] or 0)


@dataclass
class FaultRun:
    iterations: int = 0
    killed: int = 0
    finished_before_kill: int = 0
    progressed: int = 0  # runs in which the server applied some of the device's mutations
    server_ahead: int = 0  # kills between the server applying a batch and the device recording it
    notes: list[str] = field(default_factory=list)
    lost: int = 0
    duplicated: int = 0
    local_pending: int = 0
    local_mismatch: int = 0
    integrity: str = ""
    seconds: float = 0.0


def kill_loop(
    server: LiveServer,
    home: Path,
    scratch: Path,
    username: str,
    *,
    iterations: int,
    seed: int = 1,
    max_delay: float | None = None,
    notes_per_round: tuple[int, int] = (1, 60),
) -> FaultRun:
    """Capture notes, start a sync and kill -9 it at a random instant, `iterations` times; then
    one clean sync, and count what the server holds against what was captured.

    Kill instants: four runs in five are drawn uniformly over the sync's working window (after
    the interpreter has started, until a typical sync of a round ends), one in five over the
    whole run from process start; both measured here first unless `max_delay` is given, and the
    window follows the machine's pace: it shrinks after a sync that finished before its kill."""
    rng = random.Random(seed)
    run = FaultRun()
    started = time.monotonic()
    conn = connect(home / "field_client.sqlite3")
    tag = f"kill-{seed}-{time.monotonic_ns()}"
    timer = time.monotonic()
    fc(home, "status")
    startup = time.monotonic() - timer
    if max_delay is None:
        for j in range(sum(notes_per_round) // 2):
            run.notes.append(f"{tag} warmup.{j}")
            capture(conn, run.notes[-1])
        timer = time.monotonic()
        fc(home, "sync")
        max_delay = time.monotonic() - timer
    probe = _Probe(conn, server)
    for i in range(iterations):
        run.iterations += 1
        for j in range(rng.randint(*notes_per_round)):
            run.notes.append(f"{tag} {i}.{j}")
            capture(conn, run.notes[-1])
        before = probe.server_last()
        proc = subprocess.Popen(
            fc_command(home, "sync"),
            cwd=REPO,
            env=client_env(),
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
        # Edits keep arriving while the sync runs, as on a real device.
        if rng.random() < 0.5:
            run.notes.append(f"{tag} {i}.during")
            capture(conn, run.notes[-1])
        low = 0.0 if rng.random() < 0.2 else min(startup * 0.8, max_delay)
        time.sleep(rng.uniform(low, max_delay * 1.2))
        if proc.poll() is None:
            proc.send_signal(signal.SIGKILL)
            run.killed += 1
            max_delay *= 1.05
        else:
            run.finished_before_kill += 1
            # The machine got faster (or the first measure was slow): keep the window on the sync.
            max_delay *= 0.85
        proc.wait()
        after = probe.server_last()
        run.progressed += int(after > before)
        run.server_ahead += int(after > before and after > probe.local_settled())
    conn.close()
    final = fc(home, "sync")
    if final.returncode != 0:
        raise AssertionError(f"the clean sync after the kills failed: {final.stderr}")
    counts = collections.Counter(
        n["note"] for n in server_notes(server, scratch, username) if n["note"].startswith(tag)
    )
    run.lost = sum(1 for note in run.notes if counts[note] == 0)
    run.duplicated = sum(c - 1 for c in counts.values() if c > 1)
    status = fc_json(home, "status")
    run.local_pending = int(status["pending"])
    local = {n["note"]: n["sync_state"] for n in fc_json(home, "list") if n["note"].startswith(tag)}
    run.local_mismatch = sum(1 for note in run.notes if local.get(note) != "synced")
    check = sqlite3.connect(home / "field_client.sqlite3")
    run.integrity = str(check.execute("PRAGMA integrity_check").fetchone()[0])
    check.close()
    run.seconds = round(time.monotonic() - started, 1)
    return run
