"""A note pushed over HTTP is tagged by a real Celery worker and its tags reach the rep's device."""

import datetime as dt
import time
import uuid

import httpx

# One client with a generous read timeout: on a loaded two-core machine a login (a password
# hash) or a push queued behind the worker can take longer than httpx's 5 s default.
http = httpx.Client(timeout=60)


def _login(url: str, username: str) -> dict[str, str]:
    token = http.post(
        f"{url}/api/v1/auth/token", json={"username": username, "password": "fieldsignal-demo"}
    ).json()["token"]
    return {"Authorization": f"Token {token}"}


def _push_note(url: str, rep: dict[str, str], note: str) -> str:
    """Push one new note for the rep's first HCP, as a device would; return its id."""
    hcp = http.get(f"{url}/api/v1/hcps/?limit=1", headers=rep).json()["results"][0]["id"]
    obs_id = str(uuid.uuid4())
    now = dt.datetime.now(dt.UTC).isoformat()
    data = {
        "hcp": str(hcp),
        "visited_at": now,
        "channel": "in_person",
        "note": note,
        "captured_at": now,
    }
    mutation = {
        "mutation_id": 1,
        "op": "upsert",
        "entity": "observation",
        "id": obs_id,
        "base_rev": None,
        "data": data,
    }
    push = http.post(
        f"{url}/api/v1/sync/push",
        headers=rep,
        json={"client_id": str(uuid.uuid4()), "schema_version": 1, "mutations": [mutation]},
    )
    assert push.json()["results"][0]["status"] == "applied"
    return obs_id


def test_worker_tags_a_pushed_note_and_the_rep_pulls_the_tags(live_stack):
    url = live_stack["url"]
    rep = _login(url, "rep1")
    note = (
        "Dr. Okafor says the copay is way too high for most of her pts. "
        "pt Maria Lopez developed a rash 2 wks after starting Cardivra, dr stopped it"
    )
    obs_id = _push_note(url, rep, note)

    tags = None
    deadline = time.monotonic() + 60
    cursor = None
    while tags is None and time.monotonic() < deadline:
        params = {"limit": 1000, **({"cursor": cursor} if cursor else {})}
        page = http.get(f"{url}/api/v1/sync/pull", headers=rep, params=params).json()
        cursor = page["cursor"]
        tags = next(
            (c["data"] for c in page["changes"] if c["entity"] == "tags" and c["id"] == obs_id),
            None,
        )
        if tags is None and not page["has_more"]:
            time.sleep(0.5)

    assert tags is not None, "the worker never tagged the note"
    assert {"objection_price", "adverse_event"} <= {lab["label"] for lab in tags["labels"]}
    assert any(span[2] == "PATIENT_NAME" for span in tags["pii"])
    analyst = http.get(
        f"{url}/api/v1/observations/{obs_id}", headers=_login(url, "analyst1")
    ).json()
    assert "Maria Lopez" not in (analyst["text"] or "") and analyst["redaction_pending"] is False


def test_worker_raises_an_adverse_event_signal_for_the_orchestrator(live_stack):
    url = live_stack["url"]
    rep = _login(url, "rep2")
    obs_id = _push_note(
        url, rep, "pt Jonah Pierce developed a rash 2 wks after starting Cardivra, dr stopped it"
    )

    orchestrator = _login(url, "orchestrator1")
    found = None
    deadline = time.monotonic() + 60
    while found is None and time.monotonic() < deadline:
        feed = http.get(
            f"{url}/api/v1/signals",
            headers=orchestrator,
            params={"type": "adverse_event", "limit": 500},
        ).json()
        found = next(
            (s for s in feed["signals"] if obs_id in {e["observation"] for e in s["evidence"]}),
            None,
        )
        if found is None:
            time.sleep(0.5)

    assert found is not None, "no adverse-event signal reached the orchestrator"
    assert found["severity"] and found["rule"]["id"]
    assert "Jonah" not in str(found) and "Pierce" not in str(found)
