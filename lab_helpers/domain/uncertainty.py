"""How sure a figure is: the intervals the modules show beside a share or a median.

One place for them, so that module 04's precision, module 06's share of resolved requests
and the capstone's figures are bounded the same way:

- :func:`wilson_interval`: Wilson's score interval of a share, fair also for small counts
  and for shares near 0 or 1 (a share of 100% on 20 cases is not a certainty);
- :func:`bootstrap_interval`: a seeded percentile bootstrap of a statistic (a median) of a
  sample: resample with replacement, take the middle of the resampled statistics.
"""

from __future__ import annotations

import math
from collections.abc import Callable

import numpy as np

Z_95 = 1.96  # the normal distribution's 97.5th percentile (1.95996...), for 95% intervals
BOOTSTRAP_SEED = 20190123
BOOTSTRAP_SAMPLES = 2000


def wilson_interval(successes: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """Wilson's interval of ``successes`` out of ``total``, as shares from 0 to 1.

    NaN bounds for no cases at all: there is no share to bound.
    """
    if total <= 0:
        return math.nan, math.nan
    share = successes / total
    z2 = z * z
    centre = (share + z2 / (2 * total)) / (1 + z2 / total)
    half = z * math.sqrt(share * (1 - share) / total + z2 / (4 * total * total)) / (
        1 + z2 / total)
    return max(0.0, centre - half), min(1.0, centre + half)


def wilson_percent(successes: int, total: int, z: float = Z_95) -> tuple[float, float]:
    """:func:`wilson_interval` in per cent."""
    low, high = wilson_interval(successes, total, z)
    return 100 * low, 100 * high


def bootstrap_interval(values: object, statistic: Callable[..., np.ndarray] = np.median,
                       level: float = 0.95, seed: int = BOOTSTRAP_SEED,
                       samples: int = BOOTSTRAP_SAMPLES) -> tuple[float, float]:
    """A seeded percentile-bootstrap interval of ``statistic`` (with ``axis=``) of a sample."""
    data = np.asarray(values, dtype=float)
    data = data[~np.isnan(data)]
    if data.size == 0:
        raise ValueError("no values to resample")
    rng = np.random.default_rng(seed)
    resampled = statistic(rng.choice(data, size=(samples, data.size), replace=True), axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(resampled, [tail, 100 - tail])
    return float(low), float(high)
