"""The analyst pages' view of alerts and signals (backend.alerts, built in issue 6).

Until the alerts app has models this module answers "no alerts", so every page still works.
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from backend.accounts.models import User


@dataclass(frozen=True)
class AlertView:
    id: str
    type: str
    severity: str
    status: str
    created_at: dt.datetime
    summary: str
    rule: str = ""
    subject: dict[str, Any] = field(default_factory=dict)
    observation_ids: list[str] = field(default_factory=list)
    assigned_to: str = ""
    due_at: dt.datetime | None = None


@dataclass(frozen=True)
class SpikeMarker:
    at: dt.datetime
    label: str
    summary: str
    alert_id: str


def alerts_available() -> bool:
    return False


def alerts_for_observation(user: User, observation_id: str) -> list[AlertView]:
    return []


def spike_markers(
    user: User, *, product_id: int | None, territory_id: int | None, since: dt.datetime
) -> list[SpikeMarker]:
    return []
