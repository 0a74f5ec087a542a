"""From a pushed note to a signal: tags stored -> observation_tagged -> rules, after commit."""

import datetime as dt
import uuid

from django.utils import timezone

from backend.alerts.models import EvaluatedTagging, Signal
from backend.alerts.rule_services import rule_create
from backend.alerts.tasks import sweep_unevaluated
from backend.tagging.models import ObservationTagging
from backend.tagging.services import label_correct
from tests.backend.alerts.helpers import tagged_note
from tests.backend.sync.helpers import Device
from tests.backend.tagging.fakes import FakeResult
from tests.factories import observation_data


class SafetyTagger:
    """Says adverse_event when the note says 'hives'."""

    model_version = "fake-ae-1"

    def tag_many(self, texts: list[str]) -> list:

        return [self.tag(text) for text in texts]

    def tag(self, text: str) -> FakeResult:
        hit = "hives" in text
        start = text.find("hives")
        return FakeResult(
            labels=[{"label": "adverse_event", "confidence": 0.97}] if hit else [],
            scores={"adverse_event": 0.97 if hit else 0.01},
            evidence=[[start, start + 5, "adverse_event"]] if hit else [],
            redacted_text=text,
            model_version=self.model_version,
        )


def test_a_pushed_note_raises_its_signal_once_tagged_and_the_rep_pulls_it(
    world, api, monkeypatch, django_capture_on_commit_callbacks
):
    rule_create(name="AE", kind="adverse_event")
    monkeypatch.setattr("backend.tagging.tasks.get_tagger", SafetyTagger)
    device = Device(api("alice"))
    obs_id = uuid.uuid4()

    with django_capture_on_commit_callbacks(execute=True):
        device.push(
            [
                device.mutation(
                    "upsert",
                    obs_id,
                    observation_data(world.hcp_north, note="pt broke out in hives"),
                )
            ]
        )

    signal = Signal.objects.get()
    assert signal.type == "adverse_event"
    assert signal.evidence.get().observation_id == obs_id
    alerts = [c for c in device.pull_all()[0] if c["entity"] == "alert"]
    assert [a["id"] for a in alerts] == [str(signal.pk)]


def test_an_analyst_adding_a_label_raises_the_signal_the_model_missed(
    world, django_capture_on_commit_callbacks
):
    rule_create(name="AE", kind="adverse_event")
    obs = tagged_note(world.alice, "pt fainted after the injection")

    with django_capture_on_commit_callbacks(execute=True):
        label_correct(observation=obs, label="adverse_event", action="add", analyst=world.carol)

    assert Signal.objects.get().type == "adverse_event"


def test_the_sweep_evaluates_tags_whose_job_was_lost(
    world, django_capture_on_commit_callbacks, settings
):
    settings.SWEEP_GRACE_SECONDS = 120
    rule_create(name="AE", kind="adverse_event")
    obs = tagged_note(world.alice, "rash", labels=("adverse_event",))  # no evaluation ran

    # Just tagged: the evaluation job may still be queued, so the sweep leaves it alone.
    assert sweep_unevaluated() == 0
    assert Signal.objects.count() == 0
    ObservationTagging.objects.filter(observation=obs).update(
        tagged_at=timezone.now() - dt.timedelta(minutes=3)
    )

    assert sweep_unevaluated() == 1
    assert Signal.objects.count() == 1
    assert EvaluatedTagging.objects.get(observation=obs).rev == obs.rev
    assert sweep_unevaluated() == 0
