"""Push: exactly once, in order, rejected never blocks, conflicts keep both versions."""

import uuid

from backend.audit.models import AuditEvent
from backend.observations.models import Observation
from backend.sync.models import Conflict
from tests.backend.sync.helpers import Device
from tests.factories import observation_data


def test_new_note_is_applied_with_rev_1_and_audited(world, api):
    device = Device(api("alice"))
    obs_id = uuid.uuid4()

    response = device.push(
        [device.mutation("upsert", obs_id, observation_data(world.hcp_north, note="hi"))]
    )

    assert response.status_code == 200
    body = response.json()
    assert body["last_mutation_id"] == 1
    assert body["results"] == [{"mutation_id": 1, "status": "applied", "id": str(obs_id), "rev": 1}]
    stored = Observation.objects.get(pk=obs_id)
    assert (stored.note, stored.rep, stored.territory) == ("hi", world.alice, world.north)
    audit = AuditEvent.objects.get(entity="observations.observation", entity_id=str(obs_id))
    assert (audit.action, audit.via, audit.actor_username) == ("create", "sync", "alice")


def test_replaying_a_whole_batch_three_times_changes_nothing(world, api):
    device = Device(api("alice"))
    ids = [uuid.uuid4() for _ in range(3)]
    batch = [
        device.mutation("upsert", i, observation_data(world.hcp_north, note=f"n{n}"))
        for n, i in enumerate(ids)
    ]
    first = device.push(batch).json()
    before = list(Observation.objects.order_by("pk").values_list("pk", "rev", "note", "updated_at"))
    audit_count = AuditEvent.objects.count()

    for _ in range(3):
        replay = device.push(batch).json()
        assert [r["status"] for r in replay["results"]] == ["duplicate"] * 3
        assert [r["original_status"] for r in replay["results"]] == ["applied"] * 3
        assert [r["rev"] for r in replay["results"]] == [r["rev"] for r in first["results"]]
        assert replay["last_mutation_id"] == 3

    assert (
        list(Observation.objects.order_by("pk").values_list("pk", "rev", "note", "updated_at"))
        == before
    )
    assert AuditEvent.objects.count() == audit_count


def test_a_gap_is_answered_409_with_the_expected_id_and_applies_nothing(world, api):
    device = Device(api("alice"))
    device.push([device.mutation("upsert", uuid.uuid4(), observation_data(world.hcp_north))])
    device.next_id = 5

    response = device.push(
        [device.mutation("upsert", uuid.uuid4(), observation_data(world.hcp_north))]
    )

    assert response.status_code == 409
    assert response.json()["error"]["code"] == "mutation_gap"
    assert response.json()["error"]["details"]["expected"] == 2
    assert Observation.objects.count() == 1


def test_a_client_id_belongs_to_its_first_user(world, api):
    shared = uuid.uuid4()
    Device(api("alice"), shared).push([])

    response = Device(api("bob"), shared).push([])

    assert response.status_code == 403
    assert response.json()["error"]["code"] == "client_id_taken"


def test_upsert_of_another_reps_observation_is_rejected_without_revealing_it(world, api):
    alice, bob = Device(api("alice")), Device(api("bob"))
    obs_id = uuid.uuid4()
    alice.push(
        [alice.mutation("upsert", obs_id, observation_data(world.hcp_north, note="alice's secret"))]
    )

    result = bob.push(
        [
            bob.mutation(
                "upsert", obs_id, observation_data(world.hcp_south, note="bob's"), base_rev=1
            )
        ]
    ).json()

    assert result["results"][0]["status"] == "rejected"
    assert result["results"][0]["errors"][0]["code"] == "id_unavailable"
    assert "alice" not in str(result)
    assert Observation.objects.get(pk=obs_id).note == "alice's secret"


def test_rejected_then_applied_in_one_batch(world, api):
    device = Device(api("alice"))
    bad, good = uuid.uuid4(), uuid.uuid4()
    batch = [
        device.mutation("upsert", bad, observation_data(world.hcp_south)),  # other territory
        device.mutation("upsert", good, observation_data(world.hcp_north)),
    ]

    results = device.push(batch).json()["results"]

    assert [r["status"] for r in results] == ["rejected", "applied"]
    assert results[0]["errors"] == [
        {
            "field": "hcp",
            "code": "hcp_out_of_territory",
            "message": "This HCP is not in your territory",
        }
    ]
    assert list(Observation.objects.values_list("pk", flat=True)) == [good]


def test_field_errors_carry_stable_codes(world, api):
    device = Device(api("alice"))
    cases = {
        "unknown_hcp": {"hcp": "999999"},
        "invalid_channel": {"channel": "pigeon"},
        "note_too_long": {"note": "x" * 10_001},
        "visited_at_in_future": {"visited_at": "2999-01-01T00:00:00Z"},
        "unknown_product": {"products": ["424242"]},
        "unknown_content_asset": {"content_shown": [{"asset": "NOPE-1", "version": 1}]},
        "unknown_content_version": {"content_shown": [{"asset": "OWN-DOS-2", "version": 9}]},
    }
    batch = [
        device.mutation("upsert", uuid.uuid4(), observation_data(world.hcp_north, **v))
        for v in cases.values()
    ]

    results = device.push(batch).json()["results"]

    assert [r["errors"][0]["code"] for r in results] == list(cases)
    assert Observation.objects.count() == 0


def test_edits_to_different_fields_merge(world, api):
    phone, laptop = Device(api("alice")), Device(api("alice"))
    obs_id = uuid.uuid4()
    phone.push(
        [
            phone.mutation(
                "upsert", obs_id, observation_data(world.hcp_north, note="v1", channel="phone")
            )
        ]
    )
    phone.push([phone.mutation("upsert", obs_id, {"note": "v2 from phone"}, base_rev=1)])

    result = laptop.push(
        [laptop.mutation("upsert", obs_id, {"channel": "remote"}, base_rev=1)]
    ).json()["results"][0]

    assert result["status"] == "applied"
    stored = Observation.objects.get(pk=obs_id)
    assert (stored.note, stored.channel, stored.rev) == ("v2 from phone", "remote", 3)


def test_same_field_conflict_keeps_server_value_and_stores_the_device_version(world, api):
    phone, laptop = Device(api("alice")), Device(api("alice"))
    obs_id = uuid.uuid4()
    phone.push([phone.mutation("upsert", obs_id, observation_data(world.hcp_north, note="v1"))])
    phone.push([phone.mutation("upsert", obs_id, {"note": "server wins"}, base_rev=1)])

    result = laptop.push(
        [laptop.mutation("upsert", obs_id, {"note": "laptop version"}, base_rev=1)]
    ).json()["results"][0]

    assert result["status"] == "conflict"
    assert result["conflict"]["fields"] == {
        "note": {"server": "server wins", "device": "laptop version"}
    }
    assert Observation.objects.get(pk=obs_id).note == "server wins"
    conflict = Conflict.objects.get(observation_id=obs_id)
    assert conflict.device_state["note"] == "laptop version"
    assert conflict.server_state["note"] == "server wins"


def test_delete_against_an_edit_keeps_the_edit_in_the_conflict_record(world, api):
    phone, laptop = Device(api("alice")), Device(api("alice"))
    obs_id = uuid.uuid4()
    phone.push([phone.mutation("upsert", obs_id, observation_data(world.hcp_north, note="v1"))])
    phone.push([phone.mutation("upsert", obs_id, {"note": "important edit"}, base_rev=1)])

    result = laptop.push([laptop.mutation("delete", obs_id, base_rev=1)]).json()["results"][0]

    assert result["status"] == "conflict"
    assert result["conflict"]["kind"] == "delete"
    assert result["conflict"]["fields"]["note"]["server"] == "important edit"
    conflict = Conflict.objects.get(observation_id=obs_id)
    assert conflict.server_state["note"] == "important edit"


def test_edit_against_a_delete_keeps_the_edit_and_can_be_restored(world, api):
    phone, laptop = Device(api("alice")), Device(api("alice"))
    obs_id = uuid.uuid4()
    phone.push([phone.mutation("upsert", obs_id, observation_data(world.hcp_north, note="v1"))])
    phone.push([phone.mutation("delete", obs_id, base_rev=1)])

    result = laptop.push([laptop.mutation("upsert", obs_id, {"note": "kept"}, base_rev=1)]).json()[
        "results"
    ][0]
    assert result["status"] == "conflict"
    assert Observation.objects.get(pk=obs_id).deleted

    resolve = laptop.mutation(
        "upsert", result["conflict"]["id"], {"resolution": "keep_device"}, entity="conflict"
    )
    assert laptop.push([resolve]).json()["results"][0]["status"] == "applied"
    restored = Observation.objects.get(pk=obs_id)
    assert (restored.deleted, restored.note) == (False, "kept")


def test_limits_and_bad_input_are_clear_errors(world, api, settings):
    settings.SYNC_MAX_BATCH = 2
    device = Device(api("alice"))
    too_many = [
        device.mutation("upsert", uuid.uuid4(), observation_data(world.hcp_north)) for _ in range(3)
    ]

    big = device.push(too_many)
    assert (
        big.status_code,
        big.json()["error"]["code"],
        big.json()["error"]["details"]["limit"],
    ) == (413, "batch_too_large", 2)

    raw = api("alice").post("/api/v1/sync/push", data="{not json", content_type="application/json")
    assert (raw.status_code, raw.json()["error"]["code"]) == (400, "malformed_json")

    old = device.push([], schema_version=99)
    assert (old.status_code, old.json()["error"]["code"]) == (426, "upgrade_required")

    anonymous = Device(api(None)).push([])
    assert anonymous.status_code == 401


def test_body_over_the_limit_is_413(world, api, settings):
    settings.SYNC_MAX_BODY_BYTES = 2048
    device = Device(api("alice"))

    response = device.push(
        [
            device.mutation(
                "upsert", uuid.uuid4(), observation_data(world.hcp_north, note="x" * 5000)
            )
        ]
    )

    assert response.status_code == 413
    assert response.json()["error"] == {
        "code": "body_too_large",
        "message": "The request body exceeds the limit of 2048.",
        "details": {"limit": 2048},
    }


def test_a_base_rev_the_server_never_had_is_rejected(world, api):
    device = Device(api("alice"))
    obs_id = uuid.uuid4()
    device.push([device.mutation("upsert", obs_id, observation_data(world.hcp_north))])

    results = device.push(
        [
            device.mutation("upsert", obs_id, {"note": "from the future"}, base_rev=7),
            device.mutation("upsert", obs_id, {"note": "not a number"}, base_rev="2"),
            device.mutation("delete", obs_id, base_rev=0),
        ]
    ).json()["results"]

    assert [r["errors"][0]["code"] for r in results] == ["invalid_base_rev"] * 3
    assert Observation.objects.get(pk=obs_id).rev == 1


def test_any_text_a_rep_types_is_stored_and_pulled_back_exactly(world, api):
    """Quotes, backslashes, JSON-looking text, emoji and line breaks survive the bulk write to
    the observation, its audit revision and the change log; NUL, which PostgreSQL cannot store,
    is dropped rather than failing the note."""
    device = Device(api("alice"))
    obs_id = uuid.uuid4()
    typed = 'He said "no" \\ {"rev": 9} \u00e9\u4e2d\U0001f600\n\ttab \\u0000 %s %(x)s'
    push = device.push(
        [device.mutation("upsert", obs_id, observation_data(world.hcp_north, note=typed + "\x00!"))]
    )

    assert push.json()["results"][0]["status"] == "applied"
    assert Observation.objects.get(pk=obs_id).note == typed + "!"
    audit = AuditEvent.objects.get(entity="observations.observation", entity_id=str(obs_id))
    assert audit.after["note"] == typed + "!"
    assert audit.after["rev"] == 1 and audit.after["deleted"] is False
    changes, _ = Device(api("alice")).pull_all()
    pulled = next(c for c in changes if c["id"] == str(obs_id))
    assert pulled["data"]["note"] == typed + "!"
