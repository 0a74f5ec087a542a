"""Dry run: replay a rule over a period of history and report what it would have raised.

Nothing is written: drafts are collected in memory, deduplicated and aggregated the way the live
path would, and the cooldowns the rules ask about are answered from those drafts. Observations
are replayed in visit order, and every rule window ends at the replayed visit, so the replay sees
the history a live evaluation at that moment would have seen (later syncs of earlier visits are
the one difference: the replay knows them already).
"""

import datetime as dt
from dataclasses import dataclass, field
from typing import Any

from django.db.models import QuerySet

from backend.accounts.models import User
from backend.alerts import conf
from backend.alerts.models import Signal
from backend.alerts.rules import kind_get
from backend.alerts.rules.base import RuleSpec, SignalDraft
from backend.alerts.rules.facts import competitor_names, facts_from, facts_queryset
from backend.alerts.selectors import sees_all_signals
from backend.core.errors import DomainError
from backend.observations.models import Observation
from backend.observations.selectors import observations_visible_to


@dataclass
class DryRunContext:
    """Drafts rolled up the way the live path does: one signal per rule and subject
    (``group_key``), later evidence added to it. Nothing is resolved during a replay, so no
    cooldown (which only follows a resolved signal) holds a group quiet."""

    drafts: dict[str, SignalDraft] = field(default_factory=dict)

    def has_recent(self, group_key: str, since: dt.datetime) -> bool:
        return False

    def add(self, draft: SignalDraft) -> None:
        known = self.drafts.get(draft.group_key)
        if known is None:
            self.drafts[draft.group_key] = draft
            return
        known.observation_ids = list(dict.fromkeys(known.observation_ids + draft.observation_ids))
        known.stats = {**known.stats, **draft.stats}
        ends = [e for e in (known.window_end, draft.window_end) if e is not None]
        known.window_end = max(ends) if ends else None
        known.title, known.message = draft.title, draft.message


def _iso(value: dt.datetime | None) -> str | None:
    return value.isoformat() if value else None


def _draft_payload(draft: SignalDraft, live: set[str]) -> dict[str, Any]:
    return {
        "dedupe_key": draft.group_key,
        "type": draft.type,
        "severity": draft.severity,
        "title": draft.title,
        "message": draft.message,
        "subject": {
            "product": draft.product_id,
            "territory": draft.territory_id,
            "hcp": draft.hcp_id,
            "content_asset": draft.content_asset_id,
        },
        "observations": draft.observation_ids,
        "stats": draft.stats,
        "window": {"start": _iso(draft.window_start), "end": _iso(draft.window_end)},
        "due_at": _iso(draft.due_at),
        "already_raised": draft.group_key in live,
    }


def _scoped(drafts: list[SignalDraft], scope: QuerySet[Observation]) -> list[SignalDraft]:
    """Only the evidence the caller may see; a draft with none of it is not shown at all.

    Windowed rules (spikes, thresholds) gather evidence from all history, not only from the
    replayed notes, so the filter applies to every draft's observation ids."""
    ids = {i for d in drafts for i in d.observation_ids}
    visible = {str(pk) for pk in scope.filter(pk__in=ids).values_list("pk", flat=True)}
    kept = []
    for draft in drafts:
        draft.observation_ids = [i for i in draft.observation_ids if str(i) in visible]
        if draft.observation_ids:
            kept.append(draft)
    return kept


def _check_period(since: dt.datetime, until: dt.datetime) -> None:
    if until <= since:
        raise DomainError("invalid_period", "until must be after since.")
    if until - since > dt.timedelta(days=conf.dry_run_max_days()):
        raise DomainError(
            "period_too_long",
            f"A dry run covers at most {conf.dry_run_max_days()} days.",
            details={"max_days": conf.dry_run_max_days()},
        )


def rule_dry_run(
    *,
    kind: str,
    params: dict[str, Any],
    product_ids: list[int],
    territory_ids: list[int],
    since: dt.datetime,
    until: dt.datetime,
    rule_id: int = 0,
    name: str = "dry run",
    version: int = 0,
    viewer: User | None = None,
) -> dict[str, Any]:
    """What this rule definition would have raised from observations visited in [since, until).

    ``viewer``: the caller, whose scope bounds what is replayed and shown (None: everything,
    for the admin site)."""
    _check_period(since, until)
    spec = RuleSpec(
        rule_id=rule_id,
        version_id=0,
        version=version,
        name=name,
        kind=kind,
        params=kind_get(kind).clean_params(params),
        product_ids=frozenset(product_ids),
        territory_ids=frozenset(territory_ids),
    )
    qs = facts_queryset().filter(visited_at__gte=since, visited_at__lt=until)
    if territory_ids:
        qs = qs.filter(territory_id__in=territory_ids)
    scope = None if viewer is None or sees_all_signals(viewer) else observations_visible_to(viewer)
    if scope is not None:
        # Scoped like the feed: replay only what the caller may see.
        qs = qs.filter(id__in=scope.values("id"))
    total = qs.count()
    if total > conf.dry_run_max_observations():
        raise DomainError(
            "dry_run_too_large",
            f"{total} observations in the period; a dry run replays at most "
            f"{conf.dry_run_max_observations()}. Choose a shorter period.",
            details={"observations": total, "limit": conf.dry_run_max_observations()},
        )
    context = DryRunContext()
    names = competitor_names()
    evaluate = kind_get(kind).evaluate
    for obs in qs.order_by("visited_at", "id").iterator(chunk_size=500):
        for draft in evaluate(spec, facts_from(obs, names), context):
            context.add(draft)
    drafts = list(context.drafts.values())
    if scope is not None:
        drafts = _scoped(drafts, scope)
    live = set(
        Signal.objects.filter(group_key__in=[d.group_key for d in drafts]).values_list(
            "group_key", flat=True
        )
    )
    return {
        "rule": {
            "id": rule_id or None,
            "version": version or None,
            "kind": kind,
            "params": spec.params,
        },
        "since": since.isoformat(),
        "until": until.isoformat(),
        "evaluated": total,
        "would_raise": [_draft_payload(d, live) for d in drafts],
    }
