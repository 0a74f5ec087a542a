"""Objections: a fixed threshold in a window, and a spike against the pair's own baseline.

Both work per label × own product × territory. The threshold is for home office's "tell me when
five doctors in a week complain about price"; the spike is for "tell me when this is unusual
here", whatever the usual level is (method in ``spike_math``).
"""

import datetime as dt
from dataclasses import asdict
from typing import Any

from backend.alerts.rules import history
from backend.alerts.rules.base import (
    OBJECTION_LABELS,
    Kind,
    ObservationFacts,
    RuleContext,
    RuleSpec,
    SignalDraft,
    day_of,
    day_start,
    period_start,
    require_positive,
)
from backend.alerts.rules.spike_math import SPIKE_COOLDOWN_DAYS, SpikeParams, detect
from backend.core.errors import DomainError

ADDRESSED = ["orchestration", "analysts"]
_EPSILON = dt.timedelta(microseconds=1)


def _pairs(rule: RuleSpec, facts: ObservationFacts) -> list[tuple[str, int]]:
    if not rule.covers_territory(facts.territory_id):
        return []
    labels = sorted(facts.labels & set(rule.params["labels"]))
    products = [p for p in facts.own_product_ids if rule.covers_product(p)]
    return [(label, product) for label in labels for product in products]


def evaluate_threshold(
    rule: RuleSpec, facts: ObservationFacts, ctx: RuleContext
) -> list[SignalDraft]:
    days = rule.params["window_days"]
    end = facts.visited_at
    start = end - dt.timedelta(days=days)
    drafts = []
    for label, product in _pairs(rule, facts):
        where = {"label": label, "territory_id": facts.territory_id, "product_id": product}
        count = history.labelled_count(**where, start=start, end=end)  # type: ignore[arg-type]
        if count < rule.params["min_count"]:
            continue
        period = period_start(end, days)
        drafts.append(
            SignalDraft(
                dedupe_key=(
                    f"r{rule.rule_id}:objection:{label}:{product}:{facts.territory_id}:"
                    f"{period.date()}"
                ),
                group_key=f"r{rule.rule_id}:objection:{label}:{product}:{facts.territory_id}",
                type="objection",
                severity="warning",
                title=f"{label.replace('_', ' ').capitalize()}: {count} notes in {days} days",
                message=(
                    f"{count} notes with {label} in {days} days "
                    f"(threshold {rule.params['min_count']})."
                ),
                observation_ids=history.labelled_ids(**where, start=start, end=end),  # type: ignore[arg-type]
                evidence_labels=(label,),
                addressed_to=ADDRESSED,
                product_id=product,
                territory_id=facts.territory_id,
                window_start=start,
                window_end=end,
                stats={
                    "label": label,
                    "count": count,
                    "window_days": days,
                    "threshold": rule.params["min_count"],
                },
                aggregate=True,
            )
        )
    return drafts


def spike_params(params: dict[str, object]) -> SpikeParams:
    return SpikeParams(**{k: params[k] for k in SpikeParams.__dataclass_fields__})  # type: ignore[arg-type]


def evaluate_spike(rule: RuleSpec, facts: ObservationFacts, ctx: RuleContext) -> list[SignalDraft]:
    params = spike_params(rule.params)
    today = day_of(facts.visited_at)
    first = today - dt.timedelta(days=params.baseline_days + params.recent_days - 1)
    drafts = []
    for label, product in _pairs(rule, facts):
        per_day = history.daily(
            label=label,
            territory_id=facts.territory_id,
            product_id=product,
            start=day_start(first) - _EPSILON,
            end=facts.visited_at,
            model_version=facts.model_version,
        )
        days = [
            first + dt.timedelta(days=i) for i in range(params.baseline_days + params.recent_days)
        ]
        counts = [per_day.get(d, (0, 0))[0] for d in days]
        volumes = [per_day.get(d, (0, 0))[1] for d in days]
        result = detect(counts, volumes, params)
        if result is None or not result.alarm_days:
            continue
        alarm_day = days[params.baseline_days + result.alarm_days[-1]]
        group = f"r{rule.rule_id}:spike:{label}:{product}:{facts.territory_id}"
        cooldown = dt.timedelta(days=rule.params["cooldown_days"])
        if ctx.has_recent(group, day_start(alarm_day) - cooldown + _EPSILON):
            continue
        recent_start = day_start(days[params.baseline_days])
        hits = sum(counts[params.baseline_days :])
        notes = sum(volumes[params.baseline_days :])
        expected = result.baseline_rate * notes
        drafts.append(
            SignalDraft(
                dedupe_key=f"{group}:{alarm_day}",
                group_key=group,
                type="objection_spike",
                severity="high",
                title=f"Spike in {label.replace('_', ' ')}: {hits} notes vs {expected:.1f} expected",
                message=(
                    f"{hits} of {notes} notes in the last {params.recent_days} days carry {label}; "
                    f"the baseline rate ({params.baseline_days} days, model {facts.model_version}) "
                    f"predicts {expected:.1f}."
                ),
                observation_ids=history.labelled_ids(
                    label=label,
                    territory_id=facts.territory_id,
                    product_id=product,
                    start=recent_start - _EPSILON,
                    end=facts.visited_at,
                    limit=50,
                ),
                evidence_labels=(label,),
                addressed_to=ADDRESSED,
                product_id=product,
                territory_id=facts.territory_id,
                window_start=recent_start,
                window_end=day_start(alarm_day) + dt.timedelta(days=1),
                stats={
                    "label": label,
                    "method": "poisson_cusum",
                    "recent_hits": hits,
                    "recent_notes": notes,
                    "expected": round(expected, 3),
                    "baseline_hits": result.baseline_hits,
                    "baseline_notes": result.baseline_notes,
                    "baseline_rate": round(result.baseline_hits / result.baseline_notes, 5),
                    "expected_rate": round(result.baseline_rate, 5),
                    "cusum": result.scores,
                    "model_version": facts.model_version,
                },
            )
        )
    return drafts


def _check_spike(params: dict[str, Any]) -> None:
    require_positive("baseline_days", "recent_days", "threshold", "min_baseline_notes")(params)
    if params["ratio"] <= 1.0:
        raise DomainError(
            "invalid_rule_params",
            "params.ratio must be above 1 (the rise to detect).",
            details={"param": "ratio"},
        )


KIND_THRESHOLD = Kind(
    name="objection_threshold",
    defaults={"labels": list(OBJECTION_LABELS), "min_count": 5, "window_days": 7},
    evaluate=evaluate_threshold,
    check=require_positive("min_count", "window_days"),
)
KIND_SPIKE = Kind(
    name="objection_spike",
    defaults={
        "labels": list(OBJECTION_LABELS),
        **asdict(SpikeParams()),
        "cooldown_days": SPIKE_COOLDOWN_DAYS,
    },
    evaluate=evaluate_spike,
    check=_check_spike,
)
