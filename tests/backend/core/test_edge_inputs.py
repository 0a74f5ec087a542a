"""Every API input an attacker or a careless client sends gets a 400 with a stable code, never
a 500 (issue 17's findings, one test each)."""

import pytest

from backend.alerts.rule_services import rule_create
from tests.backend.alerts.helpers import evaluate, tagged_note

BIG = 2**63
DEEP = "[" * 5000


@pytest.fixture
def signal(world):
    rule_create(name="AE", kind="adverse_event")
    return evaluate(tagged_note(world.alice, "rash", labels=("adverse_event",)))[0]


def _post_raw(client, path, body):
    return client.generic("POST", path, body, content_type="application/json")


@pytest.mark.parametrize(
    ("who", "path"),
    [
        (None, "/api/v1/auth/token"),
        ("orchestrator", "/api/v1/signals/{signal}/ack"),
        ("admin", "/api/v1/rules"),
        ("admin", "/api/v1/rules/dry-run"),
        ("orchestrator", "/api/v1/webhooks"),
        ("alice", "/api/v1/sync/push"),
    ],
)
def test_deeply_nested_body_is_400_body_too_deep(world, api, signal, who, path):
    response = _post_raw(api(who), path.format(signal=signal.pk), DEEP)

    assert response.status_code == 400, response.content
    assert response.json()["error"]["code"] == "body_too_deep"


def test_nesting_just_past_the_limit_is_refused_and_shallow_json_is_read(world, api):
    deep = _post_raw(
        api("admin"), "/api/v1/rules", '{"name": "x", "params": ' + "[" * 40 + "]" * 40 + "}"
    )
    assert deep.json()["error"]["code"] == "body_too_deep"

    shallow = _post_raw(api("admin"), "/api/v1/rules", '{"name": "x", "kind": "adverse_event"}')
    assert shallow.status_code == 201


@pytest.mark.parametrize("body", ["[1e400]", "NaN", '{"name": "\\ud800"}', '{"\\udc00": 1}'])
def test_infinities_nan_and_lone_surrogates_are_malformed_json(world, api, body):
    response = _post_raw(api("admin"), "/api/v1/rules", body)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_json"


def test_rule_params_with_a_lone_surrogate_key_is_400(world, api):
    body = '{"name": "x", "kind": "objection_threshold", "params": {"\\ud800": 1}}'

    response = _post_raw(api("admin"), "/api/v1/rules", body)

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "malformed_json"


@pytest.mark.parametrize("field", ["products", "territories"])
@pytest.mark.parametrize("value", [BIG, -1, 0])
def test_rule_ids_out_of_range_are_400(world, api, field, value):
    response = api("admin").post(
        "/api/v1/rules", {"name": "x", "kind": "adverse_event", field: [value]}, format="json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_request"


@pytest.mark.parametrize("body", ["null", "5", "[]", '"x"'])
def test_patch_rule_with_a_body_that_is_not_an_object_is_400(world, api, body):
    rule = rule_create(name="AE", kind="adverse_event")

    response = api("admin").generic(
        "PATCH", f"/api/v1/rules/{rule.pk}", body, content_type="application/json"
    )

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_request"


@pytest.mark.parametrize(
    ("who", "path"),
    [
        ("alice", "/api/v1/observations/"),
        ("alice", "/api/v1/hcps/"),
        ("alice", "/api/v1/products/"),
        ("alice", "/api/v1/content-assets/"),
        ("orchestrator", "/api/v1/signals"),
    ],
)
@pytest.mark.parametrize("param", ["limit", "offset"])
def test_huge_limits_and_offsets_on_list_endpoints_are_not_500(world, api, who, path, param):
    response = api(who).get(path, {param: str(BIG)})

    assert response.status_code in (200, 400), response.content
    if response.status_code == 400:
        assert response.json()["error"]["code"] in {"invalid_limit", "invalid_offset"}


@pytest.mark.parametrize("path", ["/api/v1/observations/", "/api/v1/hcps/"])
@pytest.mark.parametrize("value", ["²", "-3", "abc"])
def test_non_numeric_page_limits_are_400(world, api, path, value):
    response = api("alice").get(path, {"limit": value})

    assert response.status_code == 400
    assert response.json()["error"]["code"] == "invalid_limit"


def test_signals_type_filter_with_nul_or_unknown_type_is_400(world, api):
    for value in ("\x00", "horoscope"):
        response = api("orchestrator").get("/api/v1/signals", {"type": value})
        assert response.status_code == 400
        assert response.json()["error"]["code"] in {"invalid_type", "invalid_query"}


def test_delivery_status_filter_with_nul_is_400(world, api):
    created = api("orchestrator").post(
        "/api/v1/webhooks", {"url": "http://127.0.0.1:1/x"}, format="json"
    )
    path = f"/api/v1/webhooks/{created.json()['id']}/deliveries"

    for value in ("\x00", "nope"):
        response = api("orchestrator").get(path, {"status": value})
        assert response.status_code == 400
        assert response.json()["error"]["code"] in {"invalid_status", "invalid_query"}
