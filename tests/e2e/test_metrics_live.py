"""/metrics on the production layout (PostgreSQL, Redis, a daphne server and a Celery worker):
the families parse, the push is counted, the worker drains the backlog and the queue."""

import time

import httpx
import pytest
from prometheus_client.parser import text_string_to_metric_families

from tests.e2e.conftest import METRICS_TOKEN
from tests.e2e.test_worker_tagging import _login, _push_note

pytestmark = [pytest.mark.postgres, pytest.mark.live]


def _scrape(url: str) -> dict[str, dict[tuple[str, tuple[tuple[str, str], ...]], float]]:
    answer = httpx.get(f"{url}/metrics", headers={"Authorization": f"Bearer {METRICS_TOKEN}"})
    assert answer.status_code == 200
    out: dict[str, dict[tuple[str, tuple[tuple[str, str], ...]], float]] = {}
    for family in text_string_to_metric_families(answer.text):
        out[family.name] = {
            (s.name, tuple(sorted(s.labels.items()))): s.value for s in family.samples
        }
    return out


def test_metrics_parse_and_follow_a_push_through_the_worker(live_stack):
    url = live_stack["url"]
    assert httpx.get(f"{url}/metrics").status_code == 401
    before = _scrape(url)
    applied = ("fieldsignal_push_mutations_total", (("status", "applied"),))

    _push_note(
        url, _login(url, "rep1"), "copay too high again, she is switching pts to the generic"
    )
    # The worker tags it: the backlog and the queue go back to zero
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        now = _scrape(url)
        backlog = now["fieldsignal_untagged_observations"][
            ("fieldsignal_untagged_observations", ())
        ]
        queued = now["fieldsignal_job_queue_depth"][("fieldsignal_job_queue_depth", ())]
        if backlog == 0 and queued == 0:
            break
        time.sleep(0.5)
    else:
        pytest.fail(f"backlog {backlog}, queue {queued} after 60 s")

    pushes = now["fieldsignal_push_mutations"]
    assert pushes[applied] - before.get("fieldsignal_push_mutations", {}).get(applied, 0) == 1
    assert now["fieldsignal_tag_lag_seconds"][("fieldsignal_tag_lag_seconds", ())] == 0
    assert now["fieldsignal_commit_horizon_lag_seconds"] is not None
    assert ("fieldsignal_push_seconds_count", ()) in now["fieldsignal_push_seconds"]
    assert "fieldsignal_webhook_deliveries" in now and "fieldsignal_signals_raised" in now
