"""The label-free selection metrics: the three of Qin et al. (DAC 2024) and pockettune's
coverage (cov.py) and the model's surprise (sur.py); higher is better for all.

A metric is a small object with a ``name`` and ``score(candidate, same_domain) -> float``;
``same_domain`` holds the unit embeddings of the buffer items in the candidate's dominant
domain (only IDD looks at it). Register new ones in ``METRICS``.
"""

from __future__ import annotations

from typing import Protocol

import numpy as np

from ..candidate import Candidate
from .cov import Coverage
from .dss import DomainSpecificScore
from .eoe import EntropyOfEmbedding
from .idd import InDomainDissimilarity
from .sur import Surprise


class Metric(Protocol):
    name: str

    def score(self, cand: Candidate, same_domain: np.ndarray) -> float: ...


METRICS: dict[str, type] = {
    "eoe": EntropyOfEmbedding,
    "dss": DomainSpecificScore,
    "idd": InDomainDissimilarity,
    "cov": Coverage,
    "sur": Surprise,
}

__all__ = [
    "METRICS",
    "Coverage",
    "DomainSpecificScore",
    "EntropyOfEmbedding",
    "InDomainDissimilarity",
    "Metric",
    "Surprise",
]
