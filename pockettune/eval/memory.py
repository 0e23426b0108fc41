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
from typing import Any

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
    import gc

    gc.collect()
    try:
        return bool(_libc().malloc_trim(0))
    except (OSError, AttributeError):
        return False


MMAP_THRESHOLD = 4 << 20
"""Heap blocks of this size or more are mapped apart and returned to the OS when freed.
glibc's own threshold starts at 128 KB and rises (to 32 MB) each time a mapped block is
freed, so after a model's first forward passes every per-layer activation of a long batch
(~23 MB for 32 rows of 320 tokens) comes from the heap, where freed blocks fragment and
stay resident. Fixed at 4 MB, the Dolly-length eval batch's prefill peaked at 1.84 GB
instead of 2.62 GB (1 MB: 1.77; 8 MB: 2.19), with no slowdown we could measure
(benchmarks/results/bench-dolly-like/rss-stages.md)."""


def bound_heap(threshold: int = MMAP_THRESHOLD) -> bool:
    """Fix glibc's mmap threshold (``mallopt(M_MMAP_THRESHOLD)``) for this process; False
    where there is no glibc. Called when a model is loaded."""
    try:
        return bool(_libc().mallopt(M_MMAP_THRESHOLD, threshold))
    except (OSError, AttributeError):
        return False


M_MMAP_THRESHOLD = -3
"""glibc's ``mallopt`` parameter number (malloc.h)."""


def _libc() -> Any:
    """glibc through ctypes (raises OSError where there is none)."""
    import ctypes

    libc = ctypes.CDLL("libc.so.6", use_errno=True)
    libc.madvise.argtypes = [ctypes.c_void_p, ctypes.c_size_t, ctypes.c_int]
    return libc


MADV_PAGEOUT = 21
"""Linux >= 5.4: reclaim these pages now (clean file pages are dropped and re-read when next
touched; dirty anonymous ones go to swap, or stay where there is none). Never loses data."""


def page_out(tensors: list[Any]) -> int:
    """Tell the kernel the pages under ``tensors`` will not be used for a while (madvise
    ``MADV_PAGEOUT``); returns how many tensors it accepted (0 off Linux or on older kernels).

    Only a hint: the tensors stay valid and fault back in on their next use. Training in bf16
    works on bf16 copies of the frozen weights, so the fp32 originals (a read-only mapping of the
    converted model file, models/loader.py) sit idle for the whole round: handing their 400 MB
    back keeps the round's peak where fp32 training had it. Reading them back costs ~0.6 s on a
    2-core VM, once, when generation or fp32 scoring next touches them.
    """
    import mmap

    try:
        libc = _libc()
    except OSError:
        return 0
    page, done = mmap.PAGESIZE, 0
    for t in tensors:
        start = t.data_ptr()
        end = start + t.numel() * t.element_size()
        first, last = -(-start // page) * page, end // page * page  # whole pages only
        if last > first and libc.madvise(first, last - first, MADV_PAGEOUT) == 0:
            done += 1
    return done
