"""Freed heap pages go back to the OS where glibc allows it."""

import sys

import pytest

from pockettune.models import heap


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="malloc_trim is glibc's")
def test_trim_returns_freed_pages_on_glibc():
    def rss_kb() -> int:
        with open("/proc/self/status") as f:
            return next(int(line.split()[1]) for line in f if line.startswith("VmRSS:"))

    if heap._libc() is None:
        pytest.skip("not glibc")
    blocks, pins = [], []
    for _ in range(4096):  # 256 MB in heap blocks, each followed by a small live one
        b = bytearray(64 * 1024)
        b[::4096] = b"x" * len(b[::4096])  # touch every page
        blocks.append(b)
        pins.append(bytearray(1024))  # keeps glibc from shrinking the heap by itself
    del blocks, b
    held = rss_kb()  # freed, but still the process's: nothing returned it
    assert heap.trim()
    assert rss_kb() < held - 128 * 1024  # most of the 256 MB is back with the OS
    assert len(pins) == 4096
