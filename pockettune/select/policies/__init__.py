"""Replacement policies: who leaves when a full buffer is offered a new turn.

A policy is a small object with ``name``, ``choose(cand, state) -> Decision`` (called only
when the buffer is full), ``inserted``/``removed`` hooks for caches, and a JSON-able
``get_state``/``set_state`` persisted with the buffer so a reopened buffer decides exactly as
the uninterrupted one would. Register new ones in ``POLICIES``, keyed by the short name used
in config (``select.policy``).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from ...config import SelectConfig
from ...errors import PockettuneError
from .base import Decision, Policy
from .fifo import FifoPolicy
from .kcenter import KCenterPolicy
from .random import ReservoirPolicy
from .sdss import SdssPolicy
from .tokens import TokenReservoirPolicy

POLICIES: dict[str, Callable[[SelectConfig], Any]] = {
    "sdss": SdssPolicy,
    "random": ReservoirPolicy,
    "fifo": FifoPolicy,
    "kcenter": KCenterPolicy,
    "tokens": TokenReservoirPolicy,
}


def make_policy(cfg: SelectConfig) -> Policy:
    try:
        return POLICIES[cfg.policy](cfg)
    except KeyError:
        raise PockettuneError(
            f"select.policy={cfg.policy!r}: expected one of {', '.join(POLICIES)}"
        ) from None


__all__ = ["POLICIES", "Decision", "Policy", "make_policy"]
