"""Server time of an incremental pull of 1,000 changes with 1,000,000 observations stored.

    .venv/bin/python bench/sync_pull.py [--observations 1000000] [--runs 60]

Builds a scratch PostgreSQL database (fieldsignal_bench_pull): the demo world, 60 reps, and
``--observations`` observations with their change-log rows written by INSERT ... SELECT
generate_series (the push path is measured by sync_ingest.py). Then, for one rep whose device
is 1,000 changes behind, it times ``sync_pull`` in the server process (the selector a request
runs: cursor decode, horizon, merged index scans, JSON decoding) and the whole HTTP request.
"""

import argparse
import os
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from _support import ROOT, backend_env, manage, percentile, recreate_database  # noqa: E402

FILL = """
WITH reps AS (
    SELECT u.id AS rep_id, u.territory_id, row_number() OVER (ORDER BY u.id) - 1 AS n,
           count(*) OVER () AS total
    FROM accounts_user u WHERE u.role = 'rep'
),
hcps AS (SELECT territory_id, min(id) AS hcp_id FROM catalog_hcp GROUP BY territory_id)
INSERT INTO observations_observation
    (id, rep_id, territory_id, hcp_id, visited_at, channel, note, captured_at, rev, deleted,
     client_id, created_at, updated_at)
SELECT md5(g::text)::uuid, r.rep_id, r.territory_id, h.hcp_id,
       now() - (g %% 100000) * interval '1 minute', 'in_person',
       'Dr. raised copay concerns; asked for the updated dosing card. visit ' || g,
       now(), 1, false, NULL, now(), now()
FROM generate_series(1, %(n)s) AS g
JOIN reps r ON r.n = g %% r.total
JOIN hcps h ON h.territory_id = r.territory_id
"""
CHANGES = """
INSERT INTO sync_change (audience, entity, entity_id, op, rev, data, txid, seq, changed_at)
SELECT 'u:' || o.rep_id, 'observation', o.id::text, 'upsert', 1,
       jsonb_build_object('hcp', o.hcp_id::text, 'visited_at', o.visited_at, 'channel', o.channel,
                          'products', '[]'::jsonb, 'content_shown', '[]'::jsonb, 'note', o.note,
                          'captured_at', o.captured_at, 'rev', 1, 'deleted', false),
       pg_current_xact_id()::text::bigint, nextval('sync_change_seq'), now()
FROM observations_observation o ORDER BY o.created_at, o.id
"""


def build(database_url: str, observations: int) -> None:
    import psycopg2

    env = backend_env(database_url)
    manage(env, "migrate", "--verbosity", "0")
    manage(env, "seed_demo")
    conn = psycopg2.connect(database_url)
    with conn, conn.cursor() as cur:
        cur.execute("SELECT id FROM catalog_territory ORDER BY id")
        territories = [row[0] for row in cur.fetchall()]
        for i in range(54):  # 60 reps in all, like a mid-size field force
            cur.execute(
                "INSERT INTO accounts_user (password, is_superuser, username, first_name, last_name, email,"
                " is_staff, is_active, date_joined, role, territory_id)"
                " VALUES ('!', false, %s, '', '', '', false, true, now(), 'rep', %s)",
                [f"benchrep{i}", territories[i % len(territories)]],
            )
        cur.execute(FILL, {"n": observations})
        cur.execute(CHANGES)
        cur.execute("ANALYZE")
    conn.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--observations", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=60)
    parser.add_argument(
        "--reuse", action="store_true", help="reuse the database from a previous run"
    )
    args = parser.parse_args()
    name = "fieldsignal_bench_pull"
    database_url = (
        f"postgres://root@127.0.0.1:5432/{name}" if args.reuse else recreate_database(name)
    )
    started = time.perf_counter()
    if not args.reuse:
        build(database_url, args.observations)
    print(
        f"sync_pull: {args.observations:,} observations ready in {time.perf_counter() - started:.0f} s"
    )

    os.environ.update(backend_env(database_url))
    os.environ["DJANGO_SETTINGS_MODULE"] = "backend.settings"
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()
    from django.test import Client
    from rest_framework.authtoken.models import Token

    from backend.accounts.models import User
    from backend.sync.changelog import Cursor, scope_fingerprint
    from backend.sync.models import Change
    from backend.sync.selectors import audiences_for, sync_pull

    rep = User.objects.get(username="rep1")
    audiences = audiences_for(rep)
    own = Change.objects.filter(audience=f"u:{rep.pk}").order_by("-txid", "-seq")
    behind = own[1000]  # the device has everything up to here: 1,000 changes to go
    cursor = Cursor(txid=behind.txid, seq=behind.seq, scope=scope_fingerprint(audiences)).encode()
    total = Change.objects.filter(audience=f"u:{rep.pk}").count()
    print(f"  rep1 has {total:,} observation changes; pulling the last 1,000 (limit=1000)")

    server_ms = []
    for _ in range(args.runs):
        t = time.perf_counter()
        page = sync_pull(user=rep, cursor_token=cursor, limit=1000, client=None)
        server_ms.append((time.perf_counter() - t) * 1000)
        assert len(page["changes"]) == 1000 and not page["has_more"], (
            len(page["changes"]),
            page["has_more"],
        )
    client = Client()
    key = Token.objects.get_or_create(user=rep)[0].key
    http_ms = []
    for _ in range(args.runs):
        t = time.perf_counter()
        response = client.get(
            "/api/v1/sync/pull",
            {"cursor": cursor, "limit": 1000},
            HTTP_AUTHORIZATION=f"Token {key}",
        )
        http_ms.append((time.perf_counter() - t) * 1000)
        assert response.status_code == 200
    print(
        f"  server time (selector):      p50 {percentile(server_ms, 50):6.1f} ms   p95 {percentile(server_ms, 95):6.1f} ms"
    )
    print(
        f"  whole request (Django+JSON): p50 {percentile(http_ms, 50):6.1f} ms   p95 {percentile(http_ms, 95):6.1f} ms"
    )
    print("  target: p95 <= 100 ms")


if __name__ == "__main__":
    main()
