"""IDD, in-domain dissimilarity: how new a text is next to what the buffer holds for its domain."""

from __future__ import annotations

import numpy as np

from ..candidate import Candidate


def in_domain_dissimilarity(unit: np.ndarray, same_domain: np.ndarray) -> float:
    """mean over same-domain items of (1 - cos); an empty domain gives the maximum, 1.

    The published code averaged the similarity itself (defect 1); the paper's definition,
    "higher is better", needs 1 - cos.
    """
    if same_domain.size == 0:
        return 1.0
    return float(1.0 - (same_domain @ unit).mean())


class InDomainDissimilarity:
    name = "idd"

    def score(self, cand: Candidate, same_domain: np.ndarray) -> float:
        return in_domain_dissimilarity(cand.unit, same_domain)
