"""Adverse event: every ``adverse_event`` tag raises a safety signal at once.

Reporting clocks start when the rep heard of the event, so the signal is due ``due_hours``
after ``captured_at`` (the device clock at capture; the server's receipt time when a device did
not send one). The escalation task raises it again when nobody acknowledged it in time.

The tagger's safety triage (``ObservationFacts.safety``: category, seriousness hints) goes
into ``stats``, from which ``backend.alerts.titles`` makes the title ("Possible adverse
reaction (hospitalisation) · Hartiva in N ..."), so drug safety can triage before opening the
note; no note text is copied.
"""

import datetime as dt
from typing import Any

from backend.alerts.rules.base import Kind, ObservationFacts, RuleContext, RuleSpec, SignalDraft

LABEL = "adverse_event"
CATEGORIES = ("adverse_reaction", "special_situation", "product_complaint")


def evaluate(rule: RuleSpec, facts: ObservationFacts, ctx: RuleContext) -> list[SignalDraft]:
    if LABEL not in facts.labels or not rule.covers_territory(facts.territory_id):
        return []
    products = [p for p in facts.product_ids if rule.covers_product(p)]
    if rule.product_ids and not products:
        return []
    heard_at = facts.captured_at or facts.created_at
    own = [p for p in facts.own_product_ids if p in products] or products
    triage = _triage(facts.safety)
    return [
        SignalDraft(
            # Per observation and never per rule: one safety case per reported event, however
            # many rules look for it and however often the note is edited.
            dedupe_key=f"adverse_event:{facts.id}",
            group_key=f"adverse_event:{facts.id}",
            type="adverse_event",
            severity="critical",
            title="Possible adverse event",  # recomputed from stats by alerts.titles
            message=(
                "A rep's note describes a possible adverse event or product complaint. "
                f"Report within {rule.params['due_hours']} hours of capture."
            ),
            observation_ids=[facts.id],
            evidence_labels=(LABEL,),
            addressed_to=["drug_safety", "orchestration"],
            product_id=own[0] if own else None,
            territory_id=facts.territory_id,
            hcp_id=facts.hcp_id,
            window_start=facts.visited_at,
            window_end=facts.visited_at,
            due_at=heard_at + dt.timedelta(hours=rule.params["due_hours"]),
            stats={"heard_at": heard_at.isoformat(), **triage},
        )
    ]


def _triage(safety: dict[str, Any]) -> dict[str, Any]:
    """Category and seriousness from the tagger (None / [] when the model gave none)."""
    category = safety.get("category")
    seriousness = safety.get("seriousness")
    return {
        "category": category if category in CATEGORIES else None,
        "seriousness": [s for s in seriousness if isinstance(s, str)]
        if isinstance(seriousness, list)
        else [],
    }


KIND = Kind(name="adverse_event", defaults={"due_hours": 24}, evaluate=evaluate)
