"""The in-memory view of the buffer that policies read: fixed slots, one row per kept turn.

Slots make every update O(capacity x dim) at most: a newcomer takes the slot of the item it
evicts, and the sums of in-domain cosine similarities that IDD needs are kept incrementally.
"""

from __future__ import annotations

import numpy as np

from .candidate import Candidate


class BufferState:
    def __init__(self, capacity: int) -> None:
        self.capacity = capacity
        self.dim = 0
        self.unit = np.zeros((capacity, 0), dtype=np.float32)
        self.occupied = np.zeros(capacity, dtype=bool)
        self.item_id = np.full(capacity, -1, dtype=np.int64)
        self.seq = np.zeros(capacity, dtype=np.int64)
        self.eoe = np.zeros(capacity)
        self.dss = np.zeros(capacity)
        self.simsum = np.zeros(capacity)
        """Sum of cosine similarities to the other items of the same domain."""
        self.domain: list[str] = [""] * capacity
        self.by_domain: dict[str, list[int]] = {}
        self.n_seen = 0
        """Turns offered since the buffer was last emptied (reservoir sampling needs it)."""

    def __len__(self) -> int:
        return int(self.occupied.sum())

    @property
    def full(self) -> bool:
        return len(self) >= self.capacity

    def free_slot(self) -> int:
        return int(np.flatnonzero(~self.occupied)[0])

    def occupied_slots(self) -> np.ndarray:
        return np.flatnonzero(self.occupied)

    def slots_of(self, domain: str) -> list[int]:
        return self.by_domain.get(domain, [])

    def same_domain_units(self, domain: str) -> np.ndarray:
        slots = self.slots_of(domain)
        if not slots or self.dim == 0:
            return np.zeros((0, self.dim), dtype=np.float32)
        return self.unit[slots]

    def live_idd(self, slots: list[int] | np.ndarray) -> np.ndarray:
        """IDD of stored items against the rest of their domain now (1 for a lone item)."""
        out = np.ones(len(slots))
        for i, s in enumerate(slots):
            k = len(self.by_domain[self.domain[s]])
            if k > 1:
                out[i] = 1.0 - self.simsum[s] / (k - 1)
        return out

    def put(self, slot: int, cand: Candidate, item_id: int, seq: int) -> None:
        if self.dim == 0:
            self.dim = cand.unit.size
            self.unit = np.zeros((self.capacity, self.dim), dtype=np.float32)
        if cand.unit.size != self.dim:
            raise ValueError(f"embedding size {cand.unit.size} != buffer's {self.dim}")
        peers = self.slots_of(cand.domain)
        sims = self.unit[peers] @ cand.unit if peers else np.zeros(0)
        self.simsum[peers] += sims
        self.simsum[slot] = float(sims.sum())
        self.unit[slot] = cand.unit
        self.occupied[slot] = True
        self.item_id[slot], self.seq[slot] = item_id, seq
        self.eoe[slot], self.dss[slot] = cand.scores["eoe"], cand.scores["dss"]
        self.domain[slot] = cand.domain
        self.by_domain.setdefault(cand.domain, []).append(slot)

    def remove(self, slot: int) -> None:
        dom = self.domain[slot]
        peers = self.by_domain[dom]
        peers.remove(slot)
        if peers:
            self.simsum[peers] -= self.unit[peers] @ self.unit[slot]
        else:
            del self.by_domain[dom]
        self.occupied[slot] = False
        self.item_id[slot] = -1
        self.simsum[slot] = 0.0
        self.domain[slot] = ""
