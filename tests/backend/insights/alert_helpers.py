"""Signals made directly, as the rules engine would store them."""

import datetime as dt
import uuid
from typing import Any

from django.utils import timezone

from backend.alerts.models import Rule, RuleVersion, Signal, SignalObservation


def make_signal(
    observations: list[Any],
    *,
    type: str = "objection",
    label: str = "objection_price",
    **extra: Any,
) -> Signal:
    rule = Rule.objects.create(name=f"{type} rule", kind="objection_threshold", params={})
    version = RuleVersion.objects.create(
        rule=rule, version=1, name=rule.name, kind=rule.kind, params={}
    )
    key = uuid.uuid4().hex
    defaults: dict[str, Any] = {
        "type": type,
        "severity": "high",
        "title": f"{label.replace('_', ' ')}: {len(observations)} notes",
        "message": "raised in a test",
        "rule_version": version,
        "dedupe_key": key,
        "group_key": key,
        "stats": {"label": label},
        "window_start": timezone.now() - dt.timedelta(days=7),
        "window_end": timezone.now(),
    }
    defaults.update(extra)
    signal = Signal.objects.create(**defaults)
    for obs in observations:
        SignalObservation.objects.create(signal=signal, observation=obs, labels=[label])
    return signal
