"""The sanity check on a synthesized pair: close to its original, but not a copy.

ROUGE-1 F1 between the new pair and the original (question and response together) must lie in
a band: below it the pair drifted off topic, above it the model merely copied. Exact duplicates
(after normalising case and spaces) of the original or of an already kept pair are dropped.
"""

from __future__ import annotations

from ..eval.rouge import rouge1


def normalise(text: str) -> str:
    return " ".join(text.lower().split())


def keep_pair(
    pair: tuple[str, str],
    original: tuple[str, str],
    seen: set[str],
    low: float = 0.2,
    high: float = 0.9,
) -> tuple[bool, float, str]:
    """(keep?, ROUGE-1, why not) for one synthesized pair; adds kept questions to ``seen``."""
    score = rouge1(" ".join(pair), " ".join(original))
    key = normalise(pair[0])
    if key == normalise(original[0]) or key in seen:
        return False, score, "duplicate"
    if score < low:
        return False, score, "off topic"
    if score > high:
        return False, score, "copy"
    seen.add(key)
    return True, score, ""
