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


def test_the_shipped_model_flags_a_device_failure_and_not_a_competitor_event():
    complaint = screening.screen_note(
        "Respiqor inhaler delivered no dose, pt pressed it 3 times, office kept it", catalog=CATALOG
    )
    rival = screening.screen_note(
        "pt on Hartwell got hives after the 2nd dose, Dr reporting to them", catalog=CATALOG
    )
    assert complaint is not None and complaint.adverse_event is True
    assert complaint.adverse_event_category == "product_complaint"
    assert rival is not None and rival.adverse_event is False
