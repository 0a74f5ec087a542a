"""Competitor shift: HCPs in a territory say they prefer a competitor more often than before.

The share of a territory's notes that prefer competitor C over the last ``recent_days`` is set
against its share over the ``baseline_days`` before that. It alarms when the recent count is at
least ``min_count``, at least ``min_ratio`` × what the baseline share predicts for the recent
note volume, and that many would happen by chance with probability below ``alpha`` (Poisson).
"""

import datetime as dt

from backend.alerts.rules import history
from backend.alerts.rules.base import (
    Kind,
    ObservationFacts,
    RuleContext,
    RuleSpec,
    SignalDraft,
    period_start,
    require_positive,
)
from backend.alerts.rules.spike_math import baseline_rate, poisson_sf
from backend.catalog.models import Product

LABEL = "competitor_preference"


def _in_scope(rule: RuleSpec, facts: ObservationFacts, competitor: int) -> bool:
    if not rule.product_ids:
        return True
    return competitor in rule.product_ids or any(
        p in rule.product_ids for p in facts.own_product_ids
    )


def evaluate(rule: RuleSpec, facts: ObservationFacts, ctx: RuleContext) -> list[SignalDraft]:
    if LABEL not in facts.labels or not rule.covers_territory(facts.territory_id):
        return []
    p = rule.params
    end = facts.visited_at
    recent_start = end - dt.timedelta(days=p["recent_days"])
    base_start = recent_start - dt.timedelta(days=p["baseline_days"])
    territory = facts.territory_id
    drafts = []
    for competitor in facts.competitor_product_ids:
        if not _in_scope(rule, facts, competitor):
            continue
        base_notes = history.volume(territory_id=territory, start=base_start, end=recent_start)
        if base_notes < p["min_baseline_notes"]:
            continue  # no history to rise against
        window = {"competitor_id": competitor, "territory_id": territory}
        recent = history.competitor_mentions(**window, start=recent_start, end=end)
        before = history.competitor_mentions(**window, start=base_start, end=recent_start)
        recent_notes = history.volume(territory_id=territory, start=recent_start, end=end)
        expected = baseline_rate([len(before)], [base_notes]) * recent_notes
        chance = poisson_sf(len(recent), expected)
        if (
            len(recent) < p["min_count"]
            or len(recent) < p["min_ratio"] * expected
            or chance >= p["alpha"]
        ):
            continue
        group = f"r{rule.rule_id}:competitor_shift:{competitor}:{territory}"
        if ctx.has_recent(group, end - dt.timedelta(days=p["cooldown_days"])):
            continue
        name = Product.objects.filter(pk=competitor).values_list("name", flat=True).first()
        drafts.append(
            SignalDraft(
                dedupe_key=f"{group}:{period_start(end, p['recent_days']).date()}",
                group_key=group,
                type="competitor_shift",
                severity="high",
                title=f"Shift towards {name}: {len(recent)} notes vs {expected:.1f} expected",
                message=(
                    f"{len(recent)} of {recent_notes} notes in {p['recent_days']} days prefer "
                    f"{name}; before that {len(before)} of {base_notes}."
                ),
                observation_ids=recent[:50],
                evidence_labels=(LABEL,),
                addressed_to=["orchestration", "analysts"],
                product_id=competitor,
                territory_id=territory,
                window_start=recent_start,
                window_end=end,
                stats={
                    "competitor": name,
                    "recent": len(recent),
                    "recent_notes": recent_notes,
                    "baseline": len(before),
                    "baseline_notes": base_notes,
                    "expected": round(expected, 3),
                    "p_value": round(chance, 6),
                },
            )
        )
    return drafts


KIND = Kind(
    name="competitor_shift",
    defaults={
        "recent_days": 14,
        "baseline_days": 56,
        "min_count": 3,
        "min_ratio": 2.0,
        "alpha": 0.01,
        "min_baseline_notes": 20,
        "cooldown_days": 14,
    },
    evaluate=evaluate,
    check=require_positive("recent_days", "baseline_days", "min_count", "alpha"),
)
