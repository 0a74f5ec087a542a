"""On-device screening at capture, with a stand-in for `nlp.api` (the real tagger is optional)."""

from __future__ import annotations

import json
import sys
import types
from collections.abc import Callable, Iterator
from typing import Any

import pytest

from field_client import screening
from tests.field_client.fake_server import FakeServer

Cli = Callable[..., tuple[int, str, str]]


class _Tagged:
    def __init__(self, text: str) -> None:
        self.pii = []
        start = text.find("Jane Roe")
        if start >= 0:
            self.pii.append([start, start + len("Jane Roe"), "PATIENT_NAME"])
        self.labels = [{"label": "adverse_event", "confidence": 0.93}] if "rash" in text else []


class _Tagger:
    def tag_many(self, texts: list[str]) -> list:
        return [self.tag(text) for text in texts]

    def tag(self, text: str) -> _Tagged:
        return _Tagged(text)


@pytest.fixture
def fake_nlp(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[dict[str, Any]]]:
    calls: list[dict[str, Any]] = []

    def load_tagger(**kwargs: Any) -> _Tagger:
        calls.append(kwargs)
        return _Tagger()

    module = types.ModuleType("nlp.api")
    module.load_tagger = load_tagger  # type: ignore[attr-defined]
    import nlp

    monkeypatch.setitem(sys.modules, "nlp.api", module)
    monkeypatch.setattr(nlp, "api", module, raising=False)
    monkeypatch.setenv("FIELD_CLIENT_SCREENING", "1")
    screening.reset_cache()
    yield calls
    screening.reset_cache()


def _login_and_sync(cli: Cli) -> None:
    assert (
        cli("login", "--server", "http://fake.test", "--username", "rep1", "--password", "pw1")[0]
        == 0
    )
    assert cli("sync")[0] == 0


def test_patient_identifiers_are_warned_about_and_can_be_redacted(
    cli: Cli, fake_nlp: list[dict[str, Any]]
) -> None:
    _login_and_sync(cli)

    code, out, err = cli(
        "log", "--hcp", "X-1", "--note", "Pt Jane Roe asked about copay", "--redact-pii", "--json"
    )

    assert code == 0
    assert "patient identifiers" in err and "PATIENT_NAME" in err
    assert json.loads(out)["note"] == "Pt [PATIENT_NAME] asked about copay"
    assert fake_nlp and "catalog" in fake_nlp[0]  # the tagger is given the synced catalog


def test_a_possible_adverse_event_is_flagged_and_sent_at_once(
    cli: Cli, fake: FakeServer, fake_nlp: list[dict[str, Any]]
) -> None:
    _login_and_sync(cli)

    code, out, err = cli(
        "log", "--hcp", "X-1", "--note", "pt developed a rash on Cardivra", "--json"
    )

    assert code == 0
    assert "adverse event" in err and "24 hours" in err
    assert json.loads(out)["possible_adverse_event"] is True
    assert [o.data["note"] for o in fake.notes_of("rep1")] == ["pt developed a rash on Cardivra"]


def test_an_adverse_event_logged_offline_stays_pending_with_its_deadline(
    cli: Cli, fake: FakeServer, fake_nlp: list[dict[str, Any]]
) -> None:
    _login_and_sync(cli)
    fake.faults = ["connect"] * 5

    code, _, err = cli("log", "--hcp", "X-1", "--note", "rash after the 2nd dose")

    assert code == 0 and "not sent yet" in err
    [pending] = json.loads(cli("status", "--json")[1])["adverse_events_pending"]
    assert pending["report_by"] is not None


def test_without_nlp_the_note_is_logged_unscreened(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    import nlp

    monkeypatch.setitem(sys.modules, "nlp.api", None)  # import fails
    monkeypatch.delattr(nlp, "api", raising=False)
    monkeypatch.setenv("FIELD_CLIENT_SCREENING", "1")
    screening.reset_cache()
    _login_and_sync(cli)

    code, out, err = cli("log", "--hcp", "X-1", "--note", "Pt Jane Roe had a rash", "--json")

    assert code == 0 and err == ""
    assert json.loads(out)["screening"] is None
    screening.reset_cache()


def test_a_tagger_that_crashes_does_not_lose_the_note(
    cli: Cli, fake_nlp: list[dict[str, Any]], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(_Tagger, "tag", lambda self, text: 1 / 0)
    _login_and_sync(cli)

    code, out, _ = cli("log", "--hcp", "X-1", "--note", "rash", "--json")

    assert code == 0 and json.loads(out)["note"] == "rash"


class _SafetyTagged:
    """A tagger result that carries the reportable-safety decision (nlp TagResult.safety)."""

    def __init__(self, text: str) -> None:
        self.pii: list[list[Any]] = []
        # The classifier label is low, but the safety detector decided: it is reportable.
        self.labels = [{"label": "adverse_event", "confidence": 0.2}] if "pen" in text else []
        reportable = "jammed" in text
        self.safety = {
            "reportable": reportable,
            "category": "product_complaint" if reportable else None,
            "seriousness": [],
        }
        self.model_version = "m-safety"


def _use_tagged(monkeypatch: pytest.MonkeyPatch, cls: type) -> None:
    class _T:
        def tag(self, text: str) -> Any:
            return cls(text)

    module = types.ModuleType("nlp.api")
    module.load_tagger = lambda **kwargs: _T()  # type: ignore[attr-defined]
    import nlp

    monkeypatch.setitem(sys.modules, "nlp.api", module)
    monkeypatch.setattr(nlp, "api", module, raising=False)
    monkeypatch.setenv("FIELD_CLIENT_SCREENING", "1")
    screening.reset_cache()


def test_screening_follows_the_taggers_safety_decision_not_a_second_threshold(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    _use_tagged(monkeypatch, _SafetyTagged)

    flagged = screening.screen_note("the pen jammed mid-dose")
    quiet = screening.screen_note("pt likes the pen")

    assert flagged is not None and flagged.adverse_event is True
    assert flagged.adverse_event_category == "product_complaint"
    assert flagged.as_dict()["adverse_event_category"] == "product_complaint"
    assert quiet is not None and quiet.adverse_event is False
    screening.reset_cache()


def test_the_adverse_event_warning_names_the_category(
    cli: Cli, monkeypatch: pytest.MonkeyPatch
) -> None:
    _use_tagged(monkeypatch, _SafetyTagged)
    _login_and_sync(cli)

    code, _, err = cli("log", "--hcp", "X-1", "--note", "Cardivra pen jammed, no dose came out")

    assert code == 0
    assert "adverse event (product complaint)" in err.lower()
    screening.reset_cache()
