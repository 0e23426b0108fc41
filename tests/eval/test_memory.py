"""Resident-memory tools: stage peaks and giving freed heap back to the OS."""

import platform

import numpy as np
import pytest

from pockettune.eval.memory import RssWatch, page_out, release_free_memory, rss_mb


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


@pytest.mark.skipif(platform.system() != "Linux", reason="MADV_PAGEOUT is Linux's")
def test_paged_out_file_pages_leave_resident_memory_and_come_back_intact(tmp_path):
    """As the model's fp32 weights are: a private, copy-on-write mapping of a file."""
    import torch

    path = tmp_path / "weights.bin"
    np.arange(32 * (1 << 20) // 4, dtype=np.float32).tofile(path)  # 32 MB
    mapped = torch.from_numpy(np.memmap(path, dtype=np.float32, mode="c"))
    total = float(mapped.double().sum())  # every page touched: resident
    held = rss_mb()
    if page_out([mapped]) == 0:
        pytest.skip("this kernel has no MADV_PAGEOUT (Linux < 5.4)")
    assert held - rss_mb() > 24
    assert float(mapped.double().sum()) == total  # read back from the file, the same values
    assert page_out([mapped[:10]]) == 0  # less than a whole page: nothing to hand back
