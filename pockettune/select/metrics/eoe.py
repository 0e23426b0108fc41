"""EOE, entropy of the embedding: how much information a text carries."""

from __future__ import annotations

import numpy as np

from ..candidate import Candidate


def entropy_of_embedding(
    e: np.ndarray, n_tokens: int, bins: int = 100, length_norm: bool = True
) -> float:
    """H = -sum p_k log2 p_k over a ``bins``-bin histogram of the values of ``e``, divided by
    log2(n_tokens + 1) when ``length_norm`` (the paper's penalty on long texts)."""
    e = np.asarray(e, dtype=np.float64).ravel()
    if e.size == 0 or not np.all(np.isfinite(e)):
        return 0.0
    counts, _ = np.histogram(e, bins=bins)
    p = counts[counts > 0] / e.size
    h = float(-(p * np.log2(p)).sum())
    if length_norm:
        h /= float(np.log2(max(n_tokens, 1) + 1))
    return h


class EntropyOfEmbedding:
    name = "eoe"

    def __init__(self, bins: int = 100, length_norm: bool = True) -> None:
        self.bins, self.length_norm = bins, length_norm

    def score(self, cand: Candidate, same_domain: np.ndarray) -> float:
        return entropy_of_embedding(cand.embedding, cand.n_tokens, self.bins, self.length_norm)
