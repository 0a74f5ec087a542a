"""Pull: commit order, resumable from any cursor, exactly the user's scope."""

import uuid

import pytest

from backend.sync.models import SyncHistory
from tests.backend.sync.helpers import Device
from tests.factories import HCPFactory, observation_data


def _keys(changes):
    return {(c["entity"], c["id"]) for c in changes}


def test_rep_pulls_own_notes_territory_hcps_and_catalog_only(world, api):
    alice, bob = Device(api("alice")), Device(api("bob"))
    mine, theirs = uuid.uuid4(), uuid.uuid4()
    alice.push([alice.mutation("upsert", mine, observation_data(world.hcp_north))])
    bob.push([bob.mutation("upsert", theirs, observation_data(world.hcp_south))])

    changes, _ = alice.pull_all()

    keys = _keys(changes)
    assert ("observation", str(mine)) in keys
    assert ("observation", str(theirs)) not in keys
    assert ("hcp", str(world.hcp_north.pk)) in keys
    assert ("hcp", str(world.hcp_south.pk)) not in keys
    assert {
        ("product", str(world.own.pk)),
        ("product", str(world.rival.pk)),
        ("content_asset", str(world.asset.pk)),
    } <= keys
    note = next(c for c in changes if c["id"] == str(mine))
    assert note["data"]["hcp"] == str(world.hcp_north.pk) and note["rev"] == 1


def test_pull_resumed_from_every_cursor_of_a_paged_pull_gives_exactly_the_full_set(world, api):
    device = Device(api("alice"))
    for _ in range(4):
        HCPFactory(territory=world.north)
    device.push(
        [
            device.mutation("upsert", uuid.uuid4(), observation_data(world.hcp_north))
            for _ in range(5)
        ]
    )
    full, _ = device.pull_all(limit=1000)
    cursors, cursor = [None], None
    pages = []
    while True:
        page = device.client.get(
            "/api/v1/sync/pull", {"limit": 2, **({"cursor": cursor} if cursor else {})}
        ).json()
        assert len(page["changes"]) <= 2
        pages.append(page["changes"])
        cursor = page["cursor"]
        cursors.append(cursor)
        if not page["has_more"]:
            break

    assert [c for p in pages for c in p] == full
    for index, start in enumerate(cursors):
        rest, _ = device.pull_all(limit=2, cursor=start)
        assert rest == [c for p in pages[index:] for c in p]


def test_incremental_pull_returns_only_what_changed(world, api):
    device = Device(api("alice"))
    _, cursor = device.pull_all()
    obs = uuid.uuid4()
    device.push([device.mutation("upsert", obs, observation_data(world.hcp_north))])

    changes, cursor = device.pull_all(cursor=cursor)

    assert _keys(changes) == {("observation", str(obs))}
    assert device.pull_all(cursor=cursor)[0] == []


def test_hcp_leaving_the_territory_arrives_as_a_delete(world, api):
    device = Device(api("alice"))
    _, cursor = device.pull_all()

    world.hcp_north.territory = world.south
    world.hcp_north.save()

    changes, _ = device.pull_all(cursor=cursor)
    assert [(c["entity"], c["id"], c["op"]) for c in changes] == [
        ("hcp", str(world.hcp_north.pk), "delete")
    ]
    bob_changes, _ = Device(api("bob")).pull_all()
    assert ("hcp", str(world.hcp_north.pk)) in _keys(
        [c for c in bob_changes if c["op"] == "upsert"]
    )


def test_rep_moving_territory_gets_reset(world, api):
    device = Device(api("alice"))
    _, cursor = device.pull_all()

    world.alice.territory = world.south
    world.alice.save()

    page = device.client.get("/api/v1/sync/pull", {"cursor": cursor}).json()
    assert page["reset"] is True and page["changes"] == []
    fresh, _ = device.pull_all()
    assert ("hcp", str(world.hcp_south.pk)) in _keys(fresh)


def test_cursor_older_than_kept_history_gets_reset(world, api):
    device = Device(api("alice"))
    first = device.client.get("/api/v1/sync/pull", {"limit": 1}).json()["cursor"]
    SyncHistory.objects.create(floor_txid=10**12, floor_seq=0)

    assert device.client.get("/api/v1/sync/pull", {"cursor": first}).json()["reset"] is True


@pytest.mark.parametrize("cursor", ["garbage", "eyJ2IjogOX0"])
def test_a_cursor_the_server_never_issued_is_a_clear_400(world, api, cursor):
    response = api("alice").get("/api/v1/sync/pull", {"cursor": cursor})
    assert (response.status_code, response.json()["error"]["code"]) == (400, "invalid_cursor")


def test_pull_needs_authentication(world, api):
    assert api(None).get("/api/v1/sync/pull").status_code == 401


def test_pull_reports_the_devices_last_mutation_id(world, api):
    device = Device(api("alice"))
    device.push([device.mutation("upsert", uuid.uuid4(), observation_data(world.hcp_north))])
    page = device.client.get("/api/v1/sync/pull", {"client_id": str(device.client_id)}).json()
    assert page["last_mutation_id"] == 1
    other = api("bob").get("/api/v1/sync/pull", {"client_id": str(device.client_id)})
    assert other.status_code == 403


def test_pruned_tombstones_reset_devices_that_had_not_seen_them(world, api):
    import datetime as dt

    from backend.sync.models import Change
    from backend.sync.services import sync_history_prune

    device = Device(api("alice"))
    _, stale_cursor = device.pull_all()
    world.hcp_north.territory = world.south
    world.hcp_north.save()  # a tombstone for the north audience
    _, fresh_cursor = device.pull_all(cursor=stale_cursor)
    Change.objects.filter(op="delete").update(
        changed_at=world.hcp_north.updated_at - dt.timedelta(days=100)
    )

    assert sync_history_prune(older_than=dt.timedelta(days=90)) == 1

    pull = device.client.get("/api/v1/sync/pull", {"cursor": stale_cursor}).json()
    assert pull["reset"] is True  # it would never learn of the delete otherwise
    assert device.client.get("/api/v1/sync/pull", {"cursor": fresh_cursor}).json()["reset"] is False
