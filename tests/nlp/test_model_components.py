"""A saved model is what it is: a model lacking a component that decides labels is refused,
never patched at load time with whatever the Python package holds today."""

from pathlib import Path

import pytest
import spacy

from nlp.api import ModelIncompleteError, PiiUnavailableError, Tagger, load_tagger
from nlp.pipeline import OFF_LABEL, SAFETY


@pytest.fixture
def saved_model(tagger: Tagger, tmp_path: Path) -> Path:
    tagger.nlp.to_disk(tmp_path / "model")
    return tmp_path / "model"


@pytest.mark.parametrize("component", [SAFETY, OFF_LABEL])
def test_a_model_without_a_deciding_component_is_refused(
    saved_model: Path, tmp_path: Path, component: str
) -> None:
    stripped = spacy.load(saved_model)
    stripped.remove_pipe(component)
    stripped.to_disk(tmp_path / "stripped")
    with pytest.raises(ModelIncompleteError) as info:
        load_tagger(tmp_path / "stripped")
    assert info.value.code == "nlp.model_incomplete"
    assert component in str(info.value)


def test_the_identifier_component_is_checked_first(saved_model: Path, tmp_path: Path) -> None:
    stripped = spacy.load(saved_model)
    stripped.remove_pipe("fieldsignal_pii")
    stripped.remove_pipe(SAFETY)
    stripped.to_disk(tmp_path / "stripped")
    with pytest.raises(PiiUnavailableError):
        load_tagger(tmp_path / "stripped")


def test_a_model_whose_identifier_rules_are_gone_is_refused(saved_model: Path) -> None:
    # Before 2.0.0 the component fell back to the package's rules; now it fails closed.
    (saved_model / "fieldsignal_pii" / "rules.json").unlink()
    with pytest.raises(PiiUnavailableError) as info:
        load_tagger(saved_model)
    assert info.value.code == "nlp.pii_unavailable"


def test_the_loaded_version_is_the_saved_one(saved_model: Path, tagger: Tagger) -> None:
    loaded = load_tagger(saved_model)
    assert loaded.model_version == tagger.model_version
    assert "+" not in loaded.model_version  # nothing was added at load time
