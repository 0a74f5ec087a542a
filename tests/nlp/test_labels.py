"""The taxonomy has one home: nlp.labels (DESIGN.md), shared by data build, pipeline and backend."""

from nlp import labels
from nlp.data import build
from nlp.pipeline import build_pipeline


def test_labels_are_the_fourteen_themes_in_design_order():
    assert len(labels.LABELS) == 14
    assert len(set(labels.LABELS)) == 14
    assert labels.LABELS[0] == "objection_price"
    assert labels.LABELS[-1] == "positive_feedback"


def test_objection_labels_are_the_five_objections():
    assert labels.OBJECTION_LABELS == (
        "objection_price",
        "objection_access",
        "objection_safety",
        "objection_efficacy",
        "objection_dosing",
    )


def test_is_label():
    assert labels.is_label("off_label")
    assert not labels.is_label("objection")


def test_build_and_pipeline_use_the_same_taxonomy():
    assert build.LABELS is labels.LABELS
    textcat = build_pipeline().get_pipe("textcat_multilabel")
    assert tuple(textcat.labels) == labels.LABELS


def test_build_rejects_a_label_outside_the_taxonomy():
    try:
        build.compile_record({"id": "x", "text": "hi", "labels": ["objection_weather"]})
    except ValueError as exc:
        assert "objection_weather" in str(exc)
    else:
        raise AssertionError("unknown label accepted")


def test_backend_filters_and_rules_import_the_taxonomy():
    from backend.alerts.rules.base import OBJECTION_LABELS
    from backend.insights import forms

    assert OBJECTION_LABELS is labels.OBJECTION_LABELS
    assert [value for value, _ in forms.LABEL_CHOICES[1:]] == list(labels.LABELS)
