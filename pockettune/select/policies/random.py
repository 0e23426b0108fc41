"""Random baseline: reservoir sampling, a uniform sample of everything seen since the last reset."""

from __future__ import annotations

from typing import Any

import numpy as np

from ...config import SelectConfig
from ..candidate import Candidate
from ..state import BufferState
from .base import Decision, StatelessPolicy


class ReservoirPolicy(StatelessPolicy):
    name = "random"
    needs_embedding = False

    def __init__(self, cfg: SelectConfig) -> None:
        self.rng = np.random.default_rng(cfg.seed)

    def choose(self, cand: Candidate, state: BufferState) -> Decision:
        # Algorithm R: the n-th turn (n = state.n_seen, counting this one) enters with
        # probability capacity / n and replaces a uniformly chosen slot.
        j = int(self.rng.integers(0, max(state.n_seen, 1)))
        if j < state.capacity:
            return Decision(True, j, f"reservoir draw {j} < {state.capacity}")
        return Decision(False, None, "reservoir draw missed")

    def get_state(self) -> dict[str, Any]:
        return {"rng": self.rng.bit_generator.state}

    def set_state(self, data: dict[str, Any]) -> None:
        if "rng" in data:
            self.rng.bit_generator.state = data["rng"]
