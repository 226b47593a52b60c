"""The intervals every module shows beside a share or a median (domain/uncertainty.py)."""

from __future__ import annotations

import math

import numpy as np
import pytest

from lab_helpers.domain.uncertainty import (
    Z_95,
    bootstrap_interval,
    wilson_interval,
    wilson_percent,
)


def test_wilson_interval_is_the_score_interval_computed_by_hand():
    successes, total = 34, 211
    p, z = successes / total, Z_95
    centre = (p + z * z / (2 * total)) / (1 + z * z / total)
    half = z / (1 + z * z / total) * math.sqrt(p * (1 - p) / total + z * z / (4 * total ** 2))
    assert wilson_interval(successes, total) == pytest.approx((centre - half, centre + half))
    assert wilson_percent(successes, total) == pytest.approx(
        (100 * (centre - half), 100 * (centre + half)))


def test_wilson_interval_stays_within_0_and_1_and_is_never_certain_on_few_cases():
    assert wilson_interval(0, 10)[0] == 0 and wilson_interval(0, 10)[1] > 0.2
    assert wilson_interval(10, 10)[1] == pytest.approx(1) and wilson_interval(10, 10)[0] < 0.8
    low, high = wilson_interval(5, 10)
    assert low == pytest.approx(1 - high)  # symmetric around one half
    assert all(math.isnan(x) for x in wilson_interval(0, 0))
    narrow, wide = wilson_interval(500, 1000), wilson_interval(5, 10)
    assert narrow[1] - narrow[0] < wide[1] - wide[0]


def test_bootstrap_interval_is_seeded_holds_the_statistic_and_narrows_with_more_data():
    rng = np.random.default_rng(7)
    small, large = rng.exponential(10, 40), rng.exponential(10, 4000)
    assert bootstrap_interval(small) == bootstrap_interval(small)
    low, high = bootstrap_interval(small)
    assert low <= np.median(small) <= high
    wide = high - low
    low, high = bootstrap_interval(large)
    assert high - low < wide
    mean_low, mean_high = bootstrap_interval(small, np.mean, level=0.5)
    assert mean_low <= small.mean() <= mean_high
    with pytest.raises(ValueError):
        bootstrap_interval([np.nan])
