"""Reads of signals and rules, scoped by role, and the signal's wire format.

Who sees a signal: the orchestration engine and admins all of them; an analyst a signal with
at least one evidence observation in their scope, and only that evidence; a rep the signals
raised from their own notes ("your note raised ..."), with only their notes as evidence.
"""

from collections.abc import Iterable
from typing import Any

from django.db.models import Prefetch, QuerySet

from backend.accounts.models import Role, User
from backend.alerts.feed import FeedCursor, feed_page
from backend.alerts.models import Rule, Signal, SignalObservation, WebhookSubscription
from backend.observations.selectors import observations_visible_to


def sees_all_signals(user: User) -> bool:
    return user.is_superuser or user.role in {Role.ORCHESTRATOR, Role.ADMIN}


def signals_visible_to(user: User) -> QuerySet[Signal]:
    if sees_all_signals(user):
        return Signal.objects.all()
    evidence = SignalObservation.objects.filter(observation__in=observations_visible_to(user))
    return Signal.objects.filter(id__in=evidence.values("signal_id"))


def _with_relations(qs: QuerySet[Signal]) -> QuerySet[Signal]:
    return qs.select_related(
        "rule_version",
        "product",
        "territory",
        "hcp",
        "content_asset",
        "acknowledged_by",
        "assignee",
        "resolved_by",
    ).prefetch_related(
        Prefetch("evidence", queryset=SignalObservation.objects.order_by("added_at", "id"))
    )


def signal_get(*, user: User, signal_id: Any) -> Signal | None:
    return _with_relations(signals_visible_to(user)).filter(pk=signal_id).first()


def visible_evidence_ids(user: User, signals: Iterable[Signal]) -> set[str] | None:
    """The evidence observation ids this user may see among these signals (None: all)."""
    if sees_all_signals(user):
        return None
    ids = observations_visible_to(user).filter(signal_evidence__signal__in=list(signals))
    return {str(pk) for pk in ids.values_list("id", flat=True)}


def _subject(signal: Signal) -> dict[str, Any]:
    product, territory, hcp, asset = (
        signal.product,
        signal.territory,
        signal.hcp,
        signal.content_asset,
    )
    return {
        "product": {"id": str(product.pk), "name": product.name, "company": product.company}
        if product
        else None,
        "territory": {"id": str(territory.pk), "code": territory.code} if territory else None,
        "hcp": {"id": str(hcp.pk), "external_id": hcp.external_id, "name": hcp.name}
        if hcp
        else None,
        "content_asset": {"id": str(asset.pk), "code": asset.code, "version": asset.version}
        if asset
        else None,
    }


def _iso(value: Any) -> str | None:
    return value.isoformat() if value is not None else None


def signal_payload(signal: Signal, *, visible: set[str] | None = None) -> dict[str, Any]:
    """The signal as the orchestration engine (and every other consumer) receives it."""
    evidence = [
        {
            "observation": str(item.observation_id),
            "labels": item.labels,
            "spans": item.spans,
            "quotes": item.quotes,
        }
        for item in signal.evidence.all()
        if visible is None or str(item.observation_id) in visible
    ]
    version = signal.rule_version
    return {
        "id": str(signal.pk),
        "type": signal.type,
        "severity": signal.severity,
        "title": signal.title,
        "message": signal.message,
        "created_at": _iso(signal.created_at),
        "subject": _subject(signal),
        "evidence": evidence,
        "stats": signal.stats,
        "window": {"start": _iso(signal.window_start), "end": _iso(signal.window_end)},
        "rule": {
            "id": version.rule_id,
            "version": version.version,
            "name": version.name,
            "kind": version.kind,
        },
        "dedupe_key": signal.dedupe_key,
        "addressed_to": signal.addressed_to,
        "event": signal.last_event,
        "state": signal.state,
        "status": signal.state,  # the state's earlier name, kept for existing consumers
        "revision": signal.revision,
        "count": signal.count,
        "first_seen": _iso(signal.first_seen),
        "last_seen": _iso(signal.last_seen),
        "assignee": signal.assignee.username if signal.assignee else None,
        "acknowledged_at": _iso(signal.acknowledged_at),
        "acknowledged_by": signal.acknowledged_by.username if signal.acknowledged_by else None,
        "resolved_at": _iso(signal.resolved_at),
        "resolved_by": signal.resolved_by.username if signal.resolved_by else None,
        "due_at": _iso(signal.due_at),
        "escalated_at": _iso(signal.escalated_at),
    }


def signal_payload_for(user: User, signal: Signal) -> dict[str, Any]:
    return signal_payload(signal, visible=visible_evidence_ids(user, [signal]))


def signal_feed(
    *,
    user: User,
    cursor: str | None,
    limit: int,
    types: list[str] | None = None,
    states: list[str] | None = None,
) -> dict[str, Any]:
    """The next page of the user's signals after ``cursor``, in commit order. A signal appears
    again after each change (its ``revision`` grows), with its state as it is now."""
    qs = signals_visible_to(user)
    if types:
        qs = qs.filter(type__in=types)
    if states:
        qs = qs.filter(state__in=states)
    page = feed_page(_with_relations(qs), cursor=FeedCursor.decode(cursor), limit=limit)
    visible = visible_evidence_ids(user, page.signals)
    return {
        "signals": [signal_payload(s, visible=visible) for s in page.signals],
        "cursor": page.cursor.encode(),
        "has_more": page.has_more,
    }


def rep_alert_data(signal: Signal, observation_ids: list[str]) -> dict[str, Any]:
    """The ``alert`` entity a rep's device pulls (sync contract), about their own notes."""
    return {
        "type": signal.type,
        "severity": signal.severity,
        "title": signal.title,
        "message": f"Your note raised: {signal.title}",
        "observations": observation_ids,
        "created_at": _iso(signal.created_at),
        "status": signal.state,
    }


def rules_visible_to(user: User) -> QuerySet[Rule]:
    return Rule.objects.prefetch_related("products", "territories").order_by("id")


def rule_payload(rule: Rule) -> dict[str, Any]:
    return {
        "id": rule.pk,
        "name": rule.name,
        "kind": rule.kind,
        "params": rule.params,
        "products": sorted(str(p.pk) for p in rule.products.all()),
        "territories": sorted(str(t.pk) for t in rule.territories.all()),
        "enabled": rule.enabled,
        "version": rule.version,
        "updated_at": _iso(rule.updated_at),
    }


def subscriptions_visible_to(user: User) -> QuerySet[WebhookSubscription]:
    qs = WebhookSubscription.objects.all()
    return qs if user.is_superuser or user.role == Role.ADMIN else qs.filter(owner=user)
