"""A request id enters each log line and follows the request into the jobs it causes."""

import logging
import uuid

import pytest

from backend.celery import app
from backend.core.correlation import (
    TASK_HEADER,
    _add_request_id_header,
    current_request_id,
)
from tests.backend.append_only import append_only_tables_emptied
from tests.backend.sync.helpers import Device
from tests.factories import observation_data

RID = "req-7f3a9c21"


@app.task(name="tests.correlation_probe")
def probe() -> str | None:
    logging.getLogger("tests.probe").info("inside the job")
    return current_request_id.get()


def test_the_id_is_echoed_or_made_and_a_bad_one_is_replaced(client, db):
    given = client.get("/healthz", HTTP_X_REQUEST_ID=RID)
    assert given["X-Request-ID"] == RID
    made = client.get("/healthz")
    assert len(made["X-Request-ID"]) == 32
    forged = client.get("/healthz", HTTP_X_REQUEST_ID='x"\n{"level": "ERROR"}')
    assert forged["X-Request-ID"] != 'x"\n{"level": "ERROR"}' and "\n" not in forged["X-Request-ID"]


@pytest.fixture
def committed(transactional_db):
    """Commits for real, so the job runs after the push's commit, still inside the request."""
    yield
    append_only_tables_emptied()


def test_each_log_line_of_a_request_and_of_the_job_it_causes_has_the_id(
    committed, world, api, caplog
):
    # Given a device pushing a note with its request id
    device = Device(api("alice"))
    device.client.credentials(
        HTTP_AUTHORIZATION=device.client._credentials["HTTP_AUTHORIZATION"], HTTP_X_REQUEST_ID=RID
    )
    caplog.set_level(logging.INFO)

    # When the push commits, the tagging job runs (in-process here, as in the embedded mode)
    answer = device.push(
        [device.mutation("upsert", uuid.uuid4(), observation_data(world.hcp_north, note="x"))]
    )

    assert answer["X-Request-ID"] == RID
    by_message = {r.getMessage(): r for r in caplog.records}
    assert by_message["request"].request_id == RID
    assert by_message["tagging job done"].request_id == RID
    # And outside any request, lines carry no id
    logging.getLogger("tests").info("idle")
    assert caplog.records[-1].request_id is None


def test_a_worker_job_gets_the_id_from_its_message_header(db):
    # The publishing side puts the id in the message headers...
    headers: dict = {}
    token = current_request_id.set(RID)
    try:
        _add_request_id_header(headers=headers)
    finally:
        current_request_id.reset(token)
    assert headers == {TASK_HEADER: RID}

    # ...and the worker side sets it around the task, then clears it
    assert probe.apply(headers=headers).get() == RID
    assert current_request_id.get() is None
