"""Field client sync figures against a live server on 127.0.0.1 (daphne + fresh SQLite).

    .venv/bin/python bench/client_sync.py [--notes 10000] [--hcps 20000]

Prints: capture rate; pushing N queued notes (time, notes/s); a rep's first sync of N
observations + M HCPs + the catalog (time, rows/s); and the local apply of the same pages to an
empty store without the network (rows/s). Targets (issue 4): first sync <= 5 s, apply >= 20,000 rows/s.
"""

from __future__ import annotations

import argparse
import contextlib
import logging
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))

from field_client import services, sync  # noqa: E402
from field_client.apply import pull_page_apply  # noqa: E402
from field_client.db import connect, write_tx  # noqa: E402
from field_client.selectors import session_get  # noqa: E402
from field_client.transport import ServerClient  # noqa: E402
from tests.field_client.live_server import DEMO_PASSWORD, LiveServer  # noqa: E402

HCP_SCRIPT = """
from django.db import transaction
from backend.accounts.models import User
from backend.catalog.models import HCP
from backend.sync.changelog import ChangeRow, change_append, territory_audience
from backend.sync.signals import hcp_data
territory = User.objects.get(username="rep1").territory
with transaction.atomic():
    made = HCP.objects.bulk_create(
        [HCP(external_id=f"BENCH-{n:06d}", name=f"Dr. Bench {n}", specialty="Cardiology",
             institution="Bench Clinic", territory=territory) for n in range({count})],
        batch_size=2000,
    )
    made = list(HCP.objects.filter(external_id__startswith="BENCH-").select_related("territory"))
    change_append(ChangeRow(territory_audience(territory.id), "hcp", str(h.pk), "upsert", 0, hcp_data(h)) for h in made)
print(len(made))
"""


def login(server: LiveServer, home: Path) -> Any:
    conn = connect(home / "field_client.sqlite3")
    with ServerClient(server.url) as client:
        answer = client.login(username="rep1", password=DEMO_PASSWORD)
    services.session_save(conn, server=server.url, token=answer["token"], user=answer["user"])
    return conn


def engine(conn: Any, server: LiveServer, client: ServerClient) -> sync.SyncEngine:
    return sync.SyncEngine(conn, client, client_id=str(session_get(conn)["client_id"]))


@contextlib.contextmanager
def recording_pages(client: ServerClient, pages: list[dict[str, Any]]) -> Iterator[None]:
    real = client.pull

    def pull(**kwargs: Any) -> dict[str, Any]:
        page = real(**kwargs)
        pages.append(page)
        return page

    client.pull = pull  # type: ignore[method-assign]
    try:
        yield
    finally:
        client.pull = real  # type: ignore[method-assign]


def main() -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--hcps", type=int, default=20_000)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="fc-bench-"))
    server = LiveServer(work / "server")
    print(f"preparing server (migrate, seed_demo, {args.hcps} HCPs) in {work} ...", flush=True)
    server.prepare()
    server.manage("shell", "-c", HCP_SCRIPT.replace("{count}", str(args.hcps)))
    server.start()
    try:
        run(server, work, args.notes)
    finally:
        server.stop()


def run(server: LiveServer, work: Path, notes: int) -> None:
    # Device A: capture notes offline, then push them all.
    conn_a = login(server, work / "device-a")
    with ServerClient(server.url, token=session_get(conn_a)["token"]) as client:
        engine(conn_a, server, client).pull()
        hcps = [r[0] for r in conn_a.execute("SELECT id FROM hcp LIMIT 500")]
        started = time.perf_counter()
        for n in range(notes):
            services.observation_capture(
                conn_a,
                hcp=hcps[n % len(hcps)],
                visited_at="2025-01-15T09:00:00Z",
                channel="in_person",
                note=f"bench note {n}: asked about copay and the dosing card",
            )
        capture_s = time.perf_counter() - started
        print(
            f"capture: {notes} notes in {capture_s:.2f} s ({notes / capture_s:,.0f} notes/s, one transaction each)"
        )
        push_engine = engine(conn_a, server, client)
        started = time.perf_counter()
        push_engine.push()
        push_s = time.perf_counter() - started
    pushed = push_engine.report.pushed
    print(
        f"push: {pushed} queued notes in {push_s:.2f} s ({pushed / push_s:,.0f} notes/s), outcomes {push_engine.report.outcomes}"
    )

    # Device B: a rep's first sync of the whole scope.
    conn_b = login(server, work / "device-b")
    pages: list[dict[str, Any]] = []
    with (
        ServerClient(server.url, token=session_get(conn_b)["token"]) as client,
        recording_pages(client, pages),
    ):
        first = engine(conn_b, server, client)
        started = time.perf_counter()
        first.run()
        first_s = time.perf_counter() - started
    counts = {
        t: conn_b.execute(f"SELECT count(*) FROM {t}").fetchone()[0]
        for t in ("observation", "hcp", "product", "content_asset")
    }
    rows = first.report.pulled
    print(
        f"first sync: {rows} rows ({counts}) in {first_s:.2f} s ({rows / first_s:,.0f} rows/s end to end, {len(pages)} pages)"
    )

    # The same pages applied to an empty store, without the network: the client's own cost.
    conn_c = connect(work / "device-c" / "field_client.sqlite3")
    started = time.perf_counter()
    for page in pages:
        with write_tx(conn_c):
            pull_page_apply(conn_c, changes=page.get("changes") or [], cursor=page.get("cursor"))
    apply_s = time.perf_counter() - started
    print(
        f"local apply: {rows} rows in {apply_s:.2f} s ({rows / apply_s:,.0f} rows/s, one transaction per page of 1,000)"
    )
    print(
        f"targets: first sync <= 5 s -> {'met' if first_s <= 5 else 'NOT met'}; "
        f"apply >= 20,000 rows/s -> {'met' if rows / apply_s >= 20_000 else 'NOT met'}"
    )


if __name__ == "__main__":
    main()
