"""The spike detector: a Poisson CUSUM on a label's daily rate, normalised by note volume.

Method. For one label × product × territory the baseline rate is ``p0 = hits / notes`` over
``baseline_days`` that end where the recent window begins (so a spike in progress does not
raise its own baseline). Over the ``recent_days`` up to today, day ``d`` with ``n_d`` notes is
expected to hold ``p0 * n_d`` hits; the log-likelihood ratio of "rate is ``ratio`` × baseline"
against "rate is baseline" for ``c_d`` hits is ``c_d ln(ratio) - (ratio - 1) p0 n_d``, and the
CUSUM ``S_d = max(0, S_{d-1} + llr_d)`` alarms when it reaches ``threshold`` (then restarts).
The CUSUM starts from zero at the beginning of the recent window on every evaluation, so the
result depends only on the data of those days: a re-run or a dry run gives the same answer.

Why CUSUM and not a one-day Poisson test: a CUSUM accumulates moderate excesses over several
days, so a sustained 2× rise is found in days where a per-day test at a false-alarm level fit
for thousands of product × territory pairs would almost never fire. Normalising by notes per
day keeps a busy week (more visits, more notes) from looking like a spike. Three guards keep
false alarms low across many pairs: a minimum number of hits in the alarming run, a minimum
baseline volume (a rate from 5 notes is noise), and a baseline raised by ``baseline_z``
standard errors of its hit count, floored at half a hit (a baseline that ran low by chance, or
a label never seen before, does not make ordinary counts look like a spike). The defaults
(h = 5 over 14 days, z = 1) were chosen with the bench: with a plain plug-in baseline and h = 4
over 7 days, half the false alarms came from baselines that were low by chance.
``bench/spike_detector.py`` measures false alarms per 1,000 pair-days and detection delay.
"""

import math
from collections.abc import Sequence
from dataclasses import dataclass

SPIKE_COOLDOWN_DAYS = 7  # after a spike signal, the same pair stays quiet this long


@dataclass(frozen=True)
class SpikeParams:
    baseline_days: int = 28
    recent_days: int = 14
    ratio: float = 2.0
    threshold: float = 5.0
    min_count: int = 4
    min_baseline_notes: int = 30
    baseline_z: float = 1.0


@dataclass(frozen=True)
class SpikeResult:
    alarm_days: list[int]  # indices into the recent window
    baseline_rate: float  # what the CUSUM expects per note (raised by baseline_z)
    baseline_hits: int
    baseline_notes: int
    scores: list[float]  # the CUSUM after each recent day


def baseline_rate(counts: Sequence[int], volumes: Sequence[int], z: float = 0.0) -> float:
    """Hits per note over the baseline, with a floor of half a hit, raised by ``z`` standard
    errors of the hit count (a baseline that happened to run low must not make noise look
    like a spike)."""
    notes = sum(volumes)
    if notes <= 0:
        return 0.0
    hits = max(sum(counts), 0.5)
    return (hits + z * math.sqrt(hits)) / notes


def detect(
    counts: Sequence[int], volumes: Sequence[int], params: SpikeParams
) -> SpikeResult | None:
    """Run the detector over ``baseline_days + recent_days`` daily values, oldest first.

    Returns None when the baseline is too thin to judge."""
    need = params.baseline_days + params.recent_days
    if len(counts) != need or len(volumes) != need:
        raise ValueError(f"expected {need} days of counts and volumes")
    base_c, base_n = counts[: params.baseline_days], volumes[: params.baseline_days]
    if sum(base_n) < params.min_baseline_notes:
        return None
    rate = baseline_rate(base_c, base_n, params.baseline_z)
    log_ratio = math.log(params.ratio)
    score, run, alarms, scores = 0.0, 0, [], []
    for day, (c, n) in enumerate(
        zip(counts[params.baseline_days :], volumes[params.baseline_days :], strict=True)
    ):
        score = max(0.0, score + c * log_ratio - (params.ratio - 1.0) * rate * n)
        run = run + c if score > 0 else 0
        if score >= params.threshold and run >= params.min_count:
            alarms.append(day)
            score, run = 0.0, 0
        scores.append(round(score, 4))
    return SpikeResult(
        alarm_days=alarms,
        baseline_rate=rate,
        baseline_hits=sum(base_c),
        baseline_notes=sum(base_n),
        scores=scores,
    )


def poisson_sf(k: int, lam: float) -> float:
    """P(X >= k) for X ~ Poisson(lam)."""
    if k <= 0:
        return 1.0
    if lam <= 0:
        return 0.0
    term = math.exp(-lam)
    below = term
    for i in range(1, k):
        term *= lam / i
        below += term
    return max(0.0, 1.0 - below)
