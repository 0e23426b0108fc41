"""Stage 1: keep a small buffer of the most representative turns, online and label-free."""

from .buffer import Buffer, BufferItem, Progress
from .candidate import Candidate
from .policies import POLICIES, Decision

__all__ = ["POLICIES", "Buffer", "BufferItem", "Candidate", "Decision", "Progress"]
