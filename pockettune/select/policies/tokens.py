"""Token reservoir: turns sampled with weight = their words, so long messages count for more.

Reservoir sampling (``random``) gives every turn the same chance, so a 3-word "hi" costs an
annotation as much as a 60-word message. Here a turn's chance grows with its length (words of
its context and message): weighted reservoir sampling (Efraimidis & Spirakis 2006, A-Res) with
weight = words, so the buffer leans towards what the user wrote rather than how often they
pressed Enter (A-Res's inclusion odds grow with the weight, though not in exact proportion).
Why: in the evidence run the policies that kept short turns (EOE favours them) lost to random
on NLL, and longer turns both carry more of the user and pack into more training
(docs/method-notes.md). It is still a sample: no topic, length band or arrival time
is excluded, unlike "keep the longest", which would fill up with one kind of message.

Each turn's key is log(u) / w with u uniform in (0, 1]; the ``capacity`` largest keys are
kept. u is a hash of (seed, arrival number, text), not a generator draw, so a kept turn's key
is recomputed from what the buffer stores and the policy keeps no state of its own: a
reopened buffer decides bit-for-bit as an uninterrupted one.
"""

from __future__ import annotations

import hashlib
import math

import numpy as np

from ...config import SelectConfig
from ..candidate import Candidate
from ..state import BufferState
from .base import Decision, StatelessPolicy


def uniform(seed: int, seq: int, text: str) -> float:
    """A deterministic draw in (0, 1] for one offer (the same across processes)."""
    digest = hashlib.blake2b(f"{seed}:{seq}:{text}".encode(), digest_size=8).digest()
    return (int.from_bytes(digest, "big") + 1) / 2.0**64


def key(seed: int, seq: int, text: str, weight: float) -> float:
    """A-Res key: larger is kept; P(kept) grows with ``weight``."""
    return math.log(uniform(seed, seq, text)) / max(weight, 1.0)


class TokenReservoirPolicy(StatelessPolicy):
    name = "tokens"
    needs_embedding = False

    def __init__(self, cfg: SelectConfig) -> None:
        self.seed = cfg.seed
        self.keys = np.full(cfg.capacity, -np.inf)

    def choose(self, cand: Candidate, state: BufferState) -> Decision:
        new = key(self.seed, state.n_seen, cand.turn.question, state.weight_of(cand))
        keys = np.where(state.occupied, self.keys, np.inf)
        weakest = int(keys.argmin())
        if new > keys[weakest]:
            return Decision(True, weakest, f"key {new:.4g} > weakest kept {keys[weakest]:.4g}")
        return Decision(False, None, f"key {new:.4g} <= weakest kept {keys[weakest]:.4g}")

    def inserted(self, slot: int, state: BufferState) -> None:
        self.keys[slot] = key(
            self.seed, int(state.seq[slot]), state.question[slot], float(state.weight[slot])
        )

    def removed(self, slot: int, state: BufferState) -> None:
        self.keys[slot] = -np.inf
