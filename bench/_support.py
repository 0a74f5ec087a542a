"""Shared helpers for benchmarks: a scratch PostgreSQL database, a served backend, a seeded world."""

import contextlib
import os
import socket
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx

ROOT = Path(__file__).resolve().parent.parent
PYTHON = str(ROOT / ".venv" / "bin" / "python")
PG_ADMIN = "postgres://root@127.0.0.1:5432/postgres"


def pg_url(name: str) -> str:
    return f"postgres://root@127.0.0.1:5432/{name}"


def recreate_database(name: str) -> str:
    """Drop and create a scratch database; return its URL."""
    import psycopg2

    conn = psycopg2.connect(PG_ADMIN)
    conn.autocommit = True
    with conn.cursor() as cur:
        cur.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cur.execute(f'CREATE DATABASE "{name}"')
    conn.close()
    return pg_url(name)


def backend_env(database_url: str, **extra: str) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"REDIS_URL", "DATABASE_URL"}}
    env.update({"DATABASE_URL": database_url, "SECRET_KEY": "bench", "LOG_LEVEL": "WARNING"})
    env.setdefault("THROTTLE_ENABLED", "false")  # benches measure capacity, not rate limits
    env.update(extra)
    return env


def manage(env: dict[str, str], *args: str) -> str:
    result = subprocess.run(
        [PYTHON, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, check=False
    )
    if result.returncode != 0:
        sys.exit(f"manage.py {' '.join(args)} failed:\n{result.stderr[-2000:]}")
    return result.stdout


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


@contextlib.contextmanager
def served(env: dict[str, str], processes: int = 1) -> Iterator[list[str]]:
    """Run ``processes`` daphne servers on 127.0.0.1; yield their base URLs; stop them after."""
    procs, urls = [], []
    for _ in range(processes):
        port = free_port()
        procs.append(
            subprocess.Popen(
                [
                    str(ROOT / ".venv/bin/daphne"),
                    "-b",
                    "127.0.0.1",
                    "-p",
                    str(port),
                    "backend.asgi:application",
                ],
                cwd=ROOT,
                env=env,
                stdout=subprocess.DEVNULL,
                # Server errors land here: a benchmark that fails must say why.
                stderr=open(f"/tmp/fieldsignal-bench-daphne-{port}.log", "wb"),  # noqa: SIM115
            )
        )
        urls.append(f"http://127.0.0.1:{port}")
    try:
        for url in urls:
            wait_healthy(url)
        yield urls
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            try:
                proc.wait(timeout=20)
            except subprocess.TimeoutExpired:
                proc.kill()


def wait_healthy(url: str, timeout: float = 60) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with contextlib.suppress(httpx.HTTPError):
            if httpx.get(f"{url}/healthz", timeout=2).status_code in (200, 503):
                return
        time.sleep(0.3)
    sys.exit(f"server at {url} did not start")


def token(url: str, username: str, password: str = "fieldsignal-demo") -> str:
    response = httpx.post(
        f"{url}/api/v1/auth/token", json={"username": username, "password": password}, timeout=30
    )
    response.raise_for_status()
    return str(response.json()["token"])


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    index = min(len(ordered) - 1, max(0, round(q / 100 * (len(ordered) - 1))))
    return ordered[index]
