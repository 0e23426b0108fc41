"""Give freed memory back to the operating system between stages.

glibc keeps what a process frees for its own later use, so after a generation batch's KV
cache or a training step's activations are gone the process's RSS stays at its high-water
mark, and the next stage's peak stacks on top of that floor. On a device with little memory
the floor is what counts: ``malloc_trim`` returns the free pages (measured in a round on a real
user: benchmarks/results/round-chitchat.md). Elsewhere (macOS, musl) it does nothing.
"""

from __future__ import annotations

import ctypes
import ctypes.util
from functools import cache


@cache
def _libc() -> object | None:
    name = ctypes.util.find_library("c")
    try:
        lib = ctypes.CDLL(name) if name else None
        return lib if lib is not None and hasattr(lib, "malloc_trim") else None
    except OSError:
        return None


def trim() -> bool:
    """Return free heap pages to the OS; True where that was possible (glibc)."""
    lib = _libc()
    if lib is None:
        return False
    lib.malloc_trim(0)  # type: ignore[attr-defined]
    return True
