"""A turn on its way into the buffer: embedded once, scored once."""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np

from ..turn import Turn


@dataclass
class Candidate:
    """Everything selection needs about one turn; built by :meth:`Buffer.score_one`."""

    turn: Turn
    embedding: np.ndarray
    """float32 vector from the embedder (the LLM's last-token hidden state by default)."""
    n_tokens: int
    """Tokens of the scored text after the ``model.max_tokens`` cut."""
    unit: np.ndarray = field(init=False)
    """The embedding scaled to unit length, for cosine similarities."""
    domain: str = ""
    ratios: np.ndarray | None = None
    scores: dict[str, float] = field(default_factory=dict)
    surprise: float | None = None
    """The model's mean NLL per token of the user's message (models/surprise.py), where the
    caller measured it; only the ``sur`` metric needs it."""

    def __post_init__(self) -> None:
        self.embedding = np.asarray(self.embedding, dtype=np.float32).ravel()
        norm = float(np.linalg.norm(self.embedding))
        self.unit = self.embedding / norm if norm > 0 else self.embedding.copy()
