"""A live FieldSignal server (daphne, fresh SQLite, demo seed, fake tagger) and headless Chromium.

Browser tests are skipped when Chromium is missing (``.ci/run`` installs Debian's package).
"""

import os
import socket
import subprocess
import sys
import threading
import time
import warnings
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import httpx
import pytest

REPO = Path(__file__).resolve().parents[2]
CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]
SCREENSHOTS = REPO / "docs" / "img"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


@dataclass
class Live:
    url: str
    workdir: Path


def _env(workdir: Path) -> dict[str, str]:
    env = {k: v for k, v in os.environ.items() if k not in {"DATABASE_URL", "REDIS_URL"}}
    env.update(
        {
            "DATABASE_URL": f"sqlite:///{workdir / 'server.sqlite3'}",
            "FIELDSIGNAL_DATA_DIR": str(workdir),
            "DJANGO_SETTINGS_MODULE": "backend.settings",
            "CELERY_TASK_ALWAYS_EAGER": "true",
            "PYTHONPATH": str(REPO),
            "LOG_LEVEL": "WARNING",
            "THROTTLE_ENABLED": "false",  # the pages are under test here, not rate limits
        }
    )
    return env


@pytest.fixture(scope="session")
def live(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Live]:
    if not Path(CHROMIUM).exists():
        pytest.skip("Chromium is not installed (apt-get install chromium)")
    workdir = tmp_path_factory.mktemp("browser-server")
    env = _env(workdir)
    for args in (["migrate", "--noinput", "-v", "0"], ["seed_demo"], ["alerts_default_rules"]):
        subprocess.run(
            [sys.executable, "manage.py", *args],
            cwd=REPO,
            env=env,
            check=True,
            capture_output=True,
            timeout=300,
        )
    port = _free_port()
    log = (workdir / "server.log").open("ab")
    process = subprocess.Popen(
        [sys.executable, str(REPO / "tests" / "browser" / "server.py"), str(port)],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if process.poll() is not None or time.monotonic() > deadline:
                raise RuntimeError((workdir / "server.log").read_text()[-3000:])
            time.sleep(0.2)
        yield Live(url=url, workdir=workdir)
    finally:
        process.terminate()
        try:
            process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


@pytest.fixture(scope="session")
def demo_history(live: Live) -> None:
    """Six weeks of past visits logged by the demo's simulated reps (through field_client and
    the sync API, like the living demo): gives the trends a history and the spike rule a
    baseline, and the screenshots something to show."""
    from backend.demo.simulator import SimulationConfig, run_simulation

    config = SimulationConfig(
        server=live.url, backfill_days=42, max_notes=0, home=live.workdir / "demo-devices"
    )
    run_simulation(config, threading.Event())


# Module scope on purpose: Playwright's sync API keeps an event loop running in the main thread
# while it is open, and Django then refuses ORM calls from that thread (SynchronousOnlyOperation).
# A session-wide browser broke every database test that ran after a browser module in random
# order; closing it at the end of each browser module keeps the rest of the suite order-free.
@pytest.fixture(scope="module")
def browser(live: Live) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        yield chromium
        chromium.close()


def login(browser: Any, live: Live, username: str) -> Any:
    """A new browser context signed in as ``username``; returns its page."""
    context = browser.new_context(
        base_url=live.url, viewport={"width": 1360, "height": 900}, accept_downloads=True
    )
    context.set_default_timeout(15_000)
    page = context.new_page()
    page.goto("/login/")
    page.fill("input[name=username]", username)
    page.fill("input[name=password]", "fieldsignal-demo")
    page.click("button[type=submit]")
    page.wait_for_url(f"{live.url}/")
    return page


def screenshot(page: Any, name: str) -> None:
    """Save a picture for the docs. A screenshot is a by-product, not an assertion: Chromium
    under load sometimes answers "Unable to capture screenshot" (seen once on the PostgreSQL
    leg), and that must not fail the test whose checks all passed."""
    from playwright.sync_api import Error as PlaywrightError

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    try:
        page.screenshot(path=str(SCREENSHOTS / f"{name}.png"), full_page=False)
    except PlaywrightError as exc:
        warnings.warn(f"screenshot {name} not taken: {exc}", stacklevel=2)
