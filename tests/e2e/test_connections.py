"""The ASGI server must not hold a database connection per request it ever served, nor open a
new one for each request.

With persistent connections, each request thread kept its own until PostgreSQL refused new
clients and every request answered 500 ("too many clients already"). Without them, every
request paid for a new PostgreSQL session. The per-process pool does neither."""

import time
from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg2


def _server_count(database_url: str, sql: str) -> int:
    """One number PostgreSQL reports about the database, read over a connection of our own."""
    name = database_url.rsplit("/", 1)[1]
    conn = psycopg2.connect(database_url.rsplit("/", 1)[0] + "/postgres")
    try:
        with conn.cursor() as cur:
            cur.execute(sql, [name])
            return int(cur.fetchone()[0])
    finally:
        conn.close()


def _connections(database_url: str) -> int:
    return _server_count(database_url, "SELECT count(*) FROM pg_stat_activity WHERE datname = %s")


def _sessions_opened(database_url: str) -> int:
    """PostgreSQL's count of sessions ever opened on the database (each reading adds one)."""
    time.sleep(1.2)  # backends report their statistics at most once a second
    return _server_count(database_url, "SELECT sessions FROM pg_stat_database WHERE datname = %s")


def test_many_requests_do_not_pile_up_database_connections(live_stack):
    url = live_stack["url"]
    token = httpx.post(
        f"{url}/api/v1/auth/token",
        json={"username": "rep1", "password": "fieldsignal-demo"},
        timeout=60,  # a password hash on a loaded two-core machine can outlast the 5 s default
    ).json()["token"]
    headers = {"Authorization": f"Token {token}"}
    before = _connections(live_stack["database_url"])
    opened_before = _sessions_opened(live_stack["database_url"])

    def burst(_: int) -> set[int]:
        with httpx.Client(headers=headers, timeout=30) as client:
            return {client.get(f"{url}/api/v1/me").status_code for _ in range(50)}

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = set().union(*pool.map(burst, range(8)))
    peak = _connections(live_stack["database_url"])

    opened = _sessions_opened(live_stack["database_url"]) - opened_before

    assert statuses == {200}
    assert peak <= before + 8, (before, peak)
    # 400 requests, 8 at a time: a handful of pooled sessions (plus this test's own readings).
    assert opened <= 8 + 2, opened
