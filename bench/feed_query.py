"""p50/p95 of the insight feed page's queries, with filters, on 1,000,000 observations in PostgreSQL.

    .venv/bin/python bench/feed_query.py [--rows 1000000] [--runs 30] [--regenerate]

Uses its own database (fieldsignal_bench_feed on 127.0.0.1). The first run migrates it and fills
it with INSERT ... SELECT generate_series (about 1M observations, 1.4M product links, 1M
taggings, 1.3M labels; a few minutes); later runs reuse the data. Each scenario times
what the feed page runs: ``backend.insights.selectors.feed_page`` (the scoped, filtered, keyset
query for 50 rows plus the prefetches that load their products, content and labels) and
``backend.insights.facets.feed_counts`` (the result count and every filter option's count,
read from the daily roll-up where it can answer, else counted live up to 500). The generated
notes are rolled up once after loading (``feed_rollup_rebuild``) and the tables vacuumed before
every run, as autovacuum keeps them in production. Counts run first, as in the
view, so a live count's walk gives the first page its rows. "page p95" and "count p95" split the
p95 between the two; "rows" is the page's rows, "count" the matching notes the page reports. The user is
an analyst scoped to 3 of 10 territories, except where the scenario says admin.
"""

import argparse
import datetime as dt
import os
import statistics
import sys
import time
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parent))
sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
from _support import backend_env, manage, pg_url, recreate_database  # noqa: E402

DB_NAME = "fieldsignal_bench_feed"
TERRITORIES, OWN, RIVALS, REPS, HCPS = 10, 12, 8, 200, 5000
LABELS = [
    ("objection_price", 18), ("objection_access", 16), ("competitor_preference", 10),
    ("content_request", 10), ("positive_feedback", 9), ("objection_efficacy", 7),
    ("sample_request", 6), ("patient_support", 6), ("objection_dosing", 5),
    ("objection_safety", 4), ("channel_preference", 4), ("stale_content", 3),
    ("adverse_event", 1), ("off_label", 1),
]  # fmt: skip
PHRASES_A = [
    "Office manager says the copay is too high for most patients",
    "Formulary review failed again at the health system",
    "Prior auth takes two weeks and staff are frustrated",
    "Prefers the competitor for new starts",
    "Asked for reprints of the outcomes data",
    "Really happy with results so far",
    "Worried about tolerability in older patients",
    "Dosing schedule is a hassle for elderly patients",
    "Wants samples and starter kits this week",
    "Hub enrollment stalls and the copay card does not activate",
]
PHRASES_B = [
    "Quick visit.", "Lunch in-service with staff.", "Brief hallway chat.", "Follow up Thursday.",
    "Left the leave-behind.", "Will send the deck by email.", "Nurse joined the discussion.",
]  # fmt: skip


def _setup_django(database_url: str) -> None:
    os.environ.update(backend_env(database_url))
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
    import django

    django.setup()


def _reference_data() -> None:
    from backend.accounts.models import Role, User
    from backend.catalog.models import HCP, Product, Territory

    territories = Territory.objects.bulk_create(
        Territory(code=f"T{i:02d}", name=f"Territory {i}") for i in range(TERRITORIES)
    )
    Product.objects.bulk_create(
        [Product(name=f"Own{i:02d}", company="own", therapeutic_area=f"TA{i % 4}") for i in range(OWN)]
        + [Product(name=f"Rival{i:02d}", company="competitor", therapeutic_area=f"TA{i % 4}") for i in range(RIVALS)]
    )  # fmt: skip
    User.objects.bulk_create(
        [User(username=f"rep{i:03d}", role=Role.REP, territory=territories[i % TERRITORIES]) for i in range(REPS)]
        + [User(username="analyst", role=Role.ANALYST), User(username="admin", role=Role.ADMIN)]
    )  # fmt: skip
    User.objects.get(username="analyst").scope_territories.set(territories[:3])
    HCP.objects.bulk_create(
        HCP(external_id=f"H{i:05d}", name=f"Dr. H{i}", territory=territories[i % TERRITORIES])
        for i in range(HCPS)
    )


def _sql_array(items: list[str]) -> str:
    return "(ARRAY[" + ",".join("'" + s.replace("'", "''") + "'" for s in items) + "])"


def _label_case() -> str:
    """A CASE mapping a number 0..99 to a label, following the weights above."""
    parts, edge = [], 0
    for label, weight in LABELS:
        edge += weight
        parts.append(f"WHEN b < {edge} THEN '{label}'")
    return "CASE " + " ".join(parts) + f" ELSE '{LABELS[0][0]}' END"


def _generate(rows: int) -> None:
    from django.db import connection

    started = time.perf_counter()
    with connection.cursor() as cur:
        cur.execute("SELECT id FROM accounts_user WHERE role = 'rep' ORDER BY id")
        rep_ids = [r[0] for r in cur.fetchall()]
        cur.execute("SELECT min(id) FROM catalog_hcp")
        hcp0 = cur.fetchone()[0]
        cur.execute("SELECT min(id) FROM catalog_product")
        product0 = cur.fetchone()[0]
        cur.execute("SELECT min(id) FROM catalog_territory")
        territory0 = cur.fetchone()[0]
        rep0 = rep_ids[0]
        # Loading is much faster without the trigram index; it is rebuilt at the end.
        cur.execute("DROP INDEX IF EXISTS insights_tagging_text_trgm")
        # Independent pseudo-random choices per note (no accidental correlation between rep,
        # product, label and text), so each filter keeps its own selectivity within scope.
        cur.execute(
            "CREATE OR REPLACE FUNCTION bench_rand(salt text, g int) RETURNS int AS $$"
            " SELECT (('x' || substr(md5(salt || g::text), 1, 8))::bit(32)::int & 2147483647)"
            " $$ LANGUAGE sql IMMUTABLE"
        )
        # Rep r sits in territory r % 10 (see _reference_data); notes arrive one every ~5 s
        # over the last ~58 days, visits 1-48 hours before arrival; 0.1% mention a rare phrase.
        cur.execute(
            f"""
            INSERT INTO observations_observation
              (id, rep_id, territory_id, hcp_id, visited_at, channel, note, captured_at, rev,
               deleted, client_id, created_at, updated_at)
            SELECT md5('obs' || g)::uuid, {rep0} + r, {territory0} + r % {TERRITORIES},
                   {hcp0} + r % {TERRITORIES} + {TERRITORIES} * (bench_rand('h', g) % ({HCPS} / {TERRITORIES})),
                   now() - make_interval(secs => ({rows} - g) * 5 + 3600 * (1 + bench_rand('v', g) % 48)),
                   (ARRAY['in_person','in_person','remote','phone','email'])[1 + bench_rand('c', g) % 5],
                   {_sql_array(PHRASES_A)}[1 + bench_rand('a', g) % {len(PHRASES_A)}] || '. ' ||
                   {_sql_array(PHRASES_B)}[1 + bench_rand('b', g) % {len(PHRASES_B)}] ||
                   CASE WHEN bench_rand('rare', g) % 1000 = 0 THEN ' Mentioned the registry study.' ELSE '' END,
                   NULL, 1, false, NULL,
                   now() - make_interval(secs => ({rows} - g) * 5),
                   now() - make_interval(secs => ({rows} - g) * 5)
            FROM (SELECT g, bench_rand('rep', g) % {REPS} AS r FROM generate_series(1, {rows}) g) AS s
            """
        )
        cur.execute(
            f"""
            INSERT INTO observations_observationproduct (observation_id, product_id)
            SELECT md5('obs' || g)::uuid, {product0} + bench_rand('p', g) % {OWN}
            FROM generate_series(1, {rows}) g
            UNION ALL
            SELECT md5('obs' || g)::uuid, {product0} + {OWN} + bench_rand('rv', g) % {RIVALS}
            FROM generate_series(1, {rows}) g WHERE bench_rand('r', g) % 3 = 0
            """
        )
        cur.execute(
            """
            INSERT INTO tagging_observationtagging
              (observation_id, observation_rev, model_version, redacted_text, scores,
               model_labels, evidence, entities, pii, tagged_at, safety)
            SELECT id, 1, 'bench-1', note, '{}', '[]', '[]', '[]', '[]', created_at, '{}'
            FROM observations_observation
            """
        )
        label_case = _label_case()
        cur.execute(
            f"""
            INSERT INTO tagging_observationlabel
              (observation_id, label, confidence, source, model_version, created_at,
               note_created_at, note_visited_at, note_territory_id)
            SELECT o.id, l.label, l.confidence, 'model', 'bench-1', now(),
                   o.created_at, o.visited_at, o.territory_id
            FROM (
              SELECT md5('obs' || g)::uuid AS id,
                     {label_case.replace("b <", "bench_rand('l1', g) % 100 <")} AS label,
                     0.8 AS confidence
              FROM generate_series(1, {rows}) g
              UNION ALL
              SELECT md5('obs' || g)::uuid,
                     {label_case.replace("b <", "bench_rand('l2', g) % 100 <")}, 0.7
              FROM generate_series(1, {rows}) g
              WHERE bench_rand('l2x', g) % 10 < 3
            ) AS l JOIN observations_observation AS o ON o.id = l.id
            ON CONFLICT DO NOTHING
            """
        )
        cur.execute(
            "CREATE INDEX insights_tagging_text_trgm ON tagging_observationtagging "
            "USING gin ((UPPER(redacted_text::text)) gin_trgm_ops)"
        )
    print(f"generated {rows:,} observations in {time.perf_counter() - started:.0f} s")


def _vacuum() -> None:
    """VACUUM ANALYZE the loaded tables, as autovacuum does in production after a bulk write:
    without the visibility map it sets, every index-only scan still reads the table's rows (this
    machine's cluster runs with autovacuum off)."""
    from django.db import connection

    with connection.cursor() as cur:
        for table in (
            "observations_observation",
            "observations_observationproduct",
            "tagging_observationtagging",
            "tagging_observationlabel",
            "insights_feeddaycount",
            "insights_feedcountednote",
        ):
            cur.execute(f"VACUUM ANALYZE {table}")


def _existing_rows(url: str) -> int:
    """Observations already loaded by an earlier run (0 when the database is not there)."""
    import psycopg2

    try:
        conn = psycopg2.connect(url)
    except psycopg2.OperationalError:
        return 0
    with conn, conn.cursor() as cur:
        cur.execute("SELECT to_regclass('observations_observation') IS NOT NULL")
        if not cur.fetchone()[0]:
            return 0
        cur.execute("SELECT count(*) FROM observations_observation")
        count = int(cur.fetchone()[0])
    conn.close()
    return count


def _row_count() -> int:
    from django.db import connection

    with connection.cursor() as cur:
        cur.execute(
            "SELECT reltuples::bigint FROM pg_class WHERE relname = 'observations_observation'"
        )
        row = cur.fetchone()
    return int(row[0]) if row else 0


def _scenarios() -> list[tuple[str, str, dict[str, Any], str | None]]:
    """(name, user, filters, cursor-depth) — depth: None first page, or rows to skip."""
    from backend.accounts.models import User
    from backend.catalog.models import Product, Territory

    own = Product.objects.get(name="Own03").pk
    rival = Product.objects.get(name="Rival02").pk
    scoped = Territory.objects.get(code="T01").pk
    rep = User.objects.filter(username="rep011").values_list("pk", flat=True).get()
    today = dt.date.today()
    return [
        ("scope only", "analyst", {}, None),
        ("label", "analyst", {"label": "objection_access"}, None),
        ("rare label", "analyst", {"label": "off_label"}, None),
        ("product", "analyst", {"product": own}, None),
        ("competitor", "analyst", {"competitor": rival}, None),
        ("territory", "analyst", {"territory": scoped}, None),
        ("rep", "analyst", {"rep": rep}, None),
        ("visited last 7 days", "analyst", {"date_from": today - dt.timedelta(days=7)}, None),
        ("visited 30-40 days ago", "analyst", {"date_from": today - dt.timedelta(days=40), "date_to": today - dt.timedelta(days=30)}, None),
        ("text: common", "analyst", {"q": "formulary"}, None),
        ("text: absent", "analyst", {"q": "no such words"}, None),
        ("text: rare", "analyst", {"q": "registry study"}, None),
        ("label+product+dates", "analyst", {"label": "objection_price", "product": own, "date_from": today - dt.timedelta(days=30)}, None),
        ("rare label+competitor", "analyst", {"label": "adverse_event", "competitor": rival}, None),
        ("label+text", "analyst", {"label": "objection_price", "q": "copay"}, None),
        ("admin, everything", "admin", {}, None),
        ("admin, label", "admin", {"label": "stale_content"}, None),
        ("page 200 (keyset)", "analyst", {}, 10_000),
        ("page 200, label", "analyst", {"label": "objection_access"}, 10_000),
    ]  # fmt: skip


def _cursor_at(user: Any, filters: Any, depth: int) -> str | None:
    from backend.insights.selectors import encode_cursor, feed_queryset

    obs = feed_queryset(user, filters)[depth : depth + 1].first()
    return encode_cursor(obs, filters.order_field) if obs is not None else None


def _p95(timings: list[float]) -> float:
    ordered = sorted(timings)
    return ordered[max(0, int(round(0.95 * len(ordered))) - 1)]


def _roll_up() -> None:
    """Count the generated notes into the feed's roll-up (the SQL load bypasses the write
    services that keep it), as ``manage.py rebuild_feed_counts`` does on an existing database."""
    from backend.insights.rollups import feed_rollup_rebuild

    started = time.perf_counter()
    notes = feed_rollup_rebuild()
    print(f"rolled up {notes:,} notes in {time.perf_counter() - started:.0f} s")


def measure(runs: int, only: str = "") -> None:
    from django.db import connection, reset_queries

    from backend.accounts.models import User
    from backend.insights.facets import feed_counts
    from backend.insights.selectors import FeedFilters, feed_page

    results = []
    for name, username, raw, depth in _scenarios():
        if only and only not in name:
            continue
        user = User.objects.get(username=username)
        filters = FeedFilters(**raw)
        cursor = _cursor_at(user, filters, depth) if depth else None
        timings, pages, counting, rows, queries, shown = [], [], [], 0, 0, ""
        for i in range(runs + 2):
            reset_queries()
            # In the view's order: a live count walks the newest notes, which the page reuses.
            started = time.perf_counter()
            counts = feed_counts(user, filters)
            counted = time.perf_counter()
            page = feed_page(user, filters, cursor=cursor, newest=counts.newest)
            done = time.perf_counter()
            shown = counts.total_shown
            if i >= 2:  # the first two runs warm the cache and the connection
                timings.append((done - started) * 1000)
                counting.append((counted - started) * 1000)
                pages.append((done - counted) * 1000)
            rows = len(page.observations)
            queries = len(connection.queries)
        results.append(
            (name, statistics.median(timings), _p95(timings), _p95(pages), _p95(counting), rows, shown, queries)
        )  # fmt: skip
    print(
        f"\n{'scenario':<26}{'p50 ms':>9}{'p95 ms':>9}{'page p95':>10}{'count p95':>10}"
        f"{'rows':>6}{'count':>9}{'queries':>9}"
    )
    for name, p50, p95, page_p95, count_p95, rows, shown, queries in results:
        print(
            f"{name:<26}{p50:>9.1f}{p95:>9.1f}{page_p95:>10.1f}{count_p95:>10.1f}"
            f"{rows:>6}{shown:>9}{queries:>9}"
        )
    everything = [r[2] for r in results]
    print(f"\nworst scenario p95: {max(everything):.1f} ms (target <= 200 ms)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawTextHelpFormatter
    )
    parser.add_argument("--rows", type=int, default=1_000_000)
    parser.add_argument("--runs", type=int, default=30)
    parser.add_argument("--regenerate", action="store_true", help="drop and rebuild the data")
    parser.add_argument("--only", default="", help="only the scenarios whose name has this")
    args = parser.parse_args()

    url = pg_url(DB_NAME)
    fresh = args.regenerate or _existing_rows(url) < args.rows * 0.95
    if fresh:
        url = recreate_database(DB_NAME)
    manage(backend_env(url), "migrate", "--noinput", "-v", "0")
    _setup_django(url)
    from django.conf import settings

    settings.DEBUG = True  # count queries per page
    if fresh:
        _reference_data()
        _generate(args.rows)
    from backend.insights.models import FeedCountedNote

    if fresh or not FeedCountedNote.objects.exists():
        _roll_up()
    _vacuum()  # quick when nothing changed; after a migration that rewrote rows, needed
    print(f"observations: ~{_row_count():,}; PostgreSQL at {url}")
    measure(args.runs, args.only)


if __name__ == "__main__":
    main()
