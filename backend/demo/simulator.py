"""Simulated field reps for the living demo.

Each simulated rep has its own ``field_client`` store (an offline device), logs notes the way a
rep does and syncs them through the real HTTP API every few seconds, so a newcomer sees
capture -> sync -> tags -> alerts on the analyst feed within a minute. The first run also
back-fills a few weeks of visits (dated in the past) so that trends have a history and the
spike rules have a baseline; one storyline (price objections on one brand in one territory
rising over the last days) gives the trends page a spike to show.

Only HTTP reaches the server, exactly as a device's sync would; nothing here touches the
database, except making sure the default alert rules exist (a demo world needs rules).
"""

import datetime as dt
import logging
import random
import sqlite3
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from django.conf import settings

from backend.demo.sim_notes import Catalog, DraftNote, NoteDeck, draft_from
from backend.demo.world import DEMO_PASSWORD
from field_client import selectors, services
from field_client.db import connect
from field_client.errors import ClientError
from field_client.sync import SyncEngine, SyncReport
from field_client.transport import ServerClient

logger = logging.getLogger("fieldsignal.demo")

DEFAULT_REPS = ("rep1", "rep2", "rep3", "rep4", "rep5", "rep6")
# Reps talk mostly about the brands that matter in their territory.
FOCUS = {
    "NE": ("Cardivra", "Lipozent"),
    "MW": ("Lipozent", "Glyventa"),
    "WC": ("Respiqor", "Glyventa"),
}
# The storyline: price objections on Lipozent in the Midwest rise over the last days.
STORY_TERRITORY, STORY_PRODUCT, STORY_THEME = "MW", "Lipozent", "objection_price"
STORY_DAYS = 10
BACKFILL_SYNC_EVERY = 25


def capture_delay(rng: random.Random) -> dt.timedelta:
    """How long after a visit a rep writes it up: mostly in the car park, some at the end of
    the day. The adverse-event clock runs from this moment, so it must follow the visit."""
    roll = rng.random()
    if roll < 0.7:
        return dt.timedelta(minutes=rng.randint(2, 30))
    if roll < 0.95:
        return dt.timedelta(minutes=rng.randint(31, 240))
    return dt.timedelta(minutes=rng.randint(241, 600))


def _stamp(moment: dt.datetime) -> str:
    return moment.astimezone(dt.UTC).isoformat(timespec="seconds").replace("+00:00", "Z")


@dataclass
class SimulatedRep:
    """One rep and their device."""

    username: str
    conn: sqlite3.Connection
    server: str
    token: str
    client_id: str
    territory: str
    rng: random.Random
    catalog: Catalog = field(init=False)
    hcps: list[dict[str, Any]] = field(init=False, default_factory=list)
    deck: NoteDeck = field(init=False)
    # Its own generator, so the write-up delays leave the notes each seed draws unchanged.
    delays: random.Random = field(init=False)

    def __post_init__(self) -> None:
        self.deck = NoteDeck(self.rng)
        self.delays = random.Random(f"{self.username}:capture-delay")

    @classmethod
    def sign_in(cls, *, server: str, username: str, home: Path, seed: int) -> "SimulatedRep":
        conn = connect(home / f"{username}.sqlite3")
        with ServerClient(server) as client:
            answer = client.login(username=username, password=DEMO_PASSWORD)
        user = answer.get("user") or {"username": username}
        client_id = services.session_save(
            conn, server=server, token=str(answer["token"]), user=user
        )
        rep = cls(
            username=username,
            conn=conn,
            server=server,
            token=str(answer["token"]),
            client_id=client_id,
            territory=str(user.get("territory") or ""),
            rng=random.Random(f"{seed}:{username}"),
        )
        rep.sync()
        rep.refresh_reference()
        return rep

    def refresh_reference(self) -> None:
        self.catalog = Catalog.from_device(
            selectors.product_choices(self.conn), selectors.content_choices(self.conn)
        )
        self.hcps = selectors.hcp_choices(self.conn)

    def sync(self) -> SyncReport:
        with ServerClient(self.server, token=self.token) as client:
            return SyncEngine(self.conn, client, client_id=self.client_id).run()

    def notes_on_device(self) -> int:
        return int(self.conn.execute("SELECT count(*) FROM observation").fetchone()[0])

    def _territory_products(self) -> set[str] | None:
        focus = set(FOCUS.get(self.territory, ())) & self.catalog.own_names()
        return focus or None

    def draft(self, *, day: dt.date | None = None) -> DraftNote:
        """The next note off the rep's deck: about their territory's products, and in the
        storyline's territory and days mostly a price objection on the storyline's product."""
        in_story = self.territory == STORY_TERRITORY and (
            day is None or day >= dt.date.today() - dt.timedelta(days=STORY_DAYS)
        )
        story_note = in_story and self.rng.random() < 0.8
        note = self.deck.draw(
            self.catalog,
            territory_products=self._territory_products(),
            product=STORY_PRODUCT if story_note else None,
            theme=STORY_THEME if story_note else None,
        )
        return draft_from(note, self.catalog, self.rng)

    def _territory_hcps(self) -> list[dict[str, Any]]:
        """The HCPs of the rep's territory (the device pulls only those; checked anyway)."""
        mine = [h for h in self.hcps if str(h.get("territory") or self.territory) == self.territory]
        return mine or self.hcps

    def capture(self, draft: DraftNote, *, visited_at: dt.datetime) -> str:
        """Write the visit up on the device a realistic while after it (never in the future)."""
        hcp = self.rng.choice(self._territory_hcps())
        captured_at = min(visited_at + capture_delay(self.delays), dt.datetime.now(dt.UTC))
        return services.observation_capture(
            self.conn,
            hcp=str(hcp["id"]),
            visited_at=_stamp(visited_at),
            captured_at=_stamp(captured_at),
            channel=draft.channel,
            note=draft.note,
            products=draft.products,
            content_shown=draft.content_shown,
        )


def ensure_default_rules() -> None:
    """A demo world needs alert rules; create the default set where missing."""
    try:
        from backend.alerts.rule_services import rules_ensure_defaults
        from backend.demo.rules import DEMO_RULES
    except ImportError:  # alerts not installed: the demo still shows capture, sync and tags
        return
    created = rules_ensure_defaults(tuning=DEMO_RULES)
    if created:
        logger.info("demo: created default alert rules", extra={"count": len(created)})


def wait_for_server(server: str, stop: threading.Event, *, timeout: float = 120.0) -> bool:
    deadline = time.monotonic() + timeout
    while not stop.is_set() and time.monotonic() < deadline:
        try:
            if httpx.get(f"{server}/healthz", timeout=2.0).status_code == 200:
                return True
        except httpx.TransportError:
            pass
        stop.wait(0.5)
    return False


def backfill(rep: SimulatedRep, *, days: int, per_day: float, stop: threading.Event) -> int:
    """Visits over the past ``days`` days, synced in small batches (the server tags each)."""
    today = dt.datetime.now(dt.UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    made = 0
    for back in range(days, 0, -1):
        day = today - dt.timedelta(days=back)
        # The storyline is busier as well as different: more visits, more of them about price.
        busy = rep.territory == STORY_TERRITORY and back <= STORY_DAYS
        for _ in range(max(0, round(rep.rng.gauss(per_day * (2.5 if busy else 1.0), 0.9)))):
            visit = day + dt.timedelta(hours=rep.rng.randint(8, 17), minutes=rep.rng.randint(0, 59))
            rep.capture(rep.draft(day=visit.date()), visited_at=visit)
            made += 1
            if made % BACKFILL_SYNC_EVERY == 0:
                if stop.is_set():
                    return made
                rep.sync()
    rep.sync()
    return made


@dataclass
class SimulationConfig:
    server: str
    reps: tuple[str, ...] = DEFAULT_REPS
    interval: float = 4.0
    backfill_days: int = 42
    max_notes: int | None = None  # stop after this many live notes (tests); None: run until stopped
    home: Path | None = None
    seed: int = 7


def _sign_in_all(config: SimulationConfig, stop: threading.Event) -> list[SimulatedRep]:
    home = config.home or Path(settings.DATA_DIR) / "demo-devices"
    reps = []
    for username in config.reps:
        if stop.is_set():
            break
        reps.append(
            SimulatedRep.sign_in(
                server=config.server, username=username, home=home, seed=config.seed
            )
        )
    return reps


def _live_round(rep: SimulatedRep, on_note: Callable[[str, DraftNote], None] | None) -> None:
    draft = rep.draft()
    observation_id = rep.capture(
        draft, visited_at=dt.datetime.now(dt.UTC) - dt.timedelta(minutes=rep.rng.randint(0, 50))
    )
    report = rep.sync()
    logger.info(
        "demo: %s logged a note (%s) and synced",
        rep.username,
        ", ".join(draft.themes),
        extra={"rep": rep.username, "outcomes": report.outcomes, "observation": observation_id},
    )
    if on_note is not None:
        on_note(observation_id, draft)


def run_simulation(
    config: SimulationConfig,
    stop: threading.Event,
    on_note: Callable[[str, DraftNote], None] | None = None,
) -> int:
    """Sign the reps in, back-fill history once, then log and sync notes until ``stop``."""
    if not wait_for_server(config.server, stop):
        logger.warning("demo: server %s did not come up; no simulated reps", config.server)
        return 0
    reps = _sign_in_all(config, stop)
    if config.backfill_days and reps and sum(r.notes_on_device() for r in reps) < 20:
        started = time.monotonic()
        total = sum(backfill(r, days=config.backfill_days, per_day=1.5, stop=stop) for r in reps)
        logger.info("demo: back-filled %d past visits in %.0f s", total, time.monotonic() - started)
    logged = 0
    turn = 0
    while reps and not stop.is_set() and (config.max_notes is None or logged < config.max_notes):
        rep = reps[turn % len(reps)]
        turn += 1
        try:
            _live_round(rep, on_note)
            logged += 1
        except ClientError as exc:  # server restarting, or busy: the note waits in the outbox
            logger.warning("demo: %s could not sync: %s", rep.username, exc)
        jitter = rep.rng.uniform(0.5, 1.5)
        stop.wait(config.interval * jitter)
    return logged


def start_simulation(*, server: str, stop: threading.Event, **options: Any) -> threading.Thread:
    """Run the simulated reps in a background thread (used by ``manage.py serve --demo``)."""
    ensure_default_rules()
    config = SimulationConfig(server=server, **options)

    def run() -> None:
        try:
            run_simulation(config, stop)
        except Exception:  # the demo must never take the server down with it
            logger.exception("demo: simulation stopped")

    thread = threading.Thread(target=run, daemon=True, name="demo-reps")
    thread.start()
    return thread
