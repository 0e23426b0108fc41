"""Paired statistics: every method is scored on the same test items, so compare item by item.

Each item's score is first averaged over seeds (removing most of the training-seed noise),
then the mean difference to the baseline gets a bootstrap confidence interval over items.
An interval that contains zero is reported as no difference.

That interval treats each method's seeds as fixed: it says whether these three selections
differ on these items, not whether the *method* would on three other draws.
``seed_item_bootstrap`` also resamples each method's seeds, so the spread of what a policy
selects from one seed to the next is inside the interval; a verdict that holds under both
does not hinge on the seeds' luck. (With 3 seeds a bootstrap still understates that spread:
resampling n draws keeps (n - 1) / n of their variance.)
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
    return _interval(float(d.mean()), d[idx].mean(axis=1), len(d), level)


def seed_item_bootstrap(
    a: np.ndarray, b: np.ndarray, resamples: int = 2000, seed: int = 0, level: float = 0.95
) -> Comparison:
    """CI of mean(a - b) for per-seed, per-item scores ``a`` (seeds_a x items) and ``b``
    (seeds_b x items): each resample draws each method's seeds with replacement, independently
    (seed i of one method is no more related to seed i of another than to seed j), and then one
    set of items for both (the items stay paired)."""
    a, b = np.atleast_2d(np.asarray(a, dtype=float)), np.atleast_2d(np.asarray(b, dtype=float))
    if a.shape[1] != b.shape[1]:
        raise ValueError(f"different test items: {a.shape[1]} against {b.shape[1]}")
    rng = np.random.default_rng(seed)
    n = a.shape[1]
    sa = rng.integers(0, len(a), size=(resamples, len(a)))
    sb = rng.integers(0, len(b), size=(resamples, len(b)))
    d = a[sa].mean(axis=1) - b[sb].mean(axis=1)  # resamples x items
    idx = rng.integers(0, n, size=(resamples, n))
    means = np.take_along_axis(d, idx, axis=1).mean(axis=1)
    return _interval(float(a.mean(axis=0).mean() - b.mean(axis=0).mean()), means, n, level)


def _interval(diff: float, means: np.ndarray, n: int, level: float) -> Comparison:
    """The observed difference with the central ``level`` interval of its bootstrap means."""
    tail = (1 - level) / 2
    return Comparison(diff, float(np.quantile(means, tail)), float(np.quantile(means, 1 - tail)), n)
