"""K-Center baseline: keep the buffer spread out in embedding space (online farthest-first).

The offline greedy K-Center picks, from the whole stream at once, the point farthest from
those already chosen. A device sees one turn at a time, so we keep the equivalent online
invariant: the pair of kept items closest in cosine distance is the most redundant, and one of
them makes room for a newcomer that is farther from everything than that pair is apart.
Nearest-neighbour distances are cached per slot so a decision costs O(capacity x dim).
"""

from __future__ import annotations

import numpy as np

from ...config import SelectConfig
from ..candidate import Candidate
from ..state import BufferState
from .base import Decision, StatelessPolicy


class KCenterPolicy(StatelessPolicy):
    name = "kcenter"

    def __init__(self, cfg: SelectConfig) -> None:
        self.nn_d = np.full(cfg.capacity, np.inf)
        self.nn_s = np.full(cfg.capacity, -1, dtype=np.int64)

    def _distances(self, vec: np.ndarray, state: BufferState) -> np.ndarray:
        d = 1.0 - state.unit @ vec
        d[~state.occupied] = np.inf
        return d

    def _refresh(self, slot: int, state: BufferState) -> None:
        d = self._distances(state.unit[slot], state)
        d[slot] = np.inf
        self.nn_s[slot] = int(d.argmin())
        self.nn_d[slot] = d[self.nn_s[slot]]

    def choose(self, cand: Candidate, state: BufferState) -> Decision:
        d_new = self._distances(cand.unit, state)
        nn_d = np.where(state.occupied, self.nn_d, np.inf)
        a = int(nn_d.argmin())
        if d_new.min() <= nn_d[a]:
            return Decision(False, None, "closer to a kept item than any kept pair")
        b = int(self.nn_s[a])

        def second(s: int, other: int) -> float:
            d = self._distances(state.unit[s], state)
            d[[s, other]] = np.inf
            return float(min(d.min(), d_new[s]))

        # Of the closest pair, the one that is also closer to the rest is the more redundant.
        evict = a if second(a, b) <= second(b, a) else b
        return Decision(True, evict, f"closest pair at distance {nn_d[a]:.4f}")

    def inserted(self, slot: int, state: BufferState) -> None:
        d = self._distances(state.unit[slot], state)
        d[slot] = np.inf
        closer = d < self.nn_d
        self.nn_d[closer], self.nn_s[closer] = d[closer], slot
        self._refresh(slot, state)

    def removed(self, slot: int, state: BufferState) -> None:
        self.nn_d[slot], self.nn_s[slot] = np.inf, -1
        for s in np.flatnonzero(state.occupied & (self.nn_s == slot)):
            self._refresh(int(s), state)
