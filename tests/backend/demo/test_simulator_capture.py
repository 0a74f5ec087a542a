"""Demo notes are written up a while after the visit, so the adverse-event clock (which runs
from captured_at) tells the truth about back-filled history."""

import datetime as dt
import random
from pathlib import Path

from backend.demo.sim_notes import DraftNote
from backend.demo.simulator import SimulatedRep, capture_delay
from field_client import selectors
from field_client.db import connect


def _rep(tmp_path: Path) -> SimulatedRep:
    rep = SimulatedRep(
        username="rep1",
        conn=connect(tmp_path / "rep1.sqlite3"),
        server="http://unused",
        token="t",
        client_id="c",
        territory="NE",
        rng=random.Random("7:rep1"),
    )
    rep.hcps = [{"id": "1", "territory": "NE"}]
    return rep


def _parse(stamp: str) -> dt.datetime:
    return dt.datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def _captured(rep: SimulatedRep, observation_id: str) -> dt.datetime:
    detail = selectors.observation_detail(rep.conn, observation_ref=observation_id)
    return _parse(detail["captured_at"])


def test_a_back_filled_visit_is_captured_minutes_to_hours_after_it(tmp_path: Path) -> None:
    # Given a rep back-filling visits from three weeks ago
    rep = _rep(tmp_path)
    draft = DraftNote(note="copay", themes=[], products=[], content_shown=[], channel="phone")
    visits = [
        dt.datetime(2026, 11, 16, 9, 0, tzinfo=dt.UTC) + dt.timedelta(hours=i) for i in range(40)
    ]
    # When each is captured on the device
    ids = [rep.capture(draft, visited_at=visit) for visit in visits]
    # Then captured_at follows its own visit by 2 minutes to 10 hours, not the seed time
    delays = []
    for observation_id, visit in zip(ids, visits, strict=True):
        delays.append(_captured(rep, observation_id) - visit)
    assert all(dt.timedelta(minutes=2) <= d <= dt.timedelta(hours=10) for d in delays), delays
    assert len(set(delays)) > 10  # a spread, not one fixed offset


def test_a_visit_just_now_is_never_captured_in_the_future(tmp_path: Path) -> None:
    rep = _rep(tmp_path)
    draft = DraftNote(note="samples", themes=[], products=[], content_shown=[], channel="phone")
    before = dt.datetime.now(dt.UTC)
    observation_id = rep.capture(draft, visited_at=before - dt.timedelta(minutes=1))
    assert _captured(rep, observation_id) <= dt.datetime.now(dt.UTC)


def test_most_write_ups_come_within_half_an_hour() -> None:
    rng = random.Random(1)
    delays = [capture_delay(rng) for _ in range(1000)]
    assert sum(d <= dt.timedelta(minutes=30) for d in delays) > 600
    assert max(delays) <= dt.timedelta(hours=10) and min(delays) >= dt.timedelta(minutes=2)
