"""The spike detector's arithmetic, on hand-made daily series (no database)."""

import math

import pytest

from backend.alerts.rules.spike_math import SpikeParams, baseline_rate, detect, poisson_sf

P = SpikeParams(baseline_days=4, recent_days=3, ratio=2.0, threshold=3.0, min_count=2)


def test_baseline_rate_is_hits_per_note_with_a_floor_and_a_z_margin():
    assert baseline_rate([1, 1], [10, 10]) == pytest.approx(0.1)
    assert baseline_rate([0, 0], [10, 10]) == pytest.approx(0.5 / 20)  # never seen: half a hit
    assert baseline_rate([4], [40], z=1.0) == pytest.approx((4 + 2) / 40)
    assert baseline_rate([3], [0]) == 0.0


def test_detect_checks_the_length_and_needs_a_baseline_volume():
    with pytest.raises(ValueError):
        detect([0] * 6, [10] * 6, P)
    thin = SpikeParams(**{**P.__dict__, "min_baseline_notes": 100})
    assert detect([0] * 7, [10] * 7, thin) is None


def test_a_steady_rate_never_alarms():
    counts, volumes = [1] * 7, [10] * 7
    result = detect(counts, volumes, P)
    assert result is not None and result.alarm_days == []
    assert result.baseline_hits == 4 and result.baseline_notes == 40
    assert all(score == 0.0 for score in result.scores)


def test_the_cusum_accumulates_the_log_likelihood_ratio_and_alarms_on_the_threshold():
    # baseline 4 hits / 40 notes, z = 1 -> p0 = 6/40; each recent day: 10 notes
    counts, volumes = [1, 1, 1, 1, 5, 5, 0], [10] * 7
    result = detect(counts, volumes, P)
    assert result is not None
    p0 = (4 + 2) / 40
    day1 = 5 * math.log(2) - 1.0 * p0 * 10  # 1.9657
    assert result.baseline_rate == pytest.approx(p0)
    assert result.scores[0] == pytest.approx(round(day1, 4))
    # day 2 reaches 3.9315 >= h = 3 with 10 hits in the run: alarm, then the CUSUM restarts
    assert result.alarm_days == [1]
    assert result.scores[1] == 0.0


def test_few_hits_do_not_alarm_however_high_the_score():
    strict = SpikeParams(**{**P.__dict__, "min_count": 11})
    result = detect([1, 1, 1, 1, 5, 5, 0], [10] * 7, strict)
    assert result is not None and result.alarm_days == []


def test_poisson_tail():
    assert poisson_sf(0, 3.0) == 1.0
    assert poisson_sf(2, 0.0) == 0.0
    assert poisson_sf(1, 2.0) == pytest.approx(1 - math.exp(-2))
    assert poisson_sf(3, 1.0) == pytest.approx(1 - math.exp(-1) * (1 + 1 + 0.5))
