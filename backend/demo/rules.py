"""The demo's alert rules, tuned for its world: six reps, three territories, a few hundred notes.

Each rule is set so that what it raises is something an analyst would act on:

- Adverse events: every one, as in production (a safety rule is never tuned for volume).
- Stale content shown: any outdated catalog entry in use is worth one open signal per asset.
- Stale content reported: three HCP reports about one asset in a week, not one remark (a single
  "this looks old" about a current piece is usually about the rep's printout).
- Objections: six notes with the same objection on a brand in a territory within a week; at
  the demo's volume five is a normal week for a focus brand.
- Spikes and competitor shifts: the statistical defaults (measured by bench/spike_detector.py).
"""

from typing import Any

DEMO_RULES: dict[str, dict[str, Any]] = {
    "stale_content_reported": {
        "name": "Stale content reported by 3+ HCPs in a week",
        "params": {"period_days": 7, "min_reports": 3},
    },
    "objection_threshold": {
        "name": "Objections: 6 in 7 days",
        "params": {"min_count": 6, "window_days": 7},
    },
}
