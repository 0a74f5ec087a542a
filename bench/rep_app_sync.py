"""Rep web app (/app/) figures in headless Chromium against a live server, beside field_client's.

    .venv/bin/python bench/rep_app_sync.py [--notes 10000] [--hcps 20000] [--captures 200]

One server (daphne + fresh SQLite, demo seed, N extra HCPs in rep1's territory). field_client
captures and pushes N notes as rep1 and makes a first sync on a second device (bench/client_sync.py,
its figures printed as they come). Then the web app, in Debian's Chromium at 390×844:
- first sync: log in as rep1 on a fresh browser profile and pull the whole scope (N notes, M HCPs,
  the catalog) into IndexedDB — from tapping "Log in" to the sync's end;
- capture: save→stored latency of C notes typed into the form (from the submit event to the
  IndexedDB transaction's commit), and field_client's capture latency for C notes, each in its
  own transaction, for comparison.
Targets (issue 16): first sync <= 10 s; capture p95 <= 50 ms.
"""

from __future__ import annotations

import argparse
import logging
import statistics
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO))
sys.path.insert(0, str(REPO / "bench"))

import client_sync  # noqa: E402

from field_client import services  # noqa: E402
from field_client.selectors import session_get  # noqa: E402
from field_client.sync import SyncEngine  # noqa: E402
from field_client.transport import ServerClient  # noqa: E402
from tests.field_client.live_server import DEMO_PASSWORD, LiveServer  # noqa: E402

CHROMIUM = "/usr/bin/chromium"
COUNT_STORES = """async () => {
  const { openDb, req } = await import('/app/js/db.js');
  const db = await openDb();
  const out = {};
  for (const store of ['observation', 'hcp', 'product', 'content_asset', 'tags', 'alert']) {
    out[store] = await req(db.transaction(store).objectStore(store).count());
  }
  db.close();
  return out;
}"""


def p95(values: list[float]) -> float:
    return statistics.quantiles(values, n=20)[18] if len(values) >= 20 else max(values)


def web_first_sync(page: Any) -> tuple[float, dict[str, int], dict[str, Any]]:
    page.goto("/app/")
    page.wait_for_selector("body[data-ready=true]")
    page.fill("input[name=username]", "rep1")
    page.fill("input[name=password]", DEMO_PASSWORD)
    tapped = page.evaluate("() => performance.now()")
    started = time.perf_counter()
    page.click("button[type=submit]")
    page.wait_for_function(
        "Number(document.body.dataset.syncs || 0) >= 1", timeout=300_000, polling=50
    )
    elapsed = time.perf_counter() - started
    counts = page.evaluate(COUNT_STORES)
    report = page.evaluate("() => window.fieldsignal.lastReport")
    report["beforeMs"] = report["startedAt"] - tapped  # login, first screen, until sync starts
    report["afterMs"] = elapsed * 1000 - (report["finishedAt"] - tapped)  # scope load, list
    return elapsed, counts, report


def web_captures(page: Any, count: int) -> tuple[list[float], list[float]]:
    page.evaluate("() => { window.__fieldsignalSaves = []; window.__fieldsignalWrites = []; }")
    page.evaluate("() => { document.body.dataset.saves = '0'; window.fieldsignal.saves = 0; }")
    for n in range(count):
        page.fill("input[name=hcp-search]", "bench clinic")
        page.click("[data-hcp-id] >> nth=0")
        page.click("[data-product-id] >> nth=0")
        page.fill(
            "textarea[name=note]", f"bench web note {n}: asked about copay and the dosing card"
        )
        page.click("button[name=save]")
        # The next note starts once the list shows this one (a rep takes far longer).
        page.wait_for_function(f"Number(document.body.dataset.saves || 0) > {n}", polling=10)
    return (
        list(page.evaluate("() => window.__fieldsignalSaves")),
        list(page.evaluate("() => window.__fieldsignalWrites")),
    )


def store_captures(page: Any, count: int) -> list[float]:
    """The same capture called back to back without the form: the store's own cost, for
    telling the browser's scheduling on a loaded machine apart from the write itself."""
    return list(
        page.evaluate(
            """async (count) => {
      const { observationCapture } = await import('/app/js/outbox.js');
      const app = window.fieldsignal;
      const hcp = app.scope.hcps[0].id;
      const times = [];
      for (let n = 0; n < count; n++) {
        const started = performance.now();
        await observationCapture(app.db, { hcp, visited_at: '2025-01-15T09:00:00Z',
          channel: 'in_person', products: [], note: `bench store note ${n}` });
        times.push(performance.now() - started);
      }
      return times;
    }""",
            count,
        )
    )


def _print_latency(what: str, timings: tuple[list[float], list[float]], notes: int) -> None:
    saves, writes = timings
    print(
        f"{what}: {len(saves)} notes, p50 {statistics.median(saves):.1f} ms,"
        f" p95 {p95(saves):.1f} ms, max {max(saves):.1f} ms (save tapped -> IndexedDB commit,"
        f" {notes:,} notes in the store); the IndexedDB transaction alone p50"
        f" {statistics.median(writes):.1f} ms, p95 {p95(writes):.1f} ms"
    )


def field_client_captures(server: LiveServer, home: Path, count: int) -> list[float]:
    conn = client_sync.login(server, home)
    session = session_get(conn)
    with ServerClient(server.url, token=str(session["token"])) as client:
        SyncEngine(conn, client, client_id=str(session["client_id"])).pull()
    hcp = conn.execute("SELECT id FROM hcp LIMIT 1").fetchone()[0]
    times = []
    for n in range(count):
        started = time.perf_counter()
        services.observation_capture(
            conn,
            hcp=hcp,
            visited_at="2025-01-15T09:00:00Z",
            channel="in_person",
            note=f"bench cli note {n}: asked about copay and the dosing card",
        )
        times.append((time.perf_counter() - started) * 1000)
    return times


def main() -> None:
    logging.getLogger("httpx").setLevel(logging.WARNING)
    parser = argparse.ArgumentParser()
    parser.add_argument("--notes", type=int, default=10_000)
    parser.add_argument("--hcps", type=int, default=20_000)
    parser.add_argument("--captures", type=int, default=200)
    args = parser.parse_args()
    work = Path(tempfile.mkdtemp(prefix="rep-app-bench-"))
    server = LiveServer(work / "server")
    print(f"preparing server (migrate, seed_demo, {args.hcps} HCPs) in {work} ...", flush=True)
    server.prepare()
    server.manage("shell", "-c", client_sync.HCP_SCRIPT.replace("{count}", str(args.hcps)))
    server.start()
    try:
        print("== field_client (bench/client_sync.py) ==", flush=True)
        client_sync.run(server, work, args.notes)
        fc_capture = field_client_captures(server, work / "device-d", args.captures)
        print(
            f"capture latency: {args.captures} notes, p50 {statistics.median(fc_capture):.1f} ms,"
            f" p95 {p95(fc_capture):.1f} ms (one SQLite transaction each)"
        )
        print("== web app (/app/, headless Chromium, 390x844) ==", flush=True)
        run_web(server, args.captures)
    finally:
        server.stop()


def run_web(server: LiveServer, captures: int) -> None:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu"]
        )
        context = browser.new_context(
            base_url=server.url, viewport={"width": 390, "height": 844}, bypass_csp=True
        )
        page = context.new_page()
        first_s, counts, report = web_first_sync(page)
        rows = int(report["pulled"])
        stored_s = first_s - report["afterMs"] / 1000
        print(
            f"first sync: {rows} rows ({counts}) in IndexedDB {stored_s:.2f} s after tapping"
            f" Log in ({rows / stored_s:,.0f} rows/s end to end); app ready to search and list"
            f" at {first_s:.2f} s"
        )
        print(
            f"  of which: login and first screen {report['beforeMs'] / 1000:.2f} s; pull"
            f" {report['pullMs'] / 1000:.2f} s (waiting for the server"
            f" {report['waitMs'] / 1000:.2f} s, writing IndexedDB"
            f" {report['writeMs'] / 1000:.2f} s, overlapped); search index and list"
            f" {report['afterMs'] / 1000:.2f} s"
        )
        # In the field (no network: nothing else touches the store), then online, where each
        # save starts a sync that runs while the next note is typed and saved.
        context.set_offline(True)
        offline = web_captures(page, captures)
        _print_latency("capture latency offline", offline, counts["observation"])
        bare = store_captures(page, captures)
        print(
            f"store write alone, back to back: {len(bare)} notes, p50"
            f" {statistics.median(bare):.1f} ms, p95 {p95(bare):.1f} ms"
        )
        context.set_offline(False)
        page.wait_for_function("document.body.dataset.syncing === 'false'", timeout=300_000)
        online = web_captures(page, captures)
        _print_latency("capture latency online, syncing", online, counts["observation"])
        print(
            f"targets: first sync <= 10 s -> {'met' if stored_s <= 10 else 'NOT met'};"
            f" capture p95 <= 50 ms -> offline {'met' if p95(offline[0]) <= 50 else 'NOT met'},"
            f" online {'met' if p95(online[0]) <= 50 else 'NOT met'}"
        )
        browser.close()


if __name__ == "__main__":
    main()
