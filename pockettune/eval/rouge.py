"""ROUGE-1 F1, the paper's quality metric, from the ``rouge-score`` package (Google's port of
ROUGE-1.5.5): lower-cased, non-alphanumerics dropped, Porter stemming on."""

from __future__ import annotations

from functools import lru_cache
from typing import Any


@lru_cache(maxsize=1)
def _scorer() -> Any:
    from rouge_score import rouge_scorer

    return rouge_scorer.RougeScorer(["rouge1"], use_stemmer=True)


def rouge1(prediction: str, reference: str) -> float:
    """ROUGE-1 F1 in [0, 1]; 0 when either side has no words."""
    return float(_scorer().score(reference, prediction)["rouge1"].fmeasure)
