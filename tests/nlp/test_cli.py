"""The commands: nlp.tag, nlp.evaluate and a tiny nlp.train (never a full training)."""

import json
import subprocess
import sys
from pathlib import Path

import pytest

from nlp import corpus, evaluate, tag, train
from nlp.models import CURRENT_FILE
from tests.nlp.conftest import UNSEEN_CATALOG

ROOT = Path(__file__).resolve().parents[2]

NOTES = [
    {
        "id": "t1",
        "text": "pt Maria Gonzalez on Visorel had eye pain after the shot, reported to drug safety",
        "labels": ["adverse_event"],
        "products": ["Visorel"],
        "content_codes": [],
        "pii": [[3, 17, "PATIENT_NAME"]],
    },
    {
        "id": "t2",
        "text": "no pushback on price for Visorel today, asked for more samples",
        "labels": ["sample_request"],
        "products": ["Visorel"],
        "content_codes": [],
        "pii": [],
    },
]


@pytest.fixture
def files(tmp_path: Path) -> tuple[Path, Path]:
    data = tmp_path / "notes.jsonl"
    data.write_text("".join(json.dumps(n) + "\n" for n in NOTES), encoding="utf-8")
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(UNSEEN_CATALOG), encoding="utf-8")
    return data, catalog


def test_evaluate_prints_per_label_scores_and_pii(files, capsys, tmp_path) -> None:
    data, catalog = files
    out = tmp_path / "pred.jsonl"
    assert (
        evaluate.main(["--data", str(data), "--catalog", str(catalog), "--predictions", str(out)])
        == 0
    )
    text = capsys.readouterr().out
    assert "adverse_event" in text and "macro-F1" in text
    assert "PII spans, exact span + type" in text and "PII spans, overlap" in text
    lines = [json.loads(line) for line in out.read_text().splitlines()]
    assert [line["id"] for line in lines] == ["t1", "t2"]
    assert set(lines[0]) == {"id", "labels", "pii"}
    assert "adverse_event" in lines[0]["labels"]
    assert [3, 17, "PATIENT_NAME"] in lines[0]["pii"]


def test_evaluate_json_report(files, capsys) -> None:
    data, catalog = files
    assert evaluate.main(["--data", str(data), "--catalog", str(catalog), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    assert report["labels"]["adverse_event"] == {
        "precision": 1.0,
        "recall": 1.0,
        "f1": 1.0,
        "support": 1,
    }
    assert report["pii"]["exact"]["recall"] == 1.0
    assert 0.0 <= report["macro_f1"] <= 1.0


def test_tag_command_runs_as_a_module(files) -> None:
    _, catalog = files
    done = subprocess.run(
        [
            sys.executable,
            "-m",
            "nlp.tag",
            "--catalog",
            str(catalog),
            "Visorel not covered, PA denied",
        ],
        cwd=ROOT,
        capture_output=True,
        text=True,
        check=True,
    )
    result = json.loads(done.stdout)
    assert result["entities"][0]["ref"] == "Visorel"
    assert "objection_access" in [item["label"] for item in result["labels"]]


def test_tag_main_in_process(files, capsys) -> None:
    _, catalog = files
    assert tag.main(["--catalog", str(catalog), "asked for Visorel samples"]) == 0
    assert json.loads(capsys.readouterr().out)["model_version"].startswith("fieldsignal-themes-")


def _tiny_training_notes(path: Path) -> Path:
    """Ten notes from each of two training catalogs: enough to exercise every step."""
    by_catalog: dict[str, list[str]] = {}
    for line in (ROOT / "nlp/data/train.jsonl").read_text(encoding="utf-8").splitlines():
        note = json.loads(line)
        group = by_catalog.setdefault(note["catalog"], [])
        if note["catalog"] in ("cardio", "immunology") and len(group) < 10:
            group.append(line)
    path.write_text("\n".join(by_catalog["cardio"] + by_catalog["immunology"]) + "\n")
    return path


def test_tiny_training_is_seeded_and_leaves_current_alone(tmp_path, capsys) -> None:
    data = _tiny_training_notes(tmp_path / "tiny.jsonl")
    before = CURRENT_FILE.read_text()
    outputs = []
    for run in ("a", "b"):
        args = [
            "--data",
            str(data),
            "--output",
            str(tmp_path / run),
            "--epochs",
            "2",
            "--seed",
            "3",
        ]
        assert train.main(args) == 0
        outputs.append(tmp_path / run)
    assert CURRENT_FILE.read_text() == before
    weights = [(out / "textcat_multilabel" / "model").read_bytes() for out in outputs]
    assert weights[0] == weights[1]
    meta = json.loads((outputs[0] / "meta.json").read_text())["fieldsignal"]
    assert meta["seed"] == 3
    # by default every dev split under nlp/data/dev joins the calibration
    splits = len(corpus.dev_split_dirs())
    assert meta["threshold_calibration"].endswith(f"notes of {splits} dev split(s)")
    assert meta["dev_split_notes"] == len(corpus.tuning_notes(corpus.dev_split_dirs()))
    # the classifier's own off_label say is set on the dev splits and saved with the model
    saved = json.loads((outputs[0] / "fieldsignal_compliance" / "compliance.json").read_text())
    assert saved["thresholds"]["off_label"] == meta["thresholds"]["off_label"]
    assert "dev: macro-F1" in capsys.readouterr().out


def test_training_takes_corrections(tmp_path) -> None:
    data = _tiny_training_notes(tmp_path / "tiny.jsonl")
    corrections = tmp_path / "corrections.jsonl"
    corrections.write_text(json.dumps({**NOTES[1], "labels": ["sample_request"]}) + "\n")
    catalog = tmp_path / "catalog.json"
    catalog.write_text(json.dumps(UNSEEN_CATALOG))
    args = [
        "--data", str(data), "--output", str(tmp_path / "m"), "--epochs", "1",
        "--corrections", str(corrections), "--corrections-catalog", str(catalog),
    ]  # fmt: skip
    assert train.main(args) == 0
    meta = json.loads((tmp_path / "m" / "meta.json").read_text())
    assert meta["version"].startswith(f"{train.BASE_VERSION}+c")
    assert (
        meta["fieldsignal"]["train_notes"]
        == 1 + sum(1 for _ in data.read_text().splitlines()) - meta["fieldsignal"]["dev_notes"]
    )


def test_training_calibrates_on_a_dev_split_it_never_trains_on(tmp_path, capsys) -> None:
    data = _tiny_training_notes(tmp_path / "tiny.jsonl")
    dev = tmp_path / "dev"
    dev.mkdir()
    (dev / "notes.jsonl").write_text("".join(json.dumps(n) + "\n" for n in NOTES))
    (dev / "catalog.json").write_text(json.dumps(UNSEEN_CATALOG))
    args = ["--data", str(data), "--output", str(tmp_path / "m"), "--epochs", "1"]
    assert train.main([*args, "--calibration", str(dev)]) == 0
    meta = json.loads((tmp_path / "m" / "meta.json").read_text())["fieldsignal"]
    assert meta["threshold_calibration"] == "cross-catalog + 2 notes of 1 dev split(s)"
    assert meta["train_notes"] + meta["dev_notes"] == 20  # the dev split is not trained on
    assert "calibration_splits: macro-F1" in capsys.readouterr().out


def test_training_refuses_to_calibrate_on_a_held_out_split(tmp_path) -> None:
    held_out = corpus.HELDOUT_DIR / "everyday"
    with pytest.raises(SystemExit, match="never trained or tuned on"):
        corpus.tuning_notes([held_out])
