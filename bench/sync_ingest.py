"""Notes per second through the real push endpoint, beside a raw batched INSERT ... ON CONFLICT.

    .venv/bin/python bench/sync_ingest.py [--notes 20000] [--clients 4] [--servers 2]

Runs on a scratch PostgreSQL database (fieldsignal_bench_ingest). Reps push new notes in
batches of 100 and of 500 from several concurrent clients over HTTP on 127.0.0.1; the same
rows are then written by psycopg2 ``execute_values`` (raw baseline) in the same run, and once
more in the JSON form the push path itself uses (``json_populate_recordset``), which is about
twice as fast as the baseline. Tagging jobs are enqueued to Redis (no worker runs), as in
production where workers are elsewhere.
"""

import argparse
import datetime as dt
import json
import multiprocessing
import sys
import time
import uuid
from pathlib import Path
from typing import Any

import httpx
import orjson

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _support import backend_env, manage, recreate_database, served, token  # noqa: E402

REPS = ["rep1", "rep2", "rep3", "rep4", "rep5", "rep6"]


def make_notes(hcp: str, count: int) -> list[dict]:
    now = dt.datetime.now(dt.UTC)
    return [
        {
            "hcp": hcp,
            "visited_at": (now - dt.timedelta(minutes=i % 600)).isoformat(),
            "channel": "in_person",
            "products": [],
            "content_shown": [],
            "note": f"Dr. said copay is too high for pts on commercial plans; asked for the new dosing card #{i}",
            "captured_at": now.isoformat(),
        }
        for i in range(count)
    ]


def batch_bodies(hcp: str, notes: int, batch: int) -> list[bytes]:
    """A device's outbox, already serialised: encoding is the device's work, not the server's."""
    client_id = str(uuid.uuid4())
    datas = make_notes(hcp, notes)
    bodies = []
    for start in range(0, notes, batch):
        mutations = [
            {
                "mutation_id": start + i + 1,
                "op": "upsert",
                "entity": "observation",
                "id": str(uuid.uuid4()),
                "base_rev": None,
                "data": d,
            }
            for i, d in enumerate(datas[start : start + batch])
        ]
        bodies.append(
            json.dumps(
                {"client_id": client_id, "schema_version": 1, "mutations": mutations}
            ).encode()
        )
    return bodies


def push_all(url: str, tok: str, bodies: list[bytes], go: Any) -> None:
    """One device process: wait for the start signal, then push its batches in order."""
    headers = {"Authorization": f"Token {tok}", "Content-Type": "application/json"}
    with httpx.Client(timeout=120) as http:
        go.wait()
        for body in bodies:
            response = http.post(f"{url}/api/v1/sync/push", content=body, headers=headers)
            response.raise_for_status()
            if b'"rejected"' in response.content or b'"conflict"' in response.content:
                raise SystemExit(f"unexpected outcome: {response.text[:300]}")


def first_hcp(url: str, tok: str) -> str:
    page = httpx.get(
        f"{url}/api/v1/hcps/?limit=1", headers={"Authorization": f"Token {tok}"}, timeout=30
    ).json()
    return str(page["results"][0]["id"])


def http_rate(urls: list[str], notes: int, clients: int, batch: int) -> float:
    """Devices in separate processes (one Python process cannot feed two server processes)."""
    tokens = [token(urls[0], REPS[i % len(REPS)]) for i in range(clients)]
    hcps = [first_hcp(urls[0], t) for t in tokens]
    per_client = notes // clients
    go = multiprocessing.Event()
    procs = [
        multiprocessing.Process(
            target=push_all,
            args=(urls[i % len(urls)], tokens[i], batch_bodies(hcps[i], per_client, batch), go),
        )
        for i in range(clients)
    ]
    for p in procs:
        p.start()
    time.sleep(1.0)  # every device connected and waiting
    started = time.perf_counter()
    go.set()
    for p in procs:
        p.join()
        if p.exitcode != 0:
            raise SystemExit("a device process failed")
    return per_client * clients / (time.perf_counter() - started)


def raw_rate(database_url: str, notes: int, batch: int, *, as_json: bool = False) -> float:
    """The same rows written straight into a copy of the observation table: by psycopg2's
    ``execute_values`` (the baseline), or ``as_json`` the way the push path sends rows (one
    JSON document unpacked by ``json_populate_recordset``), to show how far the endpoint is from
    its own insert form."""
    import psycopg2
    from psycopg2.extras import execute_values

    conn = psycopg2.connect(database_url)
    with conn.cursor() as cur:
        cur.execute("DROP TABLE IF EXISTS bench_raw_observation")
        cur.execute(
            "CREATE TABLE bench_raw_observation (LIKE observations_observation INCLUDING ALL)"
        )
        cur.execute("SELECT id FROM accounts_user WHERE username='rep1'")
        rep = cur.fetchone()[0]
        cur.execute(
            "SELECT id, territory_id FROM catalog_hcp WHERE territory_id = (SELECT territory_id FROM accounts_user WHERE id=%s) LIMIT 1",
            [rep],
        )
        hcp, territory = cur.fetchone()
    conn.commit()
    now = dt.datetime.now(dt.UTC)
    rows = [
        (
            str(uuid.uuid4()),
            rep,
            territory,
            hcp,
            now,
            "in_person",
            d["note"],
            now,
            1,
            False,
            None,
            now,
            now,
        )
        for d in make_notes(str(hcp), notes)
    ]
    columns = "id, rep_id, territory_id, hcp_id, visited_at, channel, note, captured_at, rev, deleted, client_id, created_at, updated_at"
    names = columns.split(", ")
    upsert = " ON CONFLICT (id) DO UPDATE SET note = EXCLUDED.note, rev = EXCLUDED.rev"
    started = time.perf_counter()
    with conn.cursor() as cur:
        for start in range(0, notes, batch):
            page = rows[start : start + batch]
            if as_json:
                cur.execute(
                    f"INSERT INTO bench_raw_observation ({columns}) SELECT {columns}"
                    f" FROM json_populate_recordset(NULL::bench_raw_observation, %s) {upsert}",
                    [orjson.dumps([dict(zip(names, row, strict=True)) for row in page]).decode()],
                )
            else:
                execute_values(
                    cur,
                    f"INSERT INTO bench_raw_observation ({columns}) VALUES %s {upsert}",
                    page,
                    page_size=batch,
                )
            conn.commit()
    elapsed = time.perf_counter() - started
    conn.close()
    return notes / elapsed


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=20000)
    parser.add_argument("--clients", type=int, default=4)
    parser.add_argument("--servers", type=int, default=2)
    args = parser.parse_args()
    database_url = recreate_database("fieldsignal_bench_ingest")
    env = backend_env(database_url, REDIS_URL="redis://127.0.0.1:6379/14")
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "seed_demo")
    import redis

    redis.Redis.from_url("redis://127.0.0.1:6379/14").flushdb()
    print(
        f"sync_ingest: {args.notes} notes per run, {args.clients} concurrent clients, {args.servers} daphne processes, PostgreSQL"
    )
    with served(env, processes=args.servers) as urls:
        for batch in (100, 500):
            http = http_rate(urls, args.notes, args.clients, batch)
            raw = raw_rate(database_url, args.notes, batch)
            raw_json = raw_rate(database_url, args.notes, batch, as_json=True)
            print(
                f"  batch {batch:4d}: push endpoint {http:8.0f} notes/s | raw INSERT ... ON CONFLICT {raw:8.0f} rows/s | ratio {http / raw:.2f}"
                f"\n              (raw insert in the push path's JSON form {raw_json:8.0f} rows/s | ratio {http / raw_json:.2f})"
            )
    redis.Redis.from_url("redis://127.0.0.1:6379/14").flushdb()


if __name__ == "__main__":
    main()
