"""GET /metrics: Prometheus text, behind METRICS_TOKEN, counted from the database."""

import uuid

import pytest
from prometheus_client.parser import text_string_to_metric_families

from backend.alerts.rule_services import rule_create
from tests.backend.alerts.helpers import evaluate, tagged_note
from tests.backend.sync.helpers import Device
from tests.factories import observation_data

FAMILIES = {
    "fieldsignal_push_mutations": "counter",
    "fieldsignal_push_seconds": "histogram",
    "fieldsignal_untagged_observations": "gauge",
    "fieldsignal_tag_lag_seconds": "gauge",
    "fieldsignal_signals_raised": "counter",
    "fieldsignal_webhook_deliveries": "gauge",
    "fieldsignal_commit_horizon_lag_seconds": "gauge",
    "fieldsignal_job_queue_depth": "gauge",
}
ALLOWED_LABELS = {"status", "type", "state", "le"}


def scrape(client, token="scrape-me"):
    answer = client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {token}")
    assert answer.status_code == 200, answer.status_code
    assert answer["Content-Type"].startswith("text/plain; version=0.0.4")
    text = answer.content.decode()
    families = {f.name: f for f in text_string_to_metric_families(text)}
    return families, text


def value(families, name, sample_name=None, **labels):
    samples = families[name].samples
    wanted = sample_name or name
    found = [s.value for s in samples if s.name == wanted and s.labels == labels]
    return found[0] if found else 0.0


def test_metrics_are_hidden_without_a_configured_token(client, settings, db):
    settings.METRICS_TOKEN = None
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer anything").status_code == 404
    settings.METRICS_TOKEN = "scrape-me"
    assert client.get("/metrics").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert client.get("/metrics", HTTP_AUTHORIZATION="Token scrape-me").status_code == 401


@pytest.fixture
def scraper(settings):
    settings.METRICS_TOKEN = "scrape-me"


def test_every_family_is_there_and_follows_what_happens(world, api, client, scraper):
    before, _ = scrape(client)
    assert {name: f.type for name, f in before.items()} == FAMILIES

    # When a rep pushes two notes (one rejected) and an adverse event is raised
    device = Device(api("alice"))
    good = observation_data(world.hcp_north, note="Pt Jane Roe (DOB 01/02/1960) got a rash")
    bad = {**observation_data(world.hcp_north), "channel": "pigeon"}
    device.push(
        [
            device.mutation("upsert", uuid.uuid4(), good),
            device.mutation("upsert", uuid.uuid4(), bad),
        ]
    )
    rule_create(name="AE", kind="adverse_event")
    evaluate(tagged_note(world.bob, "rash after the first dose", labels=("adverse_event",)))
    after, text = scrape(client)

    # Then the counters moved by exactly that
    def delta(name, sample=None, **labels):
        return value(after, name, sample, **labels) - value(before, name, sample, **labels)

    assert (
        delta("fieldsignal_push_mutations", "fieldsignal_push_mutations_total", status="applied")
        == 1
    )
    assert (
        delta("fieldsignal_push_mutations", "fieldsignal_push_mutations_total", status="rejected")
        == 1
    )
    assert delta("fieldsignal_push_seconds", "fieldsignal_push_seconds_count") == 1
    assert value(after, "fieldsignal_signals_raised", "fieldsignal_signals_raised_total",
                 type="adverse_event") == 1  # fmt: skip
    assert value(after, "fieldsignal_webhook_deliveries", state="dead") == 0
    assert value(after, "fieldsignal_job_queue_depth") == 0
    assert value(after, "fieldsignal_commit_horizon_lag_seconds") >= 0
    untagged = value(after, "fieldsignal_untagged_observations")
    lag = value(after, "fieldsignal_tag_lag_seconds")
    assert (untagged == 0 and lag == 0) or (untagged >= 1 and lag >= 0)
    # And no label can carry an identifier: only statuses and types, no note text
    labels = {key for family in after.values() for s in family.samples for key in s.labels}
    assert labels <= ALLOWED_LABELS
    assert "Jane" not in text and "1960" not in text
