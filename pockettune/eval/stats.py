"""Paired statistics: every method is scored on the same test items, so compare item by item.

Each item's score is first averaged over seeds (removing most of the training-seed noise),
then the mean difference to the baseline gets a bootstrap confidence interval over items.
An interval that contains zero is reported as no difference.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np


@dataclass
class Comparison:
    diff: float
    low: float
    high: float
    n: int

    @property
    def verdict(self) -> str:
        if self.low > 0:
            return "better"
        if self.high < 0:
            return "worse"
        return "no difference"


def paired_bootstrap(
    a: np.ndarray, b: np.ndarray, resamples: int = 2000, seed: int = 0, level: float = 0.95
) -> Comparison:
    """CI of mean(a - b) for per-item scores ``a`` and ``b`` of equal length."""
    d = np.asarray(a, dtype=float) - np.asarray(b, dtype=float)
    rng = np.random.default_rng(seed)
    idx = rng.integers(0, len(d), size=(resamples, len(d)))
    means = d[idx].mean(axis=1)
    tail = (1 - level) / 2
    return Comparison(
        float(d.mean()),
        float(np.quantile(means, tail)),
        float(np.quantile(means, 1 - tail)),
        len(d),
    )
