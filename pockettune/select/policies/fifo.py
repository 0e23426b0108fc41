"""FIFO baseline: the oldest turn leaves."""

from __future__ import annotations

from ...config import SelectConfig
from ..candidate import Candidate
from ..state import BufferState
from .base import Decision, StatelessPolicy


class FifoPolicy(StatelessPolicy):
    name = "fifo"
    needs_embedding = False

    def __init__(self, cfg: SelectConfig) -> None:
        pass

    def choose(self, cand: Candidate, state: BufferState) -> Decision:
        slots = state.occupied_slots()
        oldest = int(slots[state.seq[slots].argmin()])
        return Decision(True, oldest, "oldest leaves")
