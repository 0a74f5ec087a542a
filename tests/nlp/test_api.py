import json

import pytest

from nlp.api import Tagger, TagResult, load_tagger
from nlp.models import ModelNotFoundError


def test_tag_result_is_json_ready(tagger: Tagger) -> None:
    result = tagger.tag("pt on Visorel had eye pain after injection, reported to drug safety")
    payload = json.loads(json.dumps(result.to_dict()))
    assert set(payload) == {
        "labels",
        "scores",
        "evidence",
        "entities",
        "pii",
        "redacted_text",
        "model_version",
        "safety",
    }
    assert payload["model_version"] == tagger.model_version
    assert payload["model_version"].startswith("fieldsignal-themes-")
    assert payload["labels"][0]["label"] == "adverse_event"
    assert 0.0 <= payload["labels"][0]["confidence"] <= 1.0
    assert len(payload["scores"]) == 14


def test_labels_are_those_above_threshold_with_evidence(tagger: Tagger) -> None:
    text = (
        "Dr. Ito asked for more Visorel samples. "
        "Copay is way too high for her pts, they cannot afford it."
    )
    result = tagger.tag(text)
    assert {"sample_request", "objection_price"} <= set(result.label_names)
    evidence = {label: text[start:end] for start, end, label in result.evidence}
    assert "samples" in evidence["sample_request"]
    assert "afford" in evidence["objection_price"]


def test_entities_link_to_the_catalog(tagger: Tagger) -> None:
    text = "switching from Optivance to visoranib; left VSR-101-v2"
    result = tagger.tag(text)
    assert [(e["text"], e["kind"], e["ref"]) for e in result.entities] == [
        ("Optivance", "competitor", "Optivance"),
        ("visoranib", "own_product", "Visorel"),
        ("VSR-101-v2", "content_asset", "VSR-101-v2"),
    ]
    assert all(text[e["start"] : e["end"]] == e["text"] for e in result.entities)


def test_patient_identifiers_are_redacted_but_not_the_doctor(tagger: Tagger) -> None:
    text = "Dr. Ito: pt Maria Gonzalez (DOB 03/14/1961) on Visorel, call her at 555-201-3344"
    result = tagger.tag(text)
    kinds = {kind for _, _, kind in result.pii}
    assert {"PATIENT_NAME", "DOB", "PHONE"} <= kinds
    assert "Maria Gonzalez" not in result.redacted_text
    assert "03/14/1961" not in result.redacted_text
    assert "Dr. Ito" in result.redacted_text


def test_tag_many_keeps_input_order(tagger: Tagger) -> None:
    texts = ["Dr. Ito asked for more Visorel samples", "", "Visorel not covered by Aetna"]
    results = tagger.tag_many(texts, batch_size=2)
    assert [r.label_names for r in results] == [tagger.tag(t).label_names for t in texts]
    assert results[1] == TagResult(
        scores=results[1].scores, model_version=tagger.model_version, safety=results[1].safety
    )
    assert results[1].safety["reportable"] is False


def test_set_catalog_changes_what_is_found(tagger: Tagger, catalog: dict) -> None:
    other = load_tagger()
    assert other.tag("pt on Visorel").entities == []
    other.set_catalog(catalog)
    assert other.tag("pt on Visorel").entities[0]["ref"] == "Visorel"


def test_missing_model_dir_raises_a_coded_error(tmp_path) -> None:
    with pytest.raises(ModelNotFoundError) as info:
        load_tagger(tmp_path)
    assert info.value.code == "nlp.model_missing"


def test_env_var_selects_the_model(monkeypatch, tmp_path) -> None:
    monkeypatch.setenv("FIELDSIGNAL_NLP_MODEL", str(tmp_path / "nowhere"))
    with pytest.raises(ModelNotFoundError):
        load_tagger()
