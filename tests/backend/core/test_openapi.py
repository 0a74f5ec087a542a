"""The OpenAPI schema is typed: named components, error codes per endpoint, and a client
generated from it type-checks and reads the signal feed."""

import importlib
import json
import subprocess
import sys
import uuid
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from django.core.handlers.wsgi import WSGIHandler
from django.core.signals import request_finished, request_started
from django.db import close_old_connections
from rest_framework.authtoken.models import Token

from backend.alerts.rule_services import rule_create
from tests.backend.alerts.helpers import evaluate, tagged_note
from tests.backend.sync.helpers import Device
from tests.conftest import client_for
from tests.factories import observation_data

NAMED = (
    "Signal", "SignalPage", "PushRequest", "PushResult", "PullPage", "Change", "Rule",
    "WebhookSubscription", "Delivery", "TokenRequest", "ErrorEnvelope",
)  # fmt: skip


def _schema(client: Any) -> dict[str, Any]:
    answer = client.get("/api/schema/", HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert answer.status_code == 200
    return json.loads(answer.content)


def _resolve(schema: dict[str, Any], node: dict[str, Any]) -> dict[str, Any]:
    while "$ref" in node:
        node = schema["components"]["schemas"][node["$ref"].rsplit("/", 1)[1]]
    return node


def _operations(schema: dict[str, Any]) -> Iterator[tuple[str, str, dict[str, Any]]]:
    for path, item in schema["paths"].items():
        for method, op in item.items():
            yield method.upper(), path, op


def test_every_2xx_json_response_is_a_named_typed_object(client):
    schema = _schema(client)
    bare = []
    for method, path, op in _operations(schema):
        for status, response in op["responses"].items():
            body = response.get("content", {}).get("application/json", {}).get("schema")
            if not status.startswith("2") or body is None:
                continue
            resolved = _resolve(schema, body)
            if "$ref" not in body or not (resolved.get("properties") or resolved.get("oneOf")):
                bare.append(f"{method} {path} {status}")
    assert bare == []
    components = schema["components"]["schemas"]
    assert set(NAMED) <= set(components) and "Input" not in components


def test_every_endpoint_lists_its_error_codes(client):
    schema = _schema(client)
    feed = schema["paths"]["/api/v1/signals"]["get"]["responses"]
    assert "`invalid_cursor`" in feed["400"]["description"]
    assert "`rate_limited`" in feed["429"]["description"]
    push = schema["paths"]["/api/v1/sync/push"]["post"]["responses"]
    assert "`mutation_gap`" in push["409"]["description"]
    assert "`batch_too_large`" in push["413"]["description"]
    for method, path, op in _operations(schema):
        errors = [s for s in op["responses"] if s.startswith(("4", "5"))]
        assert errors, f"{method} {path} documents no error"
        for status in errors:
            body = op["responses"][status]["content"]["application/json"]["schema"]
            assert body == {"$ref": "#/components/schemas/ErrorEnvelope"}


def test_pulled_changes_are_a_union_discriminated_by_entity(client):
    schema = _schema(client)
    change = schema["components"]["schemas"]["Change"]
    assert change["discriminator"]["propertyName"] == "entity"
    assert set(change["discriminator"]["mapping"]) == {
        "observation", "hcp", "product", "content_asset", "tags", "alert", "conflict",
    }  # fmt: skip


@pytest.fixture
def wsgi_transport() -> Iterator[httpx.WSGITransport]:
    """Requests through the real WSGI stack, inside the test's transaction (so no connection
    is closed between requests, as Django's own test client arranges). Django's test client
    reconnects ``close_old_connections`` after each of its requests, so the receivers are
    disconnected again before every request: on PostgreSQL, closing the connection inside the
    test's transaction would break it."""
    handler = WSGIHandler()

    def app(environ: dict[str, Any], start_response: Any) -> Any:
        request_started.disconnect(close_old_connections)
        request_finished.disconnect(close_old_connections)
        return handler(environ, start_response)

    try:
        yield httpx.WSGITransport(app=app)
    finally:
        request_started.connect(close_old_connections)
        request_finished.connect(close_old_connections)


def test_a_generated_client_type_checks_and_reads_the_signal_feed(
    world, client, tmp_path, wsgi_transport
):
    # Given a client generated from the schema by openapi-python-client
    (tmp_path / "schema.json").write_text(json.dumps(_schema(client)))
    (tmp_path / "config.yml").write_text("post_hooks: []\n")
    generator = Path(sys.executable).parent / "openapi-python-client"
    subprocess.run(
        [str(generator), "generate", "--path", "schema.json", "--output-path",
         "fieldsignal_client", "--meta", "none", "--config", "config.yml"],
        cwd=tmp_path, check=True, capture_output=True,
    )  # fmt: skip
    # Then it type-checks strictly
    checked = subprocess.run(
        [sys.executable, "-m", "mypy", "--strict", "--no-incremental", "fieldsignal_client"],
        cwd=tmp_path,
        capture_output=True,
        text=True,
    )
    assert checked.returncode == 0, checked.stdout

    # And it reads a real signal from the feed, parsing every field into its typed model
    rule_create(name="AE", kind="adverse_event")
    device = Device(client_for(world.alice))
    note_id = uuid.uuid4()
    device.push([device.mutation("upsert", note_id, observation_data(world.hcp_north, note="x"))])
    [raised] = evaluate(tagged_note(world.alice, "rash after dose", labels=("adverse_event",)))
    sys.path.insert(0, str(tmp_path))
    try:
        fs = importlib.import_module("fieldsignal_client")
        feed_api = importlib.import_module("fieldsignal_client.api.v1.signals_feed")
        models = importlib.import_module("fieldsignal_client.models")
        token = Token.objects.create(user=world.orchestrator).key
        api = fs.AuthenticatedClient(
            base_url="http://testserver",
            token=token,
            prefix="Token",
            httpx_args={"transport": wsgi_transport},
        )
        page = feed_api.sync(client=api, limit=10)
        bad = feed_api.sync_detailed(client=api, cursor="not-a-cursor")
        pull_api = importlib.import_module("fieldsignal_client.api.v1.v1_sync_pull_retrieve")
        rep = fs.AuthenticatedClient(
            base_url="http://testserver",
            token=Token.objects.get_or_create(user=world.alice)[0].key,
            prefix="Token",
            httpx_args={"transport": wsgi_transport},
        )
        pulled = pull_api.sync(client=rep, limit=100)
    finally:
        sys.path.remove(str(tmp_path))
        for name in [m for m in sys.modules if m.startswith("fieldsignal_client")]:
            del sys.modules[name]

    assert isinstance(page, models.SignalPage)
    [signal] = page.signals
    assert str(signal.id) == str(raised.pk)
    assert signal.type_ == models.SignalType.ADVERSE_EVENT
    assert signal.rule.kind == models.RuleKind.ADVERSE_EVENT
    assert isinstance(bad.parsed, models.ErrorEnvelope)
    assert bad.parsed.error.code == "invalid_cursor"
    # The rep's pull parses into the union: their note, its alert and the reference data
    assert isinstance(pulled, models.PullPage)
    kinds = {type(c).__name__ for c in pulled.changes}
    assert {"ObservationChange", "AlertChange", "HCPChange", "ContentAssetChange"} <= kinds
