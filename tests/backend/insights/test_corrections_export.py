"""Corrections exported for retraining, in the format nlp.train reads."""

from pathlib import Path
from typing import Any

import pytest
from django.core.management import call_command

from backend.insights.services import observation_label_correct
from nlp.corpus import catalog_for, read_notes
from tests.backend.insights.helpers import tagged

pytestmark = pytest.mark.django_db


def test_corrected_notes_are_exported_redacted_with_their_effective_labels(
    world: Any, tmp_path: Path
) -> None:
    corrected = tagged(
        world.alice,
        "Pt Jane Roe: copay",
        redacted="Pt [PATIENT_NAME]: copay",
        pii=[[3, 11, "PATIENT_NAME"]],
        labels={"objection_access": 0.6},
        products=[world.own],
    )
    tagged(world.alice, "untouched note", labels={"objection_price": 0.9})
    observation_label_correct(
        analyst=world.carol,
        observation_id=str(corrected.pk),
        label="objection_access",
        action="remove",
    )
    observation_label_correct(
        analyst=world.carol, observation_id=str(corrected.pk), label="objection_price", action="add"
    )

    output = tmp_path / "corrections.jsonl"
    call_command("export_corrections", output=output)

    notes = read_notes(output)
    assert len(notes) == 1
    note = notes[0]
    assert note["text"] == "Pt [PATIENT_NAME]: copay"
    assert note["labels"] == ["objection_price"]
    assert note["products"] == ["Ownbrand"]
    assert [p.name for p in catalog_for(note).products] == ["Ownbrand", "Rivalbrand"]
