"""Running the rules over an observation, and storing what they find as signals.

One unresolved signal per rule and subject (``group_key``): new evidence rolls up into it (count,
reps, HCPs, window, evidence, ``last_seen``, ``revision``) and it goes out again as
``signal.updated``; after it is resolved, new evidence opens the next one. Everything a change
causes is written in the same transaction (``backend.alerts.publish``); WebSocket pushes and
delivery dispatch happen only after that commits. State changes made by people (acknowledge,
assign, resolve) are in ``backend.alerts.signal_services``.
"""

import logging
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Count, F
from django.utils import timezone

from backend.alerts.models import (
    UNRESOLVED,
    EvaluatedTagging,
    RuleKind,
    RuleVersion,
    Severity,
    Signal,
    SignalObservation,
    SignalState,
)
from backend.alerts.publish import signal_audit, signal_publish
from backend.alerts.rule_services import spec_of
from backend.alerts.rules import KINDS
from backend.alerts.rules.base import ObservationFacts, RuleSpec, SignalDraft
from backend.alerts.rules.facts import facts_load
from backend.alerts.titles import signal_title
from backend.audit.services import jsonable
from backend.observations.models import Observation
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


def _open_signal(group_key: str) -> Signal | None:
    """The group's signal that is not resolved yet, locked for this transaction."""
    return (
        Signal.objects.select_for_update()
        .filter(group_key=group_key, state__in=UNRESOLVED)
        .order_by("-created_at")
        .first()
    )


def _unseen(draft: SignalDraft) -> list[str]:
    """The draft's evidence that no earlier signal of its group has already counted: a note
    that was evidence of a resolved signal does not open a new one by itself."""
    seen = {
        str(pk)
        for pk in SignalObservation.objects.filter(
            signal__group_key=draft.group_key, observation_id__in=draft.observation_ids
        ).values_list("observation_id", flat=True)
    }
    return [i for i in draft.observation_ids if i not in seen]


def _new_signal(draft: SignalDraft, version_id: int) -> Signal | None:
    """Open a new signal for the draft's group (None: another worker opened one just now).

    The dedupe key names the group and how many signals it had before, so two workers opening
    the same group at once collide on the unique key and only one wins."""
    earlier = Signal.objects.filter(group_key=draft.group_key).count()
    key = draft.group_key if earlier == 0 else f"{draft.group_key}#{earlier + 1}"
    now = timezone.now()
    try:
        with transaction.atomic():
            return Signal.objects.create(
                type=draft.type,
                severity=draft.severity,
                title=draft.title[:300],
                message=draft.message,
                rule_version_id=version_id,
                dedupe_key=key[:255],
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
                first_seen=now,
                last_seen=now,
            )
    except IntegrityError:
        return None


def _widen(signal: Signal, draft: SignalDraft) -> None:
    """The signal's window covers every draft that rolled up into it."""
    starts = [d for d in (signal.window_start, draft.window_start) if d is not None]
    ends = [d for d in (signal.window_end, draft.window_end) if d is not None]
    signal.window_start = min(starts) if starts else None
    signal.window_end = max(ends) if ends else None


_SUMMARY = ("count", "window_start", "window_end", "title")


def _summary(signal: Signal) -> dict[str, Any]:
    return {f: jsonable(getattr(signal, f)) for f in _SUMMARY}


def signal_store(*, draft: SignalDraft, rule_version_id: int) -> tuple[Signal | None, bool]:
    """Raise the draft's signal, or roll its new evidence up into the group's open signal.

    Returns the signal (None when nothing new was found) and whether it was raised now. One
    unresolved signal per group (rule and subject): new evidence updates it, raises its
    revision and sends it out again as ``signal.updated``; a resolved signal stays as it is
    and new evidence opens the next one."""
    with transaction.atomic():
        signal, created = _open_signal(draft.group_key), False
        if signal is None:
            if draft.observation_ids and not _unseen(draft):
                return None, False
            signal = _new_signal(draft, rule_version_id)
            created = signal is not None
            signal = signal or _open_signal(draft.group_key)
            if signal is None:
                return None, False
        before = _summary(signal)
        added = _attach(signal, draft.observation_ids, draft.evidence_labels)
        if not created and not added:
            return signal, False
        counts = _counts(signal)
        signal.stats = {**signal.stats, **draft.stats, **counts}
        signal.count = counts["observations"]
        _widen(signal, draft)
        signal.last_seen = timezone.now()
        if not created:
            signal.revision += 1
            signal.message = draft.message or signal.message
            signal.severity = max(signal.severity, draft.severity, key=_SEVERITY_RANK.index)
        signal.title = signal_title(signal)[:300]
        signal.save()
        event = "signal.raised" if created else "signal.updated"
        signal_audit(
            signal=signal, event=event, via="system", before=before, after=_summary(signal)
        )
        signal_publish(signal=signal, event=event)
    return signal, created


_SEVERITY_RANK = [s.value for s in Severity]


class LiveContext:
    """What rules ask about signals already raised, answered from the database."""

    def has_recent(self, group_key: str, since: Any) -> bool:
        # Only resolved signals hold a group quiet: new evidence for an unresolved one updates it.
        return Signal.objects.filter(
            group_key=group_key, state=SignalState.RESOLVED, window_end__gte=since
        ).exists()


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
                if created and signal is not None:
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
