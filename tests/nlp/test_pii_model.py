"""A saved model carries its identifier rules, and tagging fails closed without them."""

import json
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
import spacy
from spacy.language import Language

import nlp.pii.lexicon
import nlp.pii.patterns
from nlp.api import PiiUnavailableError, Tagger, load_tagger
from nlp.pii import pii_spans, redact

NOTE = (
    "pt Robert 'Bobby' Chen had a seizure. born March 3rd 1958, "
    "lives on Maple Ave, cell +44 7700 900123. Dr. Patel asked us to call Bobby back."
)


def redacted(pipe: Language, text: str = NOTE) -> str:
    return redact(text, pii_spans(pipe(text)))


def fresh() -> Language:
    pipe = spacy.blank("en")
    pipe.add_pipe("fieldsignal_pii")
    return pipe


def test_saved_model_keeps_its_rules_when_the_package_changes(tmp_path: Path, monkeypatch) -> None:
    # Given a model saved with today's word lists and patterns
    saved = fresh()
    before = redacted(saved)
    assert "Bobby" not in before and "Maple" not in before and "7700" not in before
    saved.to_disk(tmp_path / "model")

    # When the package's word lists and patterns change in this process
    lists = nlp.pii.lexicon.package_lists()
    monkeypatch.setattr(
        nlp.pii.lexicon,
        "package_lists",
        lambda directory=None: {
            **lists,
            "first_names": [w for w in lists["first_names"] if w not in ("robert", "bobby")],
            "nicknames": [w for w in lists["nicknames"] if w != "bobby"],
            "not_names": [*lists["not_names"], "chen", "robert", "bobby"],
        },
    )
    patterns = dict(nlp.pii.patterns.DEFAULT_PATTERNS)
    patterns["STREET_NAMED"] = [r"(?!x)x(?P<street>(?P<words>x))", 0]
    patterns["INTL_PHONE"] = [r"(?!x)x(?P<number>x)", 0]
    monkeypatch.setattr(nlp.pii.patterns, "DEFAULT_PATTERNS", patterns)
    assert redacted(fresh()) != before  # the change does bite a freshly built component

    # Then the saved model redacts exactly as it did
    assert redacted(spacy.load(tmp_path / "model")) == before


def test_rules_travel_in_bytes_too() -> None:
    pipe = fresh()
    other = spacy.blank("en")
    other.add_pipe("fieldsignal_pii")
    other.from_bytes(pipe.to_bytes())
    assert redacted(other) == redacted(pipe)


# -- fail closed ----------------------------------------------------------------------


@pytest.fixture
def saved_model(tagger: Tagger, tmp_path: Path) -> Path:
    tagger.nlp.to_disk(tmp_path / "model")
    return tmp_path / "model"


def test_saved_tagger_model_carries_the_rules(saved_model: Path) -> None:
    assert (saved_model / "fieldsignal_pii" / "rules.json").is_file()
    tagged = load_tagger(saved_model).tag("pt Jane Doe had a rash, call Jane at 555-201-3344")
    assert tagged.redacted_text == "pt [PATIENT_NAME] had a rash, call [PATIENT_NAME] at [PHONE]"


def test_model_saved_without_the_component_refuses_to_load(
    saved_model: Path, tmp_path: Path
) -> None:
    stripped = spacy.load(saved_model)
    stripped.remove_pipe("fieldsignal_pii")
    stripped.to_disk(tmp_path / "stripped")
    with pytest.raises(PiiUnavailableError) as info:
        load_tagger(tmp_path / "stripped")
    assert info.value.code == "nlp.pii_unavailable"


def test_missing_component_state_refuses_to_load(saved_model: Path) -> None:
    shutil.rmtree(saved_model / "fieldsignal_pii")
    with pytest.raises(PiiUnavailableError) as info:
        load_tagger(saved_model)
    assert info.value.code == "nlp.pii_unavailable"


def test_unreadable_rules_refuse_to_load(saved_model: Path) -> None:
    (saved_model / "fieldsignal_pii" / "rules.json").write_text('{"format": 99}')
    with pytest.raises(PiiUnavailableError):
        load_tagger(saved_model)


def test_a_pipeline_without_the_component_is_refused(saved_model: Path) -> None:
    nlp = spacy.load(saved_model, exclude=["fieldsignal_pii"])
    with pytest.raises(PiiUnavailableError):
        Tagger(nlp, "test")


def test_tagging_refuses_when_the_component_is_disabled(saved_model: Path) -> None:
    tagger = load_tagger(saved_model)
    with tagger.nlp.select_pipes(disable=["fieldsignal_pii"]), pytest.raises(PiiUnavailableError):
        tagger.tag("pt Jane Doe had a rash")
    assert tagger.tag("pt Jane Doe had a rash").redacted_text == "pt [PATIENT_NAME] had a rash"


@pytest.mark.parametrize(
    "strip",
    [
        pytest.param(lambda rules: rules["patterns"].pop("LONE_WORD"), id="a pattern"),
        pytest.param(lambda rules: rules["patterns"].pop("STAFF_ACTION_AFTER"), id="a role cue"),
        pytest.param(lambda rules: rules["lexicon"]["lists"].pop("given_names"), id="a list"),
    ],
)
def test_rules_lacking_a_pattern_or_list_refuse_to_load(
    saved_model: Path, strip: Callable[[dict[str, Any]], object]
) -> None:
    # Given a saved model whose identifier rules lack something this code reads
    rules_file = saved_model / "fieldsignal_pii" / "rules.json"
    rules = json.loads(rules_file.read_text())
    strip(rules)
    rules_file.write_text(json.dumps(rules))
    # Then it is refused, never run with that rule off or that list empty
    with pytest.raises(PiiUnavailableError):
        load_tagger(saved_model)
