"""DSS, domain-specific score: how much a text is about the domains of the lexicon."""

from __future__ import annotations

import numpy as np

from ..candidate import Candidate
from ..lexicon import Lexicon, words_of


def domain_ratios(text: str, lexicon: Lexicon) -> tuple[np.ndarray, str]:
    """Per-domain hit ratios r_j and the dominant domain of ``text``."""
    r = lexicon.ratios(words_of(text))
    return r, lexicon.dominant(r)


class DomainSpecificScore:
    """DSS = mean_j r_j. Also sets the candidate's dominant domain, which partitions the buffer."""

    name = "dss"

    def __init__(self, lexicon: Lexicon) -> None:
        self.lexicon = lexicon

    def score(self, cand: Candidate, same_domain: np.ndarray) -> float:
        if cand.ratios is None:
            cand.ratios, cand.domain = domain_ratios(cand.turn.scored_text(), self.lexicon)
        return float(cand.ratios.mean()) if cand.ratios.size else 0.0
