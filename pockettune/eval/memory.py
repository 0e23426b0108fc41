"""Where the memory goes: resident memory sampled in the background, peak per named stage.

``ru_maxrss`` only says the process's high-water mark; to cut it one needs to know which stage
sets it and what was already resident when the stage began. A daemon thread reads
``/proc/self/statm`` every few milliseconds (Linux; elsewhere the stages report the process
peak), and :meth:`RssWatch.stage` records, per stage, the RSS on entry and the highest sample
inside it.
"""

from __future__ import annotations

import os
import threading
from collections.abc import Iterator
from contextlib import contextmanager

from .machine import peak_rss_mb

_PAGE_MB = os.sysconf("SC_PAGE_SIZE") / (1 << 20) if hasattr(os, "sysconf") else 0.0


def rss_mb() -> float:
    """Current resident memory in MB (the process peak where /proc is missing)."""
    try:
        with open("/proc/self/statm", encoding="ascii") as f:
            return int(f.read().split()[1]) * _PAGE_MB
    except OSError:
        return peak_rss_mb()


class RssWatch:
    """Samples RSS every ``interval`` seconds while open; ``stages`` maps a stage to
    ``{"start_mb", "peak_mb", "end_mb"}``."""

    def __init__(self, interval: float = 0.005) -> None:
        self.interval = interval
        self.stages: dict[str, dict[str, float]] = {}
        self._peak = 0.0
        self._lock = threading.Lock()
        self._stop = threading.Event()
        self._thread = threading.Thread(target=self._run, daemon=True, name="rss-watch")

    def _run(self) -> None:
        while not self._stop.wait(self.interval):
            now = rss_mb()
            with self._lock:
                self._peak = max(self._peak, now)

    def __enter__(self) -> RssWatch:
        self._thread.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self._stop.set()
        self._thread.join()

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        start = rss_mb()
        with self._lock:
            self._peak = start
        try:
            yield
        finally:
            end = rss_mb()
            with self._lock:
                peak = max(self._peak, end)
            self.stages[name] = {"start_mb": start, "peak_mb": peak, "end_mb": end}


def release_free_memory() -> bool:
    """Hand freed heap pages back to the OS (glibc ``malloc_trim``); False where unavailable.

    glibc keeps freed blocks for reuse, so after generation (KV caches, logits) a process can
    sit on a gigabyte it no longer uses; a stage about to allocate its own peak (training)
    starts lower if that is returned first. Harmless and cheap (milliseconds) elsewhere.
    """
    import ctypes
    import gc

    gc.collect()
    try:
        return bool(ctypes.CDLL("libc.so.6").malloc_trim(0))
    except (OSError, AttributeError):
        return False
