"""Raising, acknowledging and escalating signals, and running the rules over an observation.

A signal is stored once per ``dedupe_key``: the unique constraint, not a read-then-write, decides
who wins when two workers evaluate at once. Everything a signal causes — its feed position, its
webhook deliveries, the "your note raised ..." alert in the rep's pull — is written in the same
transaction; WebSocket pushes and delivery dispatch happen only after that commits.
"""

import logging
from collections import defaultdict
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone

from backend.accounts.models import Role, User
from backend.alerts.dispatch import deliveries_dispatch
from backend.alerts.events import signal_broadcast
from backend.alerts.feed import feed_position_assign
from backend.alerts.models import (
    EvaluatedTagging,
    RuleKind,
    RuleVersion,
    Signal,
    SignalObservation,
    SignalStatus,
    SignalType,
)
from backend.alerts.rule_services import spec_of
from backend.alerts.rules import KINDS
from backend.alerts.rules.base import ObservationFacts, RuleSpec, SignalDraft
from backend.alerts.rules.facts import facts_load
from backend.alerts.selectors import rep_alert_data, signals_visible_to
from backend.alerts.webhooks import deliveries_create
from backend.audit.context import acting_as
from backend.audit.services import audit_record
from backend.core.errors import ApiError
from backend.observations.models import Observation
from backend.sync.changelog import ChangeRow, change_append, user_audience
from backend.tagging.models import ObservationTagging

logger = logging.getLogger(__name__)
_QUOTE_CHARS = 300


def _quotes(note: str, spans: list[list[Any]], pii: list[Any]) -> list[dict[str, str]]:
    """The text of each evidence span, except where it overlaps a patient identifier."""
    quotes = []
    for start, end, label in spans:
        if any(int(p[0]) < end and start < int(p[1]) for p in pii):
            continue
        quotes.append({"label": label, "text": note[start:end][:_QUOTE_CHARS]})
    return quotes


def _attach(signal: Signal, observation_ids: list[str], labels: tuple[str, ...]) -> int:
    """Add these observations as evidence (those already attached are skipped)."""
    have = {str(i) for i in signal.evidence.values_list("observation_id", flat=True)}
    wanted = [i for i in dict.fromkeys(observation_ids) if i not in have]
    if not wanted:
        return 0
    taggings = ObservationTagging.objects.in_bulk(wanted)
    rows = []
    for obs in Observation.objects.filter(pk__in=wanted, deleted=False).prefetch_related("labels"):
        tagging = taggings.get(obs.pk)
        evidence = tagging.evidence if tagging else []
        spans = [[int(s), int(e), str(lab)] for s, e, lab, *_ in evidence if lab in labels]
        rows.append(
            SignalObservation(
                signal=signal,
                observation=obs,
                labels=sorted({lab.label for lab in obs.labels.all()} & set(labels)),
                spans=spans,
                quotes=_quotes(obs.note, spans, tagging.pii if tagging else []),
            )
        )
    SignalObservation.objects.bulk_create(rows, ignore_conflicts=True)
    return len(rows)


def _counts(signal: Signal) -> dict[str, int]:
    return signal.evidence.aggregate(
        observations=Count("observation_id", distinct=True),
        reps=Count("observation__rep_id", distinct=True),
        hcps=Count("observation__hcp_id", distinct=True),
    )


def _rep_alerts(signal: Signal) -> None:
    """Tell each rep whose note is evidence, through their sync pull (same transaction)."""
    by_rep: dict[int, list[str]] = defaultdict(list)
    for obs_id, rep_id in signal.evidence.values_list("observation_id", "observation__rep_id"):
        by_rep[rep_id].append(str(obs_id))
    change_append(
        ChangeRow(
            user_audience(rep_id),
            "alert",
            str(signal.pk),
            "upsert",
            signal.rev,
            rep_alert_data(signal, ids),
        )
        for rep_id, ids in by_rep.items()
    )


def _after_commit(signal_id: str, event: str, delivery_ids: list[int]) -> None:
    def publish() -> None:
        # Webhooks first: they have one more hop (a worker) to go than the stream.
        deliveries_dispatch(delivery_ids)
        signal_broadcast(signal_id=signal_id, event=event)

    transaction.on_commit(publish, robust=True)


def _new_signal(draft: SignalDraft, version_id: int) -> Signal:
    return Signal.objects.create(
        type=draft.type,
        severity=draft.severity,
        title=draft.title[:300],
        message=draft.message,
        rule_version_id=version_id,
        dedupe_key=draft.dedupe_key,
        group_key=draft.group_key,
        product_id=draft.product_id,
        territory_id=draft.territory_id,
        hcp_id=draft.hcp_id,
        content_asset_id=draft.content_asset_id,
        stats=draft.stats,
        window_start=draft.window_start,
        window_end=draft.window_end,
        addressed_to=draft.addressed_to,
        due_at=draft.due_at,
    )


def signal_store(*, draft: SignalDraft, rule_version_id: int) -> tuple[Signal, bool]:
    """Raise the draft's signal, or (aggregate drafts) add its evidence to the one already
    raised under its dedupe key. Returns the signal and whether it was raised now."""
    with transaction.atomic():
        signal = Signal.objects.select_for_update().filter(dedupe_key=draft.dedupe_key).first()
        created = False
        if signal is None:
            try:
                with transaction.atomic():
                    signal, created = _new_signal(draft, rule_version_id), True
            except IntegrityError:  # raised by a concurrent evaluation a moment ago
                signal = Signal.objects.select_for_update().get(dedupe_key=draft.dedupe_key)
        if not created and not draft.aggregate:
            return signal, False
        added = _attach(signal, draft.observation_ids, draft.evidence_labels)
        if not created and not added:
            return signal, False
        signal.stats = {**signal.stats, **draft.stats, **_counts(signal)}
        if created:
            signal.save(update_fields=["stats"])
            feed_position_assign([str(signal.pk)])
            deliveries = deliveries_create(signal=signal, event="signal.raised")
            _after_commit(str(signal.pk), "signal.raised", deliveries)
        else:
            signal.rev += 1
            signal.save(update_fields=["stats", "rev", "updated_at"])
        _rep_alerts(signal)
    return signal, created


class LiveContext:
    """What rules ask about signals already raised, answered from the database."""

    def has_recent(self, group_key: str, since: Any) -> bool:
        return Signal.objects.filter(group_key=group_key, window_end__gte=since).exists()


def enabled_specs() -> list[RuleSpec]:
    """The current version of every enabled rule, safety rules first."""
    versions = RuleVersion.objects.filter(rule__enabled=True, version=F("rule__version"))
    specs = [spec_of(v) for v in versions.order_by("rule_id")]
    return sorted(specs, key=lambda s: s.kind != RuleKind.ADVERSE_EVENT)


def rules_apply(facts: ObservationFacts, specs: list[RuleSpec]) -> list[Signal]:
    raised = []
    context = LiveContext()
    for spec in specs:
        try:
            drafts = KINDS[spec.kind].evaluate(spec, facts, context)
            for draft in drafts:
                signal, created = signal_store(draft=draft, rule_version_id=spec.version_id)
                if created:
                    raised.append(signal)
        except Exception:  # one broken rule must not stop the others (safety rules run first)
            logger.exception("rule failed", extra={"rule": spec.rule_id, "observation": facts.id})
    return raised


def observation_evaluate(*, observation_id: str) -> list[Signal]:
    """Run every enabled rule over the observation's current tags. Idempotent: dedupe keys make
    a repeat raise nothing new. Returns the signals raised now."""
    facts = facts_load(observation_id)
    if facts is None:
        return []
    raised = rules_apply(facts, enabled_specs())
    tagging = (
        ObservationTagging.objects.filter(observation_id=observation_id)
        .values_list("observation_rev", "model_version")
        .first()
    )
    if tagging is not None:
        EvaluatedTagging.objects.update_or_create(
            observation_id=observation_id,
            defaults={"rev": tagging[0], "model_version": tagging[1]},
        )
    return raised


def signal_acknowledge(*, user: User, signal_id: Any, note: str = "", via: str = "api") -> Signal:
    """Mark a signal handled. Repeats are harmless and keep the first acknowledgement."""
    if user.role == Role.REP and not user.is_superuser:
        raise ApiError("forbidden", "Reps cannot acknowledge signals.", status_code=403)
    with acting_as(user, via=via), transaction.atomic():
        signal = signals_visible_to(user).select_for_update().filter(pk=signal_id).first()
        if signal is None:
            raise ApiError("not_found", "No such signal.", status_code=404)
        if signal.status == SignalStatus.ACKNOWLEDGED:
            return signal
        signal.status = SignalStatus.ACKNOWLEDGED
        signal.acknowledged_at = timezone.now()
        signal.acknowledged_by = user
        signal.ack_note = note
        signal.rev += 1
        signal.save()
        audit_record(
            entity="alerts.signal",
            entity_id=signal.pk,
            action="update",
            before={"status": SignalStatus.OPEN},
            after={"status": signal.status, "acknowledged_by": user.username, "note": note},
        )
        _rep_alerts(signal)
        _after_commit(str(signal.pk), "signal.acknowledged", [])
    return signal


def signals_escalate_overdue(*, now: Any = None, limit: int = 500) -> list[str]:
    """Escalate adverse-event signals nobody acknowledged by their due time: they move to the
    end of the feed with ``escalated_at`` set, and go out again as ``signal.escalated``.
    Safe to run twice at once: the conditional update lets one runner escalate each signal."""
    now = now or timezone.now()
    overdue = Signal.objects.filter(
        type=SignalType.ADVERSE_EVENT,
        status=SignalStatus.OPEN,
        due_at__lte=now,
        escalated_at__isnull=True,
    ).values_list("id", flat=True)[:limit]
    escalated = []
    for pk in list(overdue):
        with transaction.atomic():
            won = Signal.objects.filter(
                pk=pk, status=SignalStatus.OPEN, escalated_at__isnull=True
            ).update(escalated_at=now, rev=F("rev") + 1)
            if not won:
                continue
            signal = Signal.objects.get(pk=pk)
            feed_position_assign([str(pk)])
            deliveries = deliveries_create(signal=signal, event="signal.escalated")
            _after_commit(str(pk), "signal.escalated", deliveries)
        escalated.append(str(pk))
    if escalated:
        logger.warning("adverse-event signals escalated", extra={"count": len(escalated)})
    return escalated
