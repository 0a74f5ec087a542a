"""Simulated rep devices for the browser tests: field_client stores synced over real HTTP."""

import sqlite3
from pathlib import Path

from field_client import selectors, services
from field_client.db import connect
from field_client.outbox import utc_now
from field_client.sync import SyncEngine
from field_client.transport import ServerClient

PASSWORD = "fieldsignal-demo"


class RepDevice:
    """One rep's device: logged in, scope pulled, ready to log and sync notes."""

    def __init__(self, base_url: str, username: str, home: Path) -> None:
        self.base_url = base_url
        self.conn: sqlite3.Connection = connect(home / f"{username}.sqlite3")
        with ServerClient(base_url) as server:
            answer = server.login(username=username, password=PASSWORD)
        self.client_id = services.session_save(
            self.conn, server=base_url, token=str(answer["token"]), user=answer["user"]
        )
        self.token = str(answer["token"])
        self.sync()

    def sync(self) -> None:
        with ServerClient(self.base_url, token=self.token) as server:
            SyncEngine(self.conn, server, client_id=self.client_id).run()

    def log(self, note: str, *, products: tuple[str, ...] = (), hcp_index: int = 0) -> str:
        """Capture a note on the device and sync it; returns the note's id."""
        hcp = selectors.hcp_choices(self.conn)[hcp_index]
        by_name = {p["name"]: p["id"] for p in selectors.product_choices(self.conn)}
        observation_id = services.observation_capture(
            self.conn,
            hcp=str(hcp["id"]),
            visited_at=utc_now(),
            channel="in_person",
            note=note,
            products=[str(by_name[name]) for name in products],
        )
        self.sync()
        return observation_id
