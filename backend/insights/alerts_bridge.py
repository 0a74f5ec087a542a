"""The analyst pages' reads of alerts and signals (backend.alerts), always through its scoping.

An analyst sees a signal when at least one of its evidence notes is in their scope, and only
those evidence notes (``backend.alerts.selectors``).
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Q, QuerySet
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.alerts.models import Signal, SignalStatus, SignalType
from backend.alerts.selectors import signal_get, signals_visible_to, visible_evidence_ids
from backend.insights.models import AlertTriage

INBOX_LIMIT = 200
SPIKE_TYPES = (SignalType.OBJECTION_SPIKE, SignalType.COMPETITOR_SHIFT)


@dataclass(frozen=True)
class AlertView:
    id: str
    type: str
    severity: str
    status: str  # open | acknowledged | resolved
    created_at: dt.datetime
    summary: str
    message: str = ""
    rule: str = ""
    subject: list[tuple[str, str]] = field(default_factory=list)
    observation_ids: list[str] = field(default_factory=list)
    assignee: str = ""
    assignee_id: int | None = None
    acknowledged_by: str = ""
    acknowledged_at: dt.datetime | None = None
    resolved_by: str = ""
    due_at: dt.datetime | None = None
    escalated: bool = False
    stats: dict[str, Any] = field(default_factory=dict)

    @property
    def overdue(self) -> bool:
        return self.status == "open" and self.due_at is not None and self.due_at < timezone.now()

    @property
    def type_title(self) -> str:
        return self.type.replace("_", " ")


@dataclass(frozen=True)
class SpikeMarker:
    at: dt.datetime
    label: str
    summary: str
    alert_id: str


def alerts_available() -> bool:
    return True


def _triage(signal: Signal) -> AlertTriage | None:
    try:
        return signal.triage  # type: ignore[attr-defined, no-any-return]
    except AlertTriage.DoesNotExist:
        return None


def _subject(signal: Signal) -> list[tuple[str, str]]:
    parts = []
    if signal.product:
        parts.append(("product", signal.product.name))
    if signal.territory:
        parts.append(("territory", signal.territory.code))
    if signal.content_asset:
        parts.append(("content", f"{signal.content_asset.code} v{signal.content_asset.version}"))
    if signal.hcp:
        parts.append(("HCP", signal.hcp.name))
    return parts


def alert_view(signal: Signal, visible: set[str] | None) -> AlertView:
    triage = _triage(signal)
    resolved = triage is not None and triage.resolved_at is not None
    evidence = [str(e.observation_id) for e in signal.evidence.all()]
    version = signal.rule_version
    return AlertView(
        id=str(signal.pk),
        type=signal.type,
        severity=signal.severity,
        status="resolved" if resolved else signal.status,
        created_at=signal.created_at,
        summary=signal.title,
        message=signal.message,
        rule=f"{version.name} v{version.version}",
        subject=_subject(signal),
        observation_ids=[i for i in evidence if visible is None or i in visible],
        assignee=triage.assignee.username if triage and triage.assignee else "",
        assignee_id=triage.assignee_id if triage else None,
        acknowledged_by=signal.acknowledged_by.username if signal.acknowledged_by else "",
        acknowledged_at=signal.acknowledged_at,
        resolved_by=triage.resolved_by.username if triage and triage.resolved_by else "",
        due_at=signal.due_at,
        escalated=signal.escalated_at is not None,
        stats=signal.stats or {},
    )


def _loaded(qs: QuerySet[Signal]) -> QuerySet[Signal]:
    return qs.select_related(
        "rule_version",
        "product",
        "territory",
        "hcp",
        "content_asset",
        "acknowledged_by",
        "triage__assignee",
        "triage__resolved_by",
    ).prefetch_related("evidence")


def inbox(
    user: User, *, status: str = "open", type: str = "", mine: bool = False
) -> list[AlertView]:
    """Signals in the user's scope, newest first; ``status``: open|acknowledged|resolved|all."""
    qs = signals_visible_to(user)
    unresolved = Q(triage__isnull=True) | Q(triage__resolved_at__isnull=True)
    if status == "open":
        qs = qs.filter(unresolved, status=SignalStatus.OPEN)
    elif status == "acknowledged":
        qs = qs.filter(unresolved, status=SignalStatus.ACKNOWLEDGED)
    elif status == "resolved":
        qs = qs.filter(triage__resolved_at__isnull=False)
    if type:
        qs = qs.filter(type=type)
    if mine:
        qs = qs.filter(triage__assignee=user)
    signals = list(_loaded(qs).order_by("-created_at")[:INBOX_LIMIT])
    visible = visible_evidence_ids(user, signals)
    return [alert_view(s, visible) for s in signals]


def inbox_counts(user: User) -> dict[str, int]:
    qs = signals_visible_to(user)
    unresolved = Q(triage__isnull=True) | Q(triage__resolved_at__isnull=True)
    return {
        "open": qs.filter(unresolved, status=SignalStatus.OPEN).count(),
        "acknowledged": qs.filter(unresolved, status=SignalStatus.ACKNOWLEDGED).count(),
        "resolved": qs.filter(triage__resolved_at__isnull=False).count(),
    }


def alert_detail(user: User, alert_id: str) -> AlertView | None:
    signal = signal_get(user=user, signal_id=alert_id)
    if signal is None:
        return None
    signal = _loaded(Signal.objects.filter(pk=signal.pk)).get()
    return alert_view(signal, visible_evidence_ids(user, [signal]))


def alerts_for_observation(user: User, observation_id: str) -> list[AlertView]:
    """Signals this note is evidence for (the note itself is already known to be in scope)."""
    qs = signals_visible_to(user).filter(evidence__observation_id=observation_id)
    signals = list(_loaded(qs).order_by("-created_at"))
    visible = visible_evidence_ids(user, signals)
    return [alert_view(s, visible) for s in signals]


def assignable_users(user: User, alert_id: str) -> list[User]:
    """Analysts and admins who would see this alert themselves."""
    candidates = User.objects.filter(is_active=True, role__in=[Role.ANALYST, Role.ADMIN])
    return [
        u
        for u in candidates.order_by("username")
        if signals_visible_to(u).filter(pk=alert_id).exists()
    ]


def spike_markers(
    user: User, *, product_id: int | None, territory_id: int | None, since: dt.datetime
) -> list[SpikeMarker]:
    """Spikes that rules flagged, in scope, for the trends charts (placed on the alarm day)."""
    qs = signals_visible_to(user).filter(type__in=SPIKE_TYPES, window_end__gte=since)
    if product_id:
        qs = qs.filter(product_id=product_id)
    if territory_id:
        qs = qs.filter(territory_id=territory_id)
    markers = []
    for signal in qs.order_by("window_end")[:500]:
        label = (signal.stats or {}).get("label") or (
            "competitor_preference" if signal.type == SignalType.COMPETITOR_SHIFT else ""
        )
        at = (signal.window_end or signal.created_at) - dt.timedelta(seconds=1)
        markers.append(
            SpikeMarker(at=at, label=label, summary=signal.title, alert_id=str(signal.pk))
        )
    return markers
