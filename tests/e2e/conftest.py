"""Live processes for end-to-end tests: daphne and a real Celery worker on Redis, on 127.0.0.1.

They run only against PostgreSQL + Redis (``DATABASE_URL``/``REDIS_URL``), on a database of
their own, because the worker must see committed data (pytest-django's test transactions never
commit). When CI already started a worker for ``DATABASE_URL``'s database
(``FIELDSIGNAL_WORKER_RUNNING=1``), that worker and database are used.
"""

import os
import subprocess
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

ROOT = Path(__file__).resolve().parents[2]
VENV = ROOT / ".venv" / "bin"
METRICS_TOKEN = "e2e-metrics"


def _needs_services() -> None:
    url = os.environ.get("DATABASE_URL", "")
    if not url.startswith("postgres") or not os.environ.get("REDIS_URL"):
        pytest.skip("needs DATABASE_URL=postgres://... and REDIS_URL")


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def _scratch_database() -> str:
    import psycopg2

    base = os.environ["DATABASE_URL"].rsplit("/", 1)[0]
    conn = psycopg2.connect(f"{base}/postgres")
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute('DROP DATABASE IF EXISTS "fieldsignal_e2e" WITH (FORCE)')
        cur.execute('CREATE DATABASE "fieldsignal_e2e"')
    conn.close()
    return f"{base}/fieldsignal_e2e"


@pytest.fixture(scope="session")
def live_stack() -> Iterator[dict[str, str]]:
    """A migrated, seeded database, a daphne server and a Celery worker; yields {"url", "env"}."""
    _needs_services()
    reuse_worker = os.environ.get("FIELDSIGNAL_WORKER_RUNNING") == "1"
    database_url = os.environ["DATABASE_URL"] if reuse_worker else _scratch_database()
    redis_url = (
        os.environ["REDIS_URL"]
        if reuse_worker
        else os.environ["REDIS_URL"].rsplit("/", 1)[0] + "/13"
    )
    env = {
        **os.environ,
        "DATABASE_URL": database_url,
        "REDIS_URL": redis_url,
        "SECRET_KEY": os.environ.get("SECRET_KEY", "e2e"),
        "LOG_LEVEL": "WARNING",
        "METRICS_TOKEN": METRICS_TOKEN,
        "THROTTLE_ENABLED": "false",
    }
    env.pop("PYTEST_CURRENT_TEST", None)
    for args in (["migrate", "--verbosity", "0"], ["seed_demo"]):
        subprocess.run(
            [str(VENV / "python"), "manage.py", *args],
            cwd=ROOT,
            env=env,
            check=True,
            capture_output=True,
        )
    procs: list[subprocess.Popen[bytes]] = []
    port = _free_port()
    procs.append(
        subprocess.Popen(
            [str(VENV / "daphne"), "-b", "127.0.0.1", "-p", str(port), "backend.asgi:application"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.DEVNULL,
        )
    )
    if not reuse_worker:
        procs.append(
            subprocess.Popen(
                [
                    str(VENV / "celery"),
                    "-A",
                    "backend",
                    "worker",
                    "--concurrency",
                    "1",
                    "--loglevel",
                    "WARNING",
                    "--without-heartbeat",
                    "--without-gossip",
                    "--without-mingle",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
        )
    url = f"http://127.0.0.1:{port}"
    try:
        _wait_healthy(url)
        yield {"url": url, "database_url": database_url}
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def _wait_healthy(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                return
        except httpx.HTTPError:
            pass
        time.sleep(0.3)
    raise RuntimeError(f"server at {url} did not become healthy")
