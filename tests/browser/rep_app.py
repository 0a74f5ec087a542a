"""Helpers for driving the rep web app (/app/) at a phone's size, and for checking the server."""

import sqlite3
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from typing import Any

import httpx
from playwright.sync_api import expect

from tests.browser.conftest import Live

PASSWORD = "fieldsignal-demo"
PHONE = {"width": 390, "height": 844}


@contextmanager
def phone(browser: Any, live: Live, *, color_scheme: str = "light") -> Iterator[Any]:
    """A fresh browser profile at 390×844: a new device, with its own IndexedDB and client_id."""
    context = browser.new_context(
        base_url=live.url,
        viewport=PHONE,
        device_scale_factor=2,
        is_mobile=True,
        has_touch=True,
        color_scheme=color_scheme,
        # The app's CSP forbids eval; Playwright's evaluate() needs it in tests only.
        bypass_csp=True,
    )
    context.set_default_timeout(15_000)
    try:
        yield context
    finally:
        context.close()


def open_app(context: Any) -> Any:
    page = context.new_page()
    page.goto("/app/")
    page.wait_for_selector("body[data-ready=true]")
    return page


def log_in(page: Any, username: str) -> None:
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", PASSWORD)
    page.click("button[type=submit]")
    page.wait_for_selector("input[name=hcp-search]")
    wait_synced(page)
    # The service worker holds the shell from now on: the app opens with no network.
    page.wait_for_function("navigator.serviceWorker.controller !== null")


def syncs(page: Any) -> int:
    """How many syncs this page has completed."""
    return int(page.get_attribute("body", "data-syncs") or "0")


def wait_synced(page: Any, *, after: int = 0, timeout: int = 20_000) -> None:
    """Wait for a sync completed after the page's `after`-th one, leaving nothing pending."""
    page.wait_for_function(
        "n => Number(document.body.dataset.syncs || 0) > n && document.body.dataset.syncing === 'false'",
        arg=after,
        timeout=timeout,
    )
    expect(page.locator("[data-pending-count]")).to_have_text("0", timeout=timeout)


def sync_now(page: Any) -> None:
    """Tap Sync and wait for that sync to finish with nothing pending."""
    done = syncs(page)
    page.click("button[name=sync]")
    wait_synced(page, after=done)


def go_online(context: Any, page: Any) -> None:
    """Bring the network back and wait for the sync the `online` event starts."""
    done = syncs(page)
    context.set_offline(False)
    wait_synced(page, after=done)


def pending(page: Any) -> int:
    return int(page.text_content("[data-pending-count]") or "-1")


def capture(page: Any, *, hcp: str, note: str, product: bool = True) -> None:
    """Tap through the capture form: HCP by search, the first product, the note, save."""
    page.fill("input[name=hcp-search]", hcp)
    page.click("[data-hcp-id] >> nth=0")
    if product:
        page.click("[data-product-id] >> nth=0")
    page.select_option("select[name=channel]", "in_person")
    page.fill("textarea[name=note]", note)
    page.click("button[name=save]")


def idb_notes(page: Any) -> list[dict[str, Any]]:
    """The notes in the page's IndexedDB (their views)."""
    return list(
        page.evaluate(
            """async () => {
        const { openDb, req } = await import('/app/js/db.js');
        const db = await openDb();
        const rows = await req(db.transaction('observation').objectStore('observation').getAll());
        db.close();
        return rows.map((r) => ({ id: r.id, rev: r.server_rev, ...r.data }));
    }"""
        )
    )


def idb_hcps(page: Any) -> list[dict[str, Any]]:
    return list(
        page.evaluate(
            """async () => {
        const { openDb, req } = await import('/app/js/db.js');
        const db = await openDb();
        const rows = await req(db.transaction('hcp').objectStore('hcp').getAll());
        db.close();
        return rows;
    }"""
        )
    )


def server_rows(live: Live, note_like: str) -> list[tuple[str, str, int, int]]:
    """(id, note, rev, deleted) of every observation on the server whose note matches."""
    with sqlite3.connect(live.workdir / "server.sqlite3") as db:
        rows = db.execute(
            "SELECT id, note, rev, deleted FROM observations_observation WHERE note LIKE ?",
            (note_like,),
        ).fetchall()
    return [(str(uuid.UUID(str(r[0]))), str(r[1]), int(r[2]), int(r[3])) for r in rows]


def token(live: Live, username: str) -> str:
    answer = httpx.post(
        f"{live.url}/api/v1/auth/token", json={"username": username, "password": PASSWORD}
    )
    answer.raise_for_status()
    return str(answer.json()["token"])


def push_from_other_device(
    live: Live, username: str, *, observation_id: str, base_rev: int, data: dict[str, Any]
) -> dict[str, Any]:
    """An edit of a note pushed over HTTP by a second device (its own client_id) of the rep."""
    body = {
        "client_id": str(uuid.uuid4()),
        "schema_version": 1,
        "mutations": [
            {
                "mutation_id": 1,
                "op": "upsert",
                "entity": "observation",
                "id": observation_id,
                "base_rev": base_rev,
                "data": data,
            }
        ],
    }
    answer = httpx.post(
        f"{live.url}/api/v1/sync/push",
        json=body,
        headers={"Authorization": f"Token {token(live, username)}"},
    )
    answer.raise_for_status()
    return dict(answer.json()["results"][0])
