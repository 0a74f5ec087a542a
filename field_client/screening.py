"""Optional on-device screening of a note at capture, when the `nlp` package and a model are here.

Screening must never stop a rep from logging a note: any failure to import, load or run the
tagger degrades to "not screened".

A possible adverse event is what the tagger's reportable-safety detector decided
(``TagResult.safety``, the same decision the server makes), with its category and
seriousness hints. Only a tagger without that detector falls back to the label's confidence.
"""

from __future__ import annotations

import logging
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

log = logging.getLogger(__name__)

ADVERSE_EVENT = "adverse_event"
# For taggers without the safety detector only: below this confidence a label is not worth
# interrupting a rep for.
AE_MIN_CONFIDENCE = float(os.environ.get("FIELD_CLIENT_AE_THRESHOLD", "0.5"))


@dataclass
class ScreeningResult:
    pii: list[tuple[int, int, str]] = field(default_factory=list)
    adverse_event: bool = False
    adverse_event_confidence: float | None = None
    model_version: str | None = None
    adverse_event_category: str | None = None
    adverse_event_seriousness: list[str] = field(default_factory=list)

    def as_dict(self) -> dict[str, Any]:
        return {
            "pii": [list(span) for span in self.pii],
            "adverse_event": self.adverse_event,
            "adverse_event_confidence": self.adverse_event_confidence,
            "adverse_event_category": self.adverse_event_category,
            "adverse_event_seriousness": list(self.adverse_event_seriousness),
            "model_version": self.model_version,
        }


_tagger_cache: dict[str, Any] = {}


def _load_tagger(catalog: dict[str, Any] | None) -> Any | None:
    if "tagger" in _tagger_cache:
        return _tagger_cache["tagger"]
    tagger = None
    try:
        from nlp import api  # type: ignore[attr-defined,unused-ignore]
    except Exception:  # noqa: BLE001 - nlp is optional; anything it raises means "not here"
        log.debug("nlp.api is not available; notes are not screened on the device")
    else:
        tagger = _call_loader(api, catalog)
    _tagger_cache["tagger"] = tagger
    return tagger


def _call_loader(api: Any, catalog: dict[str, Any] | None) -> Any | None:
    model = os.environ.get("FIELD_CLIENT_NLP_MODEL")
    attempts: list[dict[str, Any]] = []
    if catalog and (catalog.get("products") or catalog.get("content_assets")):
        attempts.append({"catalog": catalog})
    attempts.append({})
    for kwargs in attempts:
        if model:
            kwargs = {**kwargs, "model_dir": Path(model)}
        try:
            return api.load_tagger(**kwargs)
        except TypeError:
            continue
        except Exception as exc:  # noqa: BLE001 - no model installed, a broken model: not fatal
            log.debug("no on-device tagger: %s", exc)
            return None
    return None


def screen_note(text: str, *, catalog: dict[str, Any] | None = None) -> ScreeningResult | None:
    """Patient identifiers and a possible adverse event in `text`; None when screening is off."""
    if os.environ.get("FIELD_CLIENT_SCREENING", "1") == "0":
        return None
    tagger = _load_tagger(catalog)
    if tagger is None:
        return None
    try:
        tagged = tagger.tag(text)
    except Exception as exc:  # noqa: BLE001 - a tagger bug must not lose the note
        log.debug("screening failed: %s", exc)
        return None
    result = ScreeningResult(model_version=_get(tagged, "model_version"))
    for span in _get(tagged, "pii") or []:
        try:
            start, end, kind = span[0], span[1], span[2]
            result.pii.append((int(start), int(end), str(kind)))
        except (IndexError, TypeError, ValueError):
            continue
    for label in _get(tagged, "labels") or []:
        name = _get(label, "label")
        confidence = _get(label, "confidence")
        if name == ADVERSE_EVENT:
            result.adverse_event_confidence = float(confidence) if confidence is not None else 1.0
    safety = _get(tagged, "safety")
    if isinstance(safety, dict) and "reportable" in safety:
        _apply_safety(result, safety)
    elif result.adverse_event_confidence is not None:
        result.adverse_event = result.adverse_event_confidence >= AE_MIN_CONFIDENCE
    return result


def _apply_safety(result: ScreeningResult, safety: dict[str, Any]) -> None:
    """The tagger's reportable-safety decision is final: no second threshold on the device."""
    result.adverse_event = bool(safety.get("reportable"))
    if result.adverse_event:
        category = safety.get("category")
        result.adverse_event_category = str(category) if category else None
        result.adverse_event_seriousness = [str(s) for s in safety.get("seriousness") or []]


def _get(obj: Any, key: str) -> Any:
    if isinstance(obj, dict):
        return obj.get(key)
    return getattr(obj, key, None)


def reset_cache() -> None:
    """Forget the loaded tagger (tests swap fake `nlp.api` modules)."""
    _tagger_cache.clear()
