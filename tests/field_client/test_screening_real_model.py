"""On-device screening with the shipped NLP model (not a stand-in)."""

import json
from pathlib import Path

import pytest

from field_client import screening

CATALOG = json.loads(
    (Path(__file__).resolve().parents[2] / "backend/demo/catalog.json").read_text()
)


@pytest.fixture(autouse=True)
def _fresh_tagger():
    screening.reset_cache()
    yield
    screening.reset_cache()


def test_the_shipped_model_warns_of_identifiers_and_flags_a_possible_adverse_event():
    result = screening.screen_note(
        "pt Maria Lopez developed a rash 2 wks after starting Cardivra, call her at 555-201-3344",
        catalog=CATALOG,
    )
    assert result is not None and result.model_version
    assert {kind for _, _, kind in result.pii} == {"PATIENT_NAME", "PHONE"}
    assert result.adverse_event is True


def test_a_routine_note_is_not_flagged():
    result = screening.screen_note(
        "dr wants more samples of Lipozent for new starts", catalog=CATALOG
    )
    assert result is not None
    assert result.pii == [] and result.adverse_event is False
