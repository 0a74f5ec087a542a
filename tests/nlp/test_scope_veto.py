"""The scope veto in ``fieldsignal_compliance``: a label named only inside negated or
resolved scopes is not given; one naming word outside every scope keeps it."""

import pytest
from spacy.language import Language

from nlp.components.compliance import Compliance
from nlp.components.negation import NegationScoper
from nlp.theme_cues import THEME_CUES

LABELS = list(THEME_CUES)


@pytest.fixture
def scoped(blank: Language) -> tuple[Language, Compliance]:
    blank.add_pipe("fieldsignal_sentencizer")
    blank.add_pipe("fieldsignal_negation")
    compliance = Compliance(blank)
    compliance.set_scope_cues(THEME_CUES)
    return blank, compliance


def _vetoed(scoped: tuple[Language, Compliance], text: str) -> list[str]:
    nlp, compliance = scoped
    return compliance.scope_vetoed(nlp(text), LABELS)


def test_a_theme_named_only_inside_a_negation_is_vetoed(scoped):
    assert _vetoed(scoped, "no pushback on price today, wants the dosing card") == [
        "objection_price"
    ]


def test_a_theme_named_outside_the_scope_is_kept(scoped):
    vetoed = _vetoed(scoped, "no PA trouble at Aetna, but the copay is $90 for her pts")
    assert "objection_access" in vetoed
    assert "objection_price" not in vetoed


def test_a_resolved_theme_is_vetoed_and_the_live_one_kept(scoped):
    vetoed = _vetoed(scoped, "the PA hassle is gone now. pts still hate the weekly injection")
    assert "objection_access" in vetoed
    assert "objection_dosing" not in vetoed


def test_the_same_words_without_a_cue_are_never_vetoed(scoped):
    assert _vetoed(scoped, "pushback on price today, PA trouble at Aetna, no samples") == [
        "sample_request"
    ]
    assert _vetoed(scoped, "pushback on price today, PA trouble at Aetna") == []


def test_a_model_saved_without_the_lists_keeps_its_behaviour(scoped):
    nlp, compliance = scoped
    restored = Compliance(nlp).from_bytes(compliance.to_bytes())
    assert restored.scope_cues == compliance.scope_cues
    state = compliance._state()
    del state["scope_cues"]
    old = Compliance(nlp)
    old._load_state(state)
    assert old.scope_vetoed(nlp("no pushback on price"), LABELS) == []
    assert restored.scope_vetoed(nlp("no pushback on price"), LABELS) == ["objection_price"]


def test_the_training_build_carries_the_lists_to_disk(tmp_path):
    # What `python -m nlp.train` saves: the theme lists and the 2.2 negation lists.
    from nlp.pipeline import build_pipeline

    nlp = build_pipeline()
    nlp.get_pipe("fieldsignal_compliance").to_disk(tmp_path / "compliance")
    nlp.get_pipe("fieldsignal_negation").to_disk(tmp_path / "negation")
    restored = Compliance(nlp).from_disk(tmp_path / "compliance")
    assert restored.scope_cues == THEME_CUES
    negation = NegationScoper(post_cues=[], scope_closers=[]).from_disk(tmp_path / "negation")
    assert "working again" in negation.post_cues
    assert negation.scope_closers == ["anymore"]
