"""False alarms and detection delay of the objection-spike detector on simulated streams.

Runs the detector the rule runs (``backend.alerts.rules.spike_math.detect``), once per simulated
day over the same windows, with the rule's cooldown, on many product × territory pairs whose
note volume and label rate vary the way a real book of business does.

- stationary: rates never change; every alarm is a false alarm (per 1,000 pair-days).
- spikes: the rate is multiplied by 2 or 3 from a random day on; delay is the number of days
  from the start of the spike to the alarm (day 0 = the alarm comes at the end of the first
  spike day), over spikes detected within 21 days.

    .venv/bin/python bench/spike_detector.py [--pairs 1500] [--days 365] [--seed 7]
"""

import argparse
import os
import statistics
import sys
import time
from dataclasses import replace
from pathlib import Path

import django
import numpy as np

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "backend.settings")
django.setup()  # the rules package loads models; the detector itself touches no database

from backend.alerts.rules.spike_math import (  # noqa: E402
    SPIKE_COOLDOWN_DAYS,
    SpikeParams,
    detect,
)

VOLUMES = (2, 5, 10, 20, 40)  # notes per day about one product in one territory
RATES = (0.02, 0.05, 0.1, 0.2)  # share of those notes carrying the label
HORIZON = 21  # days a spike has to be found in to count as detected
# What drives detectability is the expected hits per day (notes/day x rate), so figures are
# also broken down by it.
BUCKETS = ((0.0, 0.25), (0.25, 1.0), (1.0, 4.0), (4.0, 1e9))


def bucket(volume: float, rate: float) -> str:
    hits = volume * rate
    low, high = next(b for b in BUCKETS if b[0] <= hits < b[1])
    return f"{low:g}-{high:g} hits/day" if high < 1e9 else f">={low:g} hits/day"


def pair(i: int) -> tuple[int, float]:
    return VOLUMES[i % len(VOLUMES)], RATES[(i // len(VOLUMES)) % len(RATES)]


def default_params() -> tuple[SpikeParams, int]:
    return SpikeParams(), SPIKE_COOLDOWN_DAYS


def simulate(
    rng: np.random.Generator,
    days: int,
    volume: float,
    rate: float,
    spike_at: int | None,
    ratio: float,
) -> tuple[np.ndarray, np.ndarray]:
    notes = rng.poisson(volume, size=days)
    rates = np.full(days, rate)
    if spike_at is not None:
        rates[spike_at:] = min(rate * ratio, 0.95)
    return rng.binomial(notes, rates), notes


def run_pair(
    counts: np.ndarray, notes: np.ndarray, params: SpikeParams, cooldown: int, first_day: int
) -> list[int]:
    """Days on which the rule would raise a signal (evaluated at the end of each day)."""
    width = params.baseline_days + params.recent_days
    raised: list[int] = []
    c_list, n_list = counts.tolist(), notes.tolist()
    for today in range(first_day, len(c_list)):
        lo = today - width + 1
        result = detect(c_list[lo : today + 1], n_list[lo : today + 1], params)
        if result is None or not result.alarm_days:
            continue
        alarm_day = lo + params.baseline_days + result.alarm_days[-1]
        if raised and raised[-1] >= alarm_day - cooldown:
            continue
        raised.append(alarm_day)
    return raised


def stationary(
    rng: np.random.Generator, pairs: int, days: int, params: SpikeParams, cooldown: int
) -> tuple[int, int, dict[str, tuple[int, int]]]:
    warmup = params.baseline_days + params.recent_days
    alarms, pair_days = 0, 0
    by_bucket: dict[str, tuple[int, int]] = {}
    for i in range(pairs):
        volume, rate = pair(i)
        counts, notes = simulate(rng, warmup + days, volume, rate, None, 1.0)
        found = len(run_pair(counts, notes, params, cooldown, warmup))
        alarms += found
        pair_days += days
        a, d = by_bucket.get(bucket(volume, rate), (0, 0))
        by_bucket[bucket(volume, rate)] = (a + found, d + days)
    return alarms, pair_days, by_bucket


def spikes(
    rng: np.random.Generator, pairs: int, ratio: float, params: SpikeParams, cooldown: int
) -> tuple[list[int], dict[str, tuple[list[int], int]]]:
    warmup = params.baseline_days + params.recent_days
    delays: list[int] = []
    by_bucket: dict[str, tuple[list[int], int]] = {}
    for i in range(pairs):
        volume, rate = pair(i)
        start = warmup + 14 + int(rng.integers(0, 14))
        counts, notes = simulate(rng, start + HORIZON, volume, rate, start, ratio)
        hits = [d for d in run_pair(counts, notes, params, cooldown, start) if d >= start]
        found, total = by_bucket.get(bucket(volume, rate), ([], 0))
        if hits:
            delays.append(hits[0] - start)
            found.append(hits[0] - start)
        by_bucket[bucket(volume, rate)] = (found, total + 1)
    return delays, by_bucket


def describe(delays: list[int], pairs: int) -> str:
    if not delays:
        return f"detected 0/{pairs}"
    cuts = statistics.quantiles(delays, n=10) if len(delays) > 1 else [delays[0]] * 9
    return (
        f"detected {len(delays)}/{pairs} ({100 * len(delays) / pairs:.0f}%) within {HORIZON} d; "
        f"delay median {statistics.median(delays):.0f} d, p90 {cuts[8]:.0f} d"
    )


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--pairs", type=int, default=1500)
    parser.add_argument("--days", type=int, default=365)
    parser.add_argument("--seed", type=int, default=7)
    for name in SpikeParams.__dataclass_fields__:
        parser.add_argument(
            f"--{name.replace('_', '-')}",
            type=float,
            default=None,
            help="override the rule's default",
        )
    args = parser.parse_args()
    params, cooldown = default_params()
    overrides = {
        name: type(getattr(params, name))(getattr(args, name))
        for name in SpikeParams.__dataclass_fields__
        if getattr(args, name) is not None
    }
    params = replace(params, **overrides)
    rng = np.random.default_rng(args.seed)
    started = time.perf_counter()
    print(f"detector: {params}, cooldown {cooldown} d")
    print(f"pairs: volumes {VOLUMES} notes/day x base rates {RATES}")

    alarms, pair_days, per_bucket = stationary(rng, args.pairs, args.days, params, cooldown)
    print(
        f"stationary: {alarms} false alarms in {pair_days:,} pair-days = "
        f"{1000 * alarms / pair_days:.3f} per 1,000 pair-days"
    )
    for name, (a, d) in sorted(per_bucket.items()):
        print(f"  baseline {name:>16}: {1000 * a / d:.3f} per 1,000 pair-days")
    spike_pairs = max(args.pairs // 3, 50)
    for ratio in (2.0, 3.0):
        delays, by_bucket = spikes(rng, spike_pairs, ratio, params, cooldown)
        print(f"spike x{ratio:.0f}: {describe(delays, spike_pairs)}")
        for name, (found, total) in sorted(by_bucket.items()):
            print(f"  baseline {name:>16}: {describe(found, total)}")
    print(f"({time.perf_counter() - started:.1f} s)")


if __name__ == "__main__":
    main()
