"""What a result was measured on: machine, versions, peak memory. Stamped on every benchmark."""

from __future__ import annotations

import os
import platform
import resource
import sys
from importlib import metadata
from typing import Any


def cpu_name() -> str:
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("model name"):
                    return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor() or platform.machine()


def versions(*packages: str) -> dict[str, str]:
    out = {"python": sys.version.split()[0]}
    for p in packages or ("pockettune", "torch", "transformers", "peft", "numpy"):
        try:
            out[p] = metadata.version(p)
        except metadata.PackageNotFoundError:
            out[p] = "-"
    return out


def peak_rss_mb() -> float:
    """Peak resident memory of this process so far (Linux reports KiB, macOS bytes)."""
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    return peak / (1 << 20) if sys.platform == "darwin" else peak / 1024


ISA_FLAGS = ("avx2", "fma", "avx_vnni", "avx512f", "avx512_vnni", "avx512_bf16", "amx_bf16")
"""The /proc/cpuinfo flags that decide pockettune's arithmetic (bf16 needs the last two)."""

ISA_ENV = ("ATEN_CPU_CAPABILITY", "ONEDNN_MAX_CPU_ISA", "MKL_ENABLE_INSTRUCTIONS")
"""Variables that cap the instruction sets torch uses (an AVX2 laptop emulated on a server)."""


def cpu_flags() -> dict[str, Any]:
    """Which of :data:`ISA_FLAGS` the CPU has, and any :data:`ISA_ENV` cap in force."""
    flags: set[str] = set()
    try:
        with open("/proc/cpuinfo", encoding="utf-8") as f:
            for line in f:
                if line.startswith("flags"):
                    flags = set(line.split(":", 1)[1].split())
                    break
    except OSError:
        pass
    caps = {k: os.environ[k] for k in ISA_ENV if k in os.environ}
    return {"has": [f for f in ISA_FLAGS if f in flags], "capped": caps}


def machine() -> dict[str, Any]:
    import torch

    return {
        "cpu": cpu_name(),
        "cpu_flags": cpu_flags(),
        "torch_capability": torch.backends.cpu.get_cpu_capability(),
        "cores": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "platform": platform.platform(),
        "versions": versions(),
    }
