"""Content versions as content systems write them: "2.1", "3.0", "v4", ordered naturally."""

import json
import uuid
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from backend.alerts.models import Signal
from backend.alerts.rule_services import rule_create
from backend.alerts.services import observation_evaluate
from backend.catalog.models import ContentAsset, ContentAssetVersion
from backend.observations.models import Observation
from backend.tagging.models import ObservationTagging
from nlp.content_version import InvalidVersion, same_version, version_key, version_sort
from tests.backend.sync.helpers import Device
from tests.factories import observation_data

CATALOG = {
    "products": [{"name": "Ownbrand", "aliases": [], "company": "own"}],
    "content_assets": [
        {"code": "OWN-CARD", "title": "Dosing card", "product": "Ownbrand", "version": "3.0",
         "status": "current", "valid_until": "2099-01-01"},
        {"code": "OWN-STUDY", "title": "Study reprint", "product": "Ownbrand", "version": "2.1",
         "status": "superseded"},
        {"code": "OWN-FAQ", "title": "Safety FAQ", "product": "Ownbrand", "version": "v4",
         "status": "withdrawn"},
    ],
}  # fmt: skip


def _import(tmp_path, data):
    path = tmp_path / "catalog.json"
    path.write_text(json.dumps(data))
    out = StringIO()
    call_command("import_catalog", str(path), stdout=out)
    return out.getvalue()


def test_natural_order_and_equal_spellings():
    assert version_key("1.10") > version_key("1.9")
    assert sorted(["3.0", "v4", "2.1", "1.10", "1.9"], key=version_key) == [
        "1.9", "1.10", "2.1", "3.0", "v4",
    ]  # fmt: skip
    assert same_version("v4", "4") and same_version(4, "4.0") and same_version("3.0", "3")
    assert version_sort("1.10") > version_sort("1.9")  # the database orders the same way
    for bad in ("draft", "", "v", None, True, 2.5):
        with pytest.raises(InvalidVersion):
            version_key(bad)


def test_a_catalog_of_text_versions_imports_twice_with_no_change(db, tmp_path):
    first = _import(tmp_path, CATALOG)
    second = _import(tmp_path, CATALOG)

    assert "3 new asset version(s)" in first
    assert "0 created, 0 updated, 4 unchanged, 0 new asset version(s)" in second
    assert dict(ContentAsset.objects.values_list("code", "version")) == {
        "OWN-CARD": "3.0", "OWN-STUDY": "2.1", "OWN-FAQ": "v4",
    }  # fmt: skip


def test_the_same_version_spelt_differently_is_not_a_new_version(db, tmp_path):
    _import(tmp_path, CATALOG)
    respelt = json.loads(json.dumps(CATALOG))
    respelt["content_assets"][2]["version"] = "4"
    respelt["content_assets"][0]["version"] = 3  # an integer is read as its string

    assert "0 updated, 4 unchanged, 0 new asset version(s)" in _import(tmp_path, respelt)


def test_a_newer_version_is_recorded_in_natural_order(db, tmp_path):
    _import(tmp_path, CATALOG)
    for version in ("3.10", "3.9"):
        newer = json.loads(json.dumps(CATALOG))
        newer["content_assets"][0]["version"] = version
        _import(tmp_path, newer)

    history = ContentAssetVersion.objects.filter(asset__code="OWN-CARD")
    assert list(history.values_list("version", flat=True)) == ["3.0", "3.9", "3.10"]


def test_a_version_with_no_digits_is_a_clear_error_per_entry(db, tmp_path):
    bad = json.loads(json.dumps(CATALOG))
    bad["content_assets"][0]["version"] = "draft"
    bad["content_assets"][2]["version"] = "final"

    path = tmp_path / "bad.json"
    path.write_text(json.dumps(bad))
    err = StringIO()
    with pytest.raises(CommandError, match="2 problem"):
        call_command("import_catalog", str(path), stdout=StringIO(), stderr=err)

    message = err.getvalue()
    assert "content_assets[0].version" in message and "'draft' has no number" in message
    assert "content_assets[2].version" in message and "invalid_version" in message
    assert ContentAsset.objects.count() == 0


def _push_shown(world, api, shown):
    device = Device(api("alice"))
    obs_id = uuid.uuid4()
    data = observation_data(world.hcp_north, note="left the card")
    data["content_shown"] = shown
    result = device.push([device.mutation("upsert", obs_id, data)]).json()["results"][0]
    return device, obs_id, result


def _evaluate(obs_id):
    obs = Observation.objects.get(pk=obs_id)
    ObservationTagging.objects.create(
        observation=obs, observation_rev=obs.rev, model_version="m1", redacted_text=obs.note
    )
    return observation_evaluate(observation_id=obs.pk)


def test_stale_content_rules_fire_on_text_versions(world, api, tmp_path):
    # Given the catalog, imported twice, and the stale-content rule
    _import(tmp_path, CATALOG)
    _import(tmp_path, CATALOG)
    rule_create(name="stale", kind="stale_content_catalog", params={"period_days": 7})

    # When a rep shows the current card (spelt "3"), an older one, the superseded study and
    # the withdrawn FAQ (spelt "4")
    device, current, result = _push_shown(world, api, [{"asset": "OWN-CARD", "version": "3"}])
    assert result["status"] == "applied", result
    _, older, _ = _push_shown(world, api, [{"asset": "OWN-CARD", "version": "2.10"}])
    _, study, _ = _push_shown(world, api, [{"asset": "OWN-STUDY", "version": "2.1"}])
    _, faq, _ = _push_shown(world, api, [{"asset": "OWN-FAQ", "version": 4}])

    # Then the current card raises nothing and each stale one raises its signal
    assert _evaluate(current) == []
    for obs_id in (older, study, faq):
        _evaluate(obs_id)
    reasons = {s.content_asset.code: s.stats["reasons"] for s in Signal.objects.all()}
    assert reasons == {
        "OWN-CARD": ["not_current_version"],
        "OWN-STUDY": ["superseded"],
        "OWN-FAQ": ["withdrawn"],
    }
    # And the versions read back as the catalog writes them
    assert Observation.objects.get(pk=current).content.get().version == "3.0"
    assert Observation.objects.get(pk=faq).content.get().version == "v4"
    changes, _ = device.pull_all()
    pulled = {
        c["data"]["code"]: c["data"]["version"] for c in changes if c["entity"] == "content_asset"
    }
    assert pulled == {"OWN-CARD": "3.0", "OWN-STUDY": "2.1", "OWN-FAQ": "v4", "OWN-DOS-2": "2"}
    mine = next(c for c in changes if c["entity"] == "observation" and c["id"] == str(current))
    assert mine["data"]["content_shown"] == [{"asset": "OWN-CARD", "version": "3.0"}]


def test_a_device_cannot_show_a_version_newer_than_the_catalog(world, api, tmp_path):
    _import(tmp_path, CATALOG)
    for shown in ("3.1", "v10", "draft"):
        _, _, result = _push_shown(world, api, [{"asset": "OWN-CARD", "version": shown}])
        assert result["status"] == "rejected"
        assert result["errors"][0]["code"] == "unknown_content_version"


def test_the_admin_form_refuses_a_version_without_digits(world):
    from django.core.exceptions import ValidationError

    world.asset.version = "final"
    with pytest.raises(ValidationError) as refused:
        world.asset.full_clean()
    assert "has no number" in str(refused.value)
