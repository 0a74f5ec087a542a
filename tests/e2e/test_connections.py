"""The ASGI server must not hold a database connection per request it ever served.

With persistent connections, each request thread kept its own until PostgreSQL refused new
clients and every request answered 500 ("too many clients already")."""

from concurrent.futures import ThreadPoolExecutor

import httpx
import psycopg2


def _connections(database_url: str) -> int:
    name = database_url.rsplit("/", 1)[1]
    conn = psycopg2.connect(database_url.rsplit("/", 1)[0] + "/postgres")
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM pg_stat_activity WHERE datname = %s", [name])
            return int(cur.fetchone()[0])
    finally:
        conn.close()


def test_many_requests_do_not_pile_up_database_connections(live_stack):
    url = live_stack["url"]
    token = httpx.post(
        f"{url}/api/v1/auth/token", json={"username": "rep1", "password": "fieldsignal-demo"}
    ).json()["token"]
    headers = {"Authorization": f"Token {token}"}
    before = _connections(live_stack["database_url"])

    def burst(_: int) -> set[int]:
        with httpx.Client(headers=headers, timeout=30) as client:
            return {client.get(f"{url}/api/v1/me").status_code for _ in range(50)}

    with ThreadPoolExecutor(max_workers=8) as pool:
        statuses = set().union(*pool.map(burst, range(8)))
    peak = _connections(live_stack["database_url"])

    assert statuses == {200}
    assert peak <= before + 8, (before, peak)
