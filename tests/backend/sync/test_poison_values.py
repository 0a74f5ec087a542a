"""A poison value in one note is a rejected mutation with field errors, never a 500: devices
retry a batch on any 5xx, so a 500 here would block the device's sync for good."""

import base64
import json
import uuid

import pytest

from backend.observations.models import Observation
from tests.backend.sync.helpers import Device
from tests.factories import observation_data

BIG = 2**63  # one past SQLite's (and PostgreSQL's bigint) largest integer

POISON = [
    ("captured_at", "0001-01-01T00:00:00+01:00"),
    ("captured_at", "9999-12-31T23:59:59-14:00"),
    ("visited_at", "0001-01-01T00:00:00+01:00"),
    ("visited_at", "9999-12-31T23:59:59-14:00"),
    ("channel", ["in_person"]),
    ("channel", {"a": 1}),
    ("hcp", BIG),
    ("hcp", str(BIG)),
    ("products", [BIG]),
    ("products", [[1]]),
    ("note", ["text"]),
]


@pytest.mark.parametrize(("field", "value"), POISON, ids=[f"{f}={v!r}" for f, v in POISON])
def test_a_poison_value_is_rejected_and_the_good_note_behind_it_applies(world, api, field, value):
    device = Device(api("alice"))
    bad, good = uuid.uuid4(), uuid.uuid4()
    poison = observation_data(world.hcp_north, **{field: value})

    response = device.push(
        [
            device.mutation("upsert", bad, poison),
            device.mutation("upsert", good, observation_data(world.hcp_north, note="fine")),
        ]
    )

    assert response.status_code == 200, response.content
    first, second = response.json()["results"]
    assert first["status"] == "rejected"
    assert [e["field"] for e in first["errors"]] == [field]
    assert second["status"] == "applied"
    assert response.json()["last_mutation_id"] == 2
    assert not Observation.objects.filter(pk=bad).exists()
    assert Observation.objects.get(pk=good).note == "fine"


def test_every_poison_value_in_one_batch_still_applies_the_good_notes(world, api):
    device = Device(api("alice"))
    goods = []
    mutations = []
    for field, value in POISON:
        mutations.append(
            device.mutation(
                "upsert", uuid.uuid4(), observation_data(world.hcp_north, **{field: value})
            )
        )
        goods.append(uuid.uuid4())
        mutations.append(device.mutation("upsert", goods[-1], observation_data(world.hcp_north)))

    body = device.push(mutations).json()

    assert [r["status"] for r in body["results"]] == ["rejected", "applied"] * len(POISON)
    assert Observation.objects.filter(pk__in=goods).count() == len(POISON)


def test_datetimes_outside_a_sane_range_are_rejected_with_a_code(world, api):
    device = Device(api("alice"))
    body = device.push(
        [
            device.mutation(
                "upsert",
                uuid.uuid4(),
                observation_data(world.hcp_north, visited_at="1500-01-01T00:00:00Z"),
            )
        ]
    ).json()

    (error,) = body["results"][0]["errors"]
    assert (error["field"], error["code"]) == ("visited_at", "out_of_range")


@pytest.mark.parametrize("limit", ["²", "٣", " 5", "5.0", "-1", "0", str(BIG), "1e3"])
def test_pull_limit_that_is_not_plain_ascii_digits_is_400(world, api, limit):
    response = api("alice").get("/api/v1/sync/pull", {"limit": limit})

    if limit == str(BIG):
        # A huge limit is capped to the maximum page, like any limit above it.
        assert response.status_code == 200
    else:
        assert response.status_code == 400
        assert response.json()["error"]["code"] == "invalid_limit"


def _b64(raw: str) -> str:
    return base64.urlsafe_b64encode(raw.encode()).decode().rstrip("=")


BAD_CURSORS = [
    _b64("[1]"),
    _b64('"x"'),
    _b64("null"),
    _b64(json.dumps({"v": 1, "t": 1, "s": 1}).replace('"t": 1', '"t": 1e400')),
    _b64('{"v": 1, "t": 1e400, "s": 1, "sc": "x"}'),
    _b64('{"v": 1, "t": 9223372036854775808, "s": 1, "sc": "x"}'),
    _b64('{"v": 1, "t": -1, "s": 1, "sc": "x"}'),
    _b64('{"v": 1, "t": [1], "s": 1, "sc": "x"}'),
    "%%%",
    "\u00e9",
]


@pytest.mark.parametrize("cursor", BAD_CURSORS)
@pytest.mark.parametrize("path", ["/api/v1/sync/pull", "/api/v1/signals"])
def test_bad_cursor_is_400_invalid_cursor(world, api, path, cursor):
    response = api("orchestrator" if "signals" in path else "alice").get(path, {"cursor": cursor})

    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "invalid_cursor"
