"""Unexpected failures answer like failures: the JSON envelope for API clients, a plain page for
people, and 503 service_unavailable with Retry-After when the database or broker is down."""

import uuid

import pytest
from django.db import OperationalError
from django.test import Client, RequestFactory
from kombu.exceptions import OperationalError as BrokerDown

from backend.alerts import apis as alert_apis
from backend.core import failures, jobs
from backend.insights.views import feed as feed_views
from backend.observations.models import Observation
from tests.backend.sync.helpers import Device
from tests.factories import observation_data


def _boom(exc):
    def raiser(*args, **kwargs):
        raise exc

    return raiser


def test_an_unexpected_api_exception_answers_the_json_envelope(world, api, monkeypatch):
    monkeypatch.setattr(alert_apis, "signal_feed", _boom(RuntimeError("bug")))

    response = api("orchestrator").get("/api/v1/signals")

    assert response.status_code == 500
    assert response["Content-Type"] == "application/json"
    assert response.json()["error"]["code"] == "internal_error"
    assert "bug" not in response.content.decode()  # no internals leak to the client


def test_a_database_outage_answers_503_service_unavailable_with_retry_after(
    world, api, monkeypatch
):
    monkeypatch.setattr(
        alert_apis, "signal_feed", _boom(OperationalError("could not connect to server"))
    )

    response = api("orchestrator").get("/api/v1/signals")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"
    assert int(response["Retry-After"]) > 0


def test_a_database_outage_on_a_web_page_is_a_plain_503_page(client, world, monkeypatch):
    monkeypatch.setattr(feed_views, "feed_page", _boom(OperationalError("server closed")))
    client.force_login(world.carol)

    response = client.get("/")

    assert response.status_code == 503
    assert response["Content-Type"].startswith("text/html")
    assert "Temporarily unavailable" in response.content.decode()
    assert response["Retry-After"]


def test_an_exception_outside_any_view_still_answers_the_envelope(world):
    request = RequestFactory().get("/api/v1/signals")
    try:
        raise OperationalError("connection refused")
    except OperationalError:
        response = failures.server_error(request)

    assert response.status_code == 503
    assert b'"service_unavailable"' in response.content


def test_a_failing_middleware_answers_json_to_api_clients(world, monkeypatch, settings):
    from backend.core import middleware

    def broken(self, request):
        raise OperationalError("database is down")

    monkeypatch.setattr(middleware.RequestLogMiddleware, "__call__", broken)
    client = Client(raise_request_exception=False)

    api_answer = client.get("/api/v1/signals")
    page_answer = client.get("/login/")

    assert api_answer.status_code == 503
    assert api_answer.json()["error"]["code"] == "service_unavailable"
    assert page_answer.status_code == 503 and b"Temporarily unavailable" in page_answer.content


def test_a_broker_outage_after_commit_does_not_fail_the_push(world, api, monkeypatch):
    from backend.celery import app

    app.conf.task_always_eager = False  # restored by the autouse fixture in tests/conftest.py
    monkeypatch.setattr(
        "celery.app.task.Task.apply_async", _boom(BrokerDown("Error 111 connecting to redis"))
    )
    device = Device(api("alice"))
    obs_id = uuid.uuid4()

    response = device.push([device.mutation("upsert", obs_id, observation_data(world.hcp_north))])

    assert response.status_code == 200
    assert response.json()["results"][0]["status"] == "applied"
    assert Observation.objects.filter(pk=obs_id).exists()


def test_a_broker_outage_where_a_request_needs_it_answers_503(world, api, monkeypatch):
    monkeypatch.setattr(alert_apis, "signal_feed", _boom(BrokerDown("broker gone")))

    response = api("orchestrator").get("/api/v1/signals")

    assert response.status_code == 503
    assert response.json()["error"]["code"] == "service_unavailable"


@pytest.mark.parametrize("exc", [ConnectionRefusedError(), OperationalError("x")])
def test_outages_are_recognised_through_exception_chains(exc):
    try:
        try:
            raise exc
        except Exception as inner:
            raise RuntimeError("wrapped") from inner
    except RuntimeError as outer:
        assert failures.is_outage(outer)
    assert not failures.is_outage(ValueError())


def test_jobs_dispatch_logs_a_broker_outage_instead_of_raising(monkeypatch, caplog):
    from backend.tagging.tasks import tag_observations as tag_observation

    tag_observation.app.conf.task_always_eager = False  # restored by tests/conftest.py
    monkeypatch.setattr(tag_observation, "apply_async", _boom(BrokerDown("down")))

    jobs.dispatch(tag_observation, [["id", 1]])

    assert "broker unreachable" in caplog.text
