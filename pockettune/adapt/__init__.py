"""The neural adaptation layer: decide when and how hard to retrain, with replay, and swap in
only adapters that are verified better on the user's own held-out annotations."""

from .policy import Plan, Signals, decide
from .replay import round_data, split_heldout

__all__ = ["Plan", "Signals", "decide", "round_data", "split_heldout"]
