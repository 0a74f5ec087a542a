"""A note's patient identifiers reach no one but its rep: not the admin's audit view, not the
admin's conflicts, not the analyst's alert pages."""

import uuid

import pytest
from django.test import Client

from backend.alerts.models import Signal
from backend.alerts.rule_services import rule_create
from backend.audit.models import AuditEvent
from tests.backend.sync.helpers import Device
from tests.backend.tagging.fakes import FakeResult
from tests.factories import observation_data

NAME, PHONE = "Jane Porter", "555-0142"
NOTE = f"Pt {NAME} ({PHONE}) broke out in hives after the 2nd dose, dr worried"


class RedactingTagger:
    """Tags adverse_event on 'hives'; redacts the patient's name and phone."""

    model_version = "fake-pii-1"

    def tag_many(self, texts: list[str]) -> list[FakeResult]:
        return [self.tag(text) for text in texts]

    def tag(self, text: str) -> FakeResult:
        pii = []
        for value, kind in ((NAME, "PATIENT_NAME"), (PHONE, "PHONE")):
            start = text.find(value)
            if start >= 0:
                pii.append([start, start + len(value), kind])
        redacted = text.replace(NAME, "[PATIENT_NAME]").replace(PHONE, "[PHONE]")
        start = text.find("hives")
        hit = start >= 0
        return FakeResult(
            labels=[{"label": "adverse_event", "confidence": 0.95}] if hit else [],
            scores={"adverse_event": 0.95 if hit else 0.01},
            evidence=[[start, start + 5, "adverse_event"]] if hit else [],
            pii=pii,
            redacted_text=redacted,
            model_version=self.model_version,
        )


@pytest.fixture
def pushed(world, api, monkeypatch, django_capture_on_commit_callbacks):
    rule_create(name="AE", kind="adverse_event")
    monkeypatch.setattr("backend.tagging.tasks.get_tagger", RedactingTagger)
    device = Device(api("alice"))
    obs_id = uuid.uuid4()
    with django_capture_on_commit_callbacks(execute=True):
        answer = device.push(
            [device.mutation("upsert", obs_id, observation_data(world.hcp_north, note=NOTE))]
        )
    assert answer.status_code == 200, answer.content
    return obs_id


def _clean(html: str) -> None:
    assert NAME not in html and PHONE not in html and "Porter" not in html


def test_the_admin_audit_view_shows_the_redacted_note(world, pushed):
    client = Client()
    client.force_login(world.admin)
    event = AuditEvent.objects.get(entity="observations.observation", entity_id=str(pushed))
    assert NAME in event.after["note"]  # kept, out of sight, for the sync merge
    html = client.get(f"/admin/audit/auditevent/{event.pk}/change/").content.decode()
    assert "[PATIENT_NAME]" in html and "hives" in html
    _clean(html)
    _clean(client.get("/admin/audit/auditevent/").content.decode())


def test_the_admin_signal_pages_show_no_identifiers(world, pushed):
    signal = Signal.objects.get()
    client = Client()
    client.force_login(world.admin)
    _clean(client.get("/admin/alerts/signal/").content.decode())
    _clean(client.get(f"/admin/alerts/signal/{signal.pk}/change/").content.decode())


def test_the_analyst_alert_pages_show_no_identifiers(world, pushed):
    signal = Signal.objects.get()
    client = Client()
    client.force_login(world.carol)
    inbox = client.get("/alerts/").content.decode()
    assert f'id="alert-{signal.pk}"' in inbox
    _clean(inbox)
    detail = client.get(f"/alerts/{signal.pk}/").content.decode()
    assert "[PATIENT_NAME]" in detail  # the evidence note, redacted
    _clean(detail)
    _clean(client.get(f"/observations/{pushed}/").content.decode())


def test_the_api_and_webhook_payload_show_no_identifiers(world, api, pushed):
    for role in ("carol", "orchestrator"):
        _clean(api(role).get("/api/v1/signals").content.decode())
