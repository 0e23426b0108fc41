"""The policy protocol and the decision it returns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Protocol

from ..candidate import Candidate
from ..state import BufferState


@dataclass(frozen=True)
class Decision:
    admit: bool
    """Whether the newcomer enters the buffer."""
    evict: int | None = None
    """The slot it replaces, when the buffer is full."""
    reason: str = ""
    """A short human-readable why, kept in the event log."""


class Policy(Protocol):
    name: str
    needs_embedding: bool
    """False where ``choose`` reads only arrival and words (never an embedding or a score
    computed from one): the observer then embeds only the turns that are admitted."""

    def choose(self, cand: Candidate, state: BufferState) -> Decision: ...

    def inserted(self, slot: int, state: BufferState) -> None: ...

    def removed(self, slot: int, state: BufferState) -> None: ...

    def get_state(self) -> dict[str, Any]: ...

    def set_state(self, data: dict[str, Any]) -> None: ...


class StatelessPolicy:
    """Defaults for policies with no cache and no persistent state."""

    needs_embedding = True

    def inserted(self, slot: int, state: BufferState) -> None:
        pass

    def removed(self, slot: int, state: BufferState) -> None:
        pass

    def get_state(self) -> dict[str, Any]:
        return {}

    def set_state(self, data: dict[str, Any]) -> None:
        pass
