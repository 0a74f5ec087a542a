"""Trained models, one versioned directory each; ``current`` names the one in use.

``current`` is a one-line text file (not a symlink, so it survives any checkout) holding
the directory name, e.g. ``fieldsignal-themes-1.0.0``.
"""

import os
from pathlib import Path

MODELS_DIR = Path(__file__).resolve().parent
CURRENT_FILE = MODELS_DIR / "current"
MODEL_PREFIX = "fieldsignal-themes-"
ENV_VAR = "FIELDSIGNAL_NLP_MODEL"


class ModelNotFoundError(FileNotFoundError):
    """No trained model where one was expected (code ``nlp.model_missing``)."""

    code = "nlp.model_missing"


class ModelIncompleteError(RuntimeError):
    """A model lacks a component that decides labels (code ``nlp.model_incomplete``); it is
    refused rather than patched at load time, so one model version is one behaviour."""

    code = "nlp.model_incomplete"


def resolve_model_dir(model_dir: Path | str | None = None) -> Path:
    """The model directory: the argument, else $FIELDSIGNAL_NLP_MODEL, else nlp/models/current."""
    chosen = model_dir or os.environ.get(ENV_VAR) or CURRENT_FILE
    path = Path(chosen)
    if path.is_file():  # a pointer file naming a directory next to it
        name = path.read_text(encoding="utf-8").strip()
        path = (path.parent / name).resolve()
    if not (path / "config.cfg").is_file():
        raise ModelNotFoundError(f"no trained model at {path} (run `python -m nlp.train`)")
    return path


def write_current(model_dir: Path) -> None:
    """Point nlp/models/current at ``model_dir`` (stored relative when it lives here)."""
    model_dir = model_dir.resolve()
    name = model_dir.name if model_dir.parent == MODELS_DIR else str(model_dir)
    CURRENT_FILE.write_text(name + "\n", encoding="utf-8")
