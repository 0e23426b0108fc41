"""COV, coverage: how far a text lies from everything the buffer holds, whatever its domain.

Not in the paper. IDD compares a turn only with the buffer items of its own dominant domain, and
the lexicon's domains are coarse and often wrong for short chat turns (most fall into one or two
groups), so two paraphrases tagged with different domains both look new to IDD. Coverage is the
distance to the nearest kept item (1 - max cos), the quantity k-center maximises, offered as
one more label-free metric the ``sdss`` policy can vote with (``select.metrics``). It costs one
row of the similarity matrix the buffer already keeps.
"""

from __future__ import annotations

import numpy as np

from ..candidate import Candidate


def coverage(unit: np.ndarray, kept: np.ndarray) -> float:
    """1 - the largest cosine similarity to a kept item; an empty buffer gives 1."""
    if kept.size == 0:
        return 1.0
    return float(1.0 - (kept @ unit).max())


class Coverage:
    name = "cov"

    def score(self, cand: Candidate, kept: np.ndarray) -> float:
        return coverage(cand.unit, kept)
