"""The analyst pages' reads of alerts and signals (backend.alerts), always through its scoping.

An analyst sees a signal when at least one of its evidence notes is in their scope, and only
those evidence notes (``backend.alerts.selectors``).
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Case, Count, IntegerField, QuerySet, Value, When
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.alerts.models import UNRESOLVED, Severity, Signal, SignalState, SignalType
from backend.alerts.selectors import signal_get, signals_visible_to, visible_evidence_ids
from backend.audit.models import AuditEvent

INBOX_LIMIT = 200
SPIKE_TYPES = (SignalType.OBJECTION_SPIKE, SignalType.COMPETITOR_SHIFT)


@dataclass(frozen=True)
class AlertView:
    id: str
    type: str
    severity: str
    status: str  # the signal's state: open | acknowledged | resolved
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
    count: int = 0
    revision: int = 1
    first_seen: dt.datetime | None = None
    last_seen: dt.datetime | None = None

    @property
    def overdue(self) -> bool:
        return self.status == "open" and self.due_at is not None and self.due_at < timezone.now()

    @property
    def type_title(self) -> str:
        return self.type.replace("_", " ")

    @property
    def is_safety(self) -> bool:
        return self.type == SignalType.ADVERSE_EVENT

    @property
    def time_left(self) -> str:
        """What is left of the reporting clock (see ``clock_left``)."""
        return "" if self.due_at is None else clock_left(self.due_at)


def clock_left(due_at: dt.datetime) -> str:
    """``5 h 12 min left`` or ``overdue by 2 h 03 min``; from two days on, days and hours
    (``overdue by 37 d 10 h``): nobody reads 898 hours."""
    seconds = int((due_at - timezone.now()).total_seconds())
    hours, minutes = divmod(abs(seconds) // 60, 60)
    days, day_hours = divmod(hours, 24)
    text = f"{days} d {day_hours} h" if days >= 2 else f"{hours} h {minutes:02d} min"
    return f"{text} left" if seconds >= 0 else f"overdue by {text}"


@dataclass(frozen=True)
class SpikeMarker:
    at: dt.datetime
    label: str
    summary: str
    alert_id: str


@dataclass(frozen=True)
class HistoryEntry:
    at: dt.datetime
    who: str
    via: str
    event: str
    detail: str


@dataclass(frozen=True)
class InboxFilters:
    status: str = "open"  # open | acknowledged | resolved | unresolved | all
    type: str = ""
    severity: str = ""
    product: int | None = None
    territory: int | None = None
    mine: bool = False


def alerts_available() -> bool:
    return True


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
    evidence = [str(e.observation_id) for e in signal.evidence.all()]
    version = signal.rule_version
    return AlertView(
        id=str(signal.pk),
        type=signal.type,
        severity=signal.severity,
        status=signal.state,
        created_at=signal.created_at,
        summary=signal.title,
        message=signal.message,
        rule=f"{version.name} v{version.version}",
        subject=_subject(signal),
        observation_ids=[i for i in evidence if visible is None or i in visible],
        assignee=signal.assignee.username if signal.assignee else "",
        assignee_id=signal.assignee_id,
        acknowledged_by=signal.acknowledged_by.username if signal.acknowledged_by else "",
        acknowledged_at=signal.acknowledged_at,
        resolved_by=signal.resolved_by.username if signal.resolved_by else "",
        due_at=signal.due_at,
        escalated=signal.escalated_at is not None,
        stats=signal.stats or {},
        count=signal.count,
        revision=signal.revision,
        first_seen=signal.first_seen,
        last_seen=signal.last_seen,
    )


def _loaded(qs: QuerySet[Signal]) -> QuerySet[Signal]:
    return qs.select_related(
        "rule_version",
        "product",
        "territory",
        "hcp",
        "content_asset",
        "acknowledged_by",
        "assignee",
        "resolved_by",
    ).prefetch_related("evidence")


_SEVERITY_ORDER = Case(
    *(When(severity=s, then=Value(rank)) for rank, s in enumerate(reversed(Severity.values))),
    default=Value(len(Severity.values)),
    output_field=IntegerField(),
)


def _filtered(user: User, filters: InboxFilters) -> QuerySet[Signal]:
    qs = signals_visible_to(user)
    if filters.status == "unresolved":
        qs = qs.filter(state__in=UNRESOLVED)
    elif filters.status in SignalState.values:
        qs = qs.filter(state=filters.status)
    if filters.type:
        qs = qs.filter(type=filters.type)
    if filters.severity:
        qs = qs.filter(severity=filters.severity)
    if filters.product:
        qs = qs.filter(product_id=filters.product)
    if filters.territory:
        qs = qs.filter(territory_id=filters.territory)
    if filters.mine:
        qs = qs.filter(assignee=user)
    return qs


def inbox(user: User, filters: InboxFilters) -> list[AlertView]:
    """Signals in the user's scope matching the filters: most severe first, then the most
    recently seen (an updated signal comes back up)."""
    qs = _loaded(_filtered(user, filters)).annotate(severity_rank=_SEVERITY_ORDER)
    signals = list(qs.order_by("severity_rank", "-last_seen", "-created_at")[:INBOX_LIMIT])
    visible = visible_evidence_ids(user, signals)
    return [alert_view(s, visible) for s in signals]


def inbox_counts(user: User) -> dict[str, int]:
    qs = signals_visible_to(user)
    counts = dict(qs.values_list("state").annotate(n=Count("id")).values_list("state", "n"))
    by_state = {state: counts.get(state, 0) for state in SignalState.values}
    by_state["unresolved"] = by_state[SignalState.OPEN] + by_state[SignalState.ACKNOWLEDGED]
    return by_state


def inbox_type_counts(user: User, filters: InboxFilters) -> list[tuple[str, str, int]]:
    """(type, its name, how many) among the signals the other filters select."""
    qs = _filtered(user, InboxFilters(**{**filters.__dict__, "type": ""}))
    counts = dict(qs.values_list("type").annotate(n=Count("id")).values_list("type", "n"))
    return [(value, text, counts.get(value, 0)) for value, text in SignalType.choices]


def alert_detail(user: User, alert_id: str) -> AlertView | None:
    signal = signal_get(user=user, signal_id=alert_id)
    if signal is None:
        return None
    signal = _loaded(Signal.objects.filter(pk=signal.pk)).get()
    return alert_view(signal, visible_evidence_ids(user, [signal]))


def alert_history(user: User, alert_id: str) -> list[HistoryEntry]:
    """Every recorded change of the signal, oldest first (the caller already may see it)."""
    rows = AuditEvent.objects.filter(entity="alerts.signal", entity_id=str(alert_id)).order_by("id")
    entries = []
    for row in rows[:200]:
        after = row.after or {}
        event = str(after.get("event", row.action)).removeprefix("signal.")
        detail = ", ".join(
            f"{k} {v}"
            for k, v in after.items()
            if k not in {"event", "revision", "title", "window_start", "window_end"} and v
        )
        entries.append(
            HistoryEntry(
                at=row.at,
                who=row.actor_username or "system",
                via=row.via,
                event=event,
                detail=detail,
            )
        )
    return entries


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
