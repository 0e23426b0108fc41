"""What every model loader returns: the model, its tokenizer, a name and the base-model fingerprint.

Its own module so that the loaders (``loader``, ``tiny``) depend on it and not on each other.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass
class LoadedModel:
    model: Any
    """A transformers causal LM, in eval mode, fp32 weights, on the CPU."""
    tokenizer: Any
    name: str
    """Human-readable model name for status and benchmark reports."""
    fingerprint: str
    """sha256 of the source weights: adapters record it and refuse another base model."""
    precision: str = "fp32"
    """What generation and training compute in, ``fp32`` or ``bf16`` (``model.precision``
    resolved for this CPU; :mod:`.precision`). The weights in memory stay fp32 either way."""
