"""The tagging job: once per revision and model, never stale, corrections survive re-tagging."""

import datetime as dt
import uuid

from django.utils import timezone

from backend.observations.models import Observation
from backend.tagging.models import LabelCorrection, ObservationLabel, ObservationTagging
from backend.tagging.services import label_correct, observation_tag, untagged_revisions
from tests.backend.sync.helpers import Device
from tests.backend.tagging.fakes import FakeTagger
from tests.factories import ObservationFactory, observation_data


def _labels(obs):
    return sorted(ObservationLabel.objects.filter(observation=obs).values_list("label", "source"))


def test_tagging_stores_labels_and_redacted_text_once_per_revision(world):
    obs = ObservationFactory(
        rep=world.alice, hcp=world.hcp_north, note="pt Jane says copay too high"
    )
    tagger = FakeTagger()

    assert observation_tag(observation_id=str(obs.pk), rev=1, tagger=tagger) is True
    assert observation_tag(observation_id=str(obs.pk), rev=1, tagger=tagger) is False

    assert tagger.calls == 1
    tagging = ObservationTagging.objects.get(observation=obs)
    assert tagging.redacted_text == "pt [PATIENT_NAME] says copay too high"
    assert _labels(obs) == [("objection_price", "model")]


def test_a_stale_revision_is_not_tagged(world):
    obs = ObservationFactory(rep=world.alice, hcp=world.hcp_north, note="copay", rev=3)
    assert observation_tag(observation_id=str(obs.pk), rev=2, tagger=FakeTagger()) is False
    assert not ObservationTagging.objects.filter(observation=obs).exists()


def test_a_new_model_version_tags_again(world):
    obs = ObservationFactory(rep=world.alice, hcp=world.hcp_north, note="copay")
    observation_tag(observation_id=str(obs.pk), rev=1, tagger=FakeTagger("v1"))

    assert untagged_revisions(model_version="v2") == [(str(obs.pk), 1)]
    assert observation_tag(observation_id=str(obs.pk), rev=1, tagger=FakeTagger("v2")) is True
    assert ObservationTagging.objects.get(observation=obs).model_version == "v2"
    assert untagged_revisions(model_version="v2") == []


def test_analyst_corrections_apply_now_and_survive_retagging(world):
    obs = ObservationFactory(rep=world.alice, hcp=world.hcp_north, note="copay")
    observation_tag(observation_id=str(obs.pk), rev=1, tagger=FakeTagger("v1"))

    label_correct(observation=obs, label="objection_price", action="remove", analyst=world.carol)
    label_correct(observation=obs, label="sample_request", action="add", analyst=world.carol)
    assert _labels(obs) == [("sample_request", "analyst")]

    observation_tag(observation_id=str(obs.pk), rev=1, tagger=FakeTagger("v2"))
    assert _labels(obs) == [("sample_request", "analyst")]
    assert LabelCorrection.objects.filter(observation=obs).count() == 2


def test_pushed_note_is_tagged_after_commit_and_tags_reach_the_rep_by_pull(
    world, api, monkeypatch, django_capture_on_commit_callbacks
):
    tagger = FakeTagger()
    monkeypatch.setattr("backend.tagging.tasks.get_tagger", lambda: tagger)
    device = Device(api("alice"))
    obs_id = uuid.uuid4()

    with django_capture_on_commit_callbacks(execute=False) as before_commit:
        device.push(
            [
                device.mutation(
                    "upsert", obs_id, observation_data(world.hcp_north, note="copay for Jane")
                )
            ]
        )
    assert tagger.calls == 0, "tagging must wait for the commit"
    with django_capture_on_commit_callbacks(execute=True):
        for callback in before_commit:
            callback()

    changes, _ = device.pull_all()
    tags = [c for c in changes if c["entity"] == "tags"]
    assert [t["id"] for t in tags] == [str(obs_id)]
    assert tags[0]["data"]["labels"] == [
        {"label": "objection_price", "confidence": 0.9, "source": "model"}
    ]
    assert tags[0]["data"]["pii"] == [[10, 14, "PATIENT_NAME"]]
    assert (
        api("carol").get(f"/api/v1/observations/{obs_id}").json()["text"]
        == "copay for [PATIENT_NAME]"
    )


def test_the_sweep_enqueues_what_a_lost_job_left_untagged(world, monkeypatch, settings):
    from backend.tagging.tasks import sweep_untagged

    settings.SWEEP_GRACE_SECONDS = 120
    tagger = FakeTagger()
    monkeypatch.setattr("backend.tagging.tasks.get_tagger", lambda: tagger)
    obs = ObservationFactory(rep=world.alice, hcp=world.hcp_north, note="copay")  # no job ever ran

    # Just written: its job may still be waiting in a busy queue, so the sweep leaves it alone.
    assert sweep_untagged() == 0
    assert tagger.calls == 0
    Observation.objects.filter(pk=obs.pk).update(
        updated_at=timezone.now() - dt.timedelta(minutes=3)
    )

    assert sweep_untagged() == 1
    assert ObservationTagging.objects.filter(observation=obs).exists()
    assert sweep_untagged() == 0


def test_in_the_embedded_server_the_sweeps_jobs_queue_behind_the_others(
    world, monkeypatch, settings
):
    """One job thread tags in order; the sweep must not tag a backlog in parallel with it."""
    from backend.tagging.tasks import sweep_untagged

    submitted = []

    class OneThread:
        def submit(self, fn, *args):
            submitted.append(args)

    settings.SWEEP_GRACE_SECONDS = 0
    tagger = FakeTagger()
    monkeypatch.setattr("backend.tagging.tasks.get_tagger", lambda: tagger)
    monkeypatch.setattr("backend.core.jobs._executor", OneThread())
    obs = ObservationFactory(rep=world.alice, hcp=world.hcp_north, note="copay")

    assert sweep_untagged() == 1

    assert tagger.calls == 0  # not tagged here, in the sweep's own thread
    # dispatch hands the thread (_run_in_thread, task, args, kwargs) to run in a copy of the
    # caller's context (the request id goes with the job)
    ((_run, task, args, _kwargs),) = submitted
    assert (task.name, args) == ("tagging.tag_observations", ([[str(obs.pk), 1]],))
