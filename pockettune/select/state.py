"""The in-memory view of the buffer that policies read: fixed slots, one row per kept turn.

Slots make every update O(capacity x dim) at most: a newcomer takes the slot of the item it
evicts, and its cosine similarities to the kept items are computed once, into a
capacity x capacity matrix, from which IDD of any item is a sum. Each entry is computed the
same way whether the buffer ran without a break or was reloaded from disk, so a reopened
buffer decides bit-for-bit as an uninterrupted one (incremental running sums would drift).
"""

from __future__ import annotations

import re

import numpy as np

from .candidate import Candidate

_WORD = re.compile(r"\w+")


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
        self.sur = np.zeros(capacity)
        """The model's surprise at each kept turn (0 where it was not measured)."""
        self.sim = np.zeros((capacity, capacity), dtype=np.float32)
        """Cosine similarity between the items in two slots (valid where both are occupied)."""
        self.domain: list[str] = [""] * capacity
        self.words: list[frozenset[str]] = [frozenset()] * capacity
        """Each kept turn's word set, for the near-duplicate check."""
        self.question: list[str] = [""] * capacity
        self.weight = np.zeros(capacity)
        """Words the user wrote in each kept turn (context and message): the ``tokens``
        policy samples in proportion to it."""
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
        wanted: dict[str, list[int]] = {}
        for i, s in enumerate(slots):
            wanted.setdefault(self.domain[s], []).append(i)
        for dom, idx in wanted.items():
            members = self.by_domain[dom]
            k = len(members)
            if k < 2:
                continue
            sub = self.sim[np.ix_(members, members)].astype(np.float64)
            idd = 1.0 - (sub.sum(axis=1) - np.diag(sub)) / (k - 1)
            row = {m: r for r, m in enumerate(members)}
            for i in idx:
                out[i] = idd[row[int(slots[i])]]
        return out

    def kept_units(self) -> np.ndarray:
        """Unit embeddings of every kept item (coverage compares across domains)."""
        if self.dim == 0:
            return np.zeros((0, 0), dtype=np.float32)
        return self.unit[self.occupied]

    def live_cov(self, slots: list[int] | np.ndarray) -> np.ndarray:
        """Coverage of stored items now: 1 - the largest similarity to another kept item."""
        occ = np.flatnonzero(self.occupied)
        out = np.ones(len(slots))
        for i, s in enumerate(slots):
            others = occ[occ != s]
            if others.size:
                out[i] = 1.0 - float(self.sim[int(s), others].max())
        return out

    def put(self, slot: int, cand: Candidate, item_id: int, seq: int) -> None:
        if self.dim == 0:
            self.dim = cand.unit.size
            self.unit = np.zeros((self.capacity, self.dim), dtype=np.float32)
        if cand.unit.size != self.dim:
            raise ValueError(f"embedding size {cand.unit.size} != buffer's {self.dim}")
        occ = np.flatnonzero(self.occupied)
        sims = self.unit[occ] @ cand.unit
        self.sim[slot, occ] = sims
        self.sim[occ, slot] = sims
        self.sim[slot, slot] = 1.0
        self.unit[slot] = cand.unit
        self.occupied[slot] = True
        self.item_id[slot], self.seq[slot] = item_id, seq
        self.eoe[slot], self.dss[slot] = cand.scores["eoe"], cand.scores["dss"]
        self.sur[slot] = cand.scores.get("sur", 0.0)
        self.domain[slot] = cand.domain
        self.words[slot] = word_set(cand.turn.question)
        self.question[slot] = cand.turn.question
        self.weight[slot] = self.weight_of(cand)
        self.by_domain.setdefault(cand.domain, []).append(slot)

    def remove(self, slot: int) -> None:
        dom = self.domain[slot]
        self.by_domain[dom].remove(slot)
        if not self.by_domain[dom]:
            del self.by_domain[dom]
        self.occupied[slot] = False
        self.item_id[slot] = -1
        self.domain[slot] = ""
        self.words[slot] = frozenset()
        self.question[slot] = ""
        self.weight[slot] = 0.0

    @staticmethod
    def weight_of(cand: Candidate) -> float:
        """Words of the turn's context and message (at least 1), tokenizer-free so that it
        is the same for every embedder and after a reload."""
        t = cand.turn
        return float(max(1, len(_WORD.findall(t.context)) + len(_WORD.findall(t.question))))

    def near_duplicate(self, question: str, threshold: float) -> int | None:
        """The slot of a kept turn whose words overlap ``question``'s by at least
        ``threshold`` (Jaccard), or None. Texts without words compare as normalised text."""
        mine = word_set(question)
        for slot in np.flatnonzero(self.occupied):
            if same_words(mine, self.words[int(slot)], threshold):
                return int(slot)
        return None


def same_words(a: frozenset[str], b: frozenset[str], threshold: float) -> bool:
    """Whether two word sets overlap by at least ``threshold`` (Jaccard), or are equal."""
    return a == b or bool(a and b and len(a & b) >= threshold * len(a | b))


def word_set(text: str) -> frozenset[str]:
    """Lower-cased words of a text; punctuation and spacing do not make a turn new. A text
    with no word at all keeps its stripped form, so "??" and "!!" stay distinct."""
    words = frozenset(_WORD.findall(text.lower()))
    return words or frozenset({" ".join(text.split())})
