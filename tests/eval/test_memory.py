"""Resident-memory tools: stage peaks and giving freed heap back to the OS."""

import platform

import numpy as np
import pytest

from pockettune.eval.memory import RssWatch, release_free_memory, rss_mb


def test_stage_records_what_it_allocated():
    with RssWatch() as watch:
        with watch.stage("alloc"):
            block = np.ones(200 * (1 << 20) // 8)  # 200 MB, touched, alive at the stage's end
        del block
    s = watch.stages["alloc"]
    assert s["end_mb"] - s["start_mb"] > 150 and s["peak_mb"] >= s["end_mb"]


@pytest.mark.skipif(platform.libc_ver()[0] != "glibc", reason="malloc_trim is glibc's")
def test_freed_small_blocks_go_back_to_the_os():
    blocks, pins = [], []
    for _ in range(100_000):  # ~800 MB in small heap blocks
        blocks.append(np.ones(1000))
        pins.append(bytearray(1024))  # a live block after each: glibc cannot shrink the heap
    del blocks  # glibc keeps the freed blocks for reuse (without the pins, where the heap
    # ended decided how much it returned by itself: in some test orders, most of it)
    held = rss_mb()
    assert release_free_memory()
    assert held - rss_mb() > 300
    assert len(pins) == 100_000
