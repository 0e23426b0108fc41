"""Starting or joining a Ray runtime, offline, and the per-worker state every task reuses.

Ray is an optional extra (``pip install -e '.[ray]'``); nothing here imports it at module
load, so the serial paths and ``pockettune --help`` never need it. A local runtime is
started with ``address="local"`` (never an unrelated cluster found in /tmp/ray), no
dashboard and usage statistics off, so it makes no network connection beyond localhost.
"""

from __future__ import annotations

import os
import signal
from dataclasses import dataclass, replace
from pathlib import Path
from typing import Any

HINT = "Ray is not installed: running serially; for parallel cells install the extra: pip install -e '.[ray]'"

OFFLINE_ENV = {
    "RAY_USAGE_STATS_ENABLED": "0",  # no usage reports to the Ray project
    "RAY_USAGE_STATS_PROMPT_ENABLED": "0",
    "RAY_DISABLE_DOCKER_CPU_WARNING": "1",
    "RAY_ENABLE_UV_RUN_RUNTIME_ENV": "0",  # never let workers resolve packages themselves
    # Ray runs workers at niceness 15 by default; our cells are the job itself, and on a busy
    # machine (seen: a loaded test run) niced workers got ~1-4% of a core each.
    "RAY_worker_niceness": "0",
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
}
"""Set in the driver before Ray starts (the local raylet and workers inherit it) and passed
to every worker through the job's runtime_env (a remote cluster's workers too)."""

CELL_ATTEMPTS = 3
"""A task runs at most this often: a killed worker or a raised error reruns the cell; the
third failure is reported with its error and the run goes on (Ray ``max_retries`` = 2)."""


def ray_available() -> bool:
    import importlib.util

    return importlib.util.find_spec("ray") is not None


def init_ray(address: str | None = "local", num_cpus: int | None = None) -> Any:
    """Start a local runtime sized to the machine (``address="local"``), or join one
    (``auto``, ``host:port``, ``ray://host:10001``); reuse the runtime already initialized.

    Workers must import *this* pockettune: locally its folder goes first on PYTHONPATH; a
    remote cluster also gets the package itself shipped as a ``py_modules`` entry."""
    os.environ.update(OFFLINE_ENV)
    import ray

    if ray.is_initialized():
        return ray
    pkg = Path(__file__).resolve().parents[1]
    parts = [str(pkg.parent), *os.environ.get("PYTHONPATH", "").split(os.pathsep)]
    path = os.pathsep.join(dict.fromkeys(p for p in parts if p))
    runtime_env: dict[str, Any] = {"env_vars": {**OFFLINE_ENV, "PYTHONPATH": path}}
    local = address in (None, "", "local")
    if not local:
        runtime_env["py_modules"] = [str(pkg)]
    ray.init(
        address="local" if local else address,
        num_cpus=(num_cpus or os.cpu_count() or 1) if local else None,
        include_dashboard=False if local else None,
        runtime_env=runtime_env,
        log_to_driver=False,
        configure_logging=False,
    )
    return ray


def cluster_cpus() -> int:
    import ray

    return int(ray.cluster_resources().get("CPU", 1))


# ---- per worker process ---------------------------------------------------------------
_MODELS: dict[str, Any] = {}


def worker_model(model_cfg: Any, threads: int) -> Any:
    """The base model, loaded once per worker process and reused by every task it runs (the
    serial bench reuses its model the same way: each cell unloads its adapter when done)."""
    import torch

    key = repr(replace(model_cfg, threads=0))
    if key not in _MODELS:
        from ..models import load_model

        _MODELS[key] = load_model(replace(model_cfg, threads=threads))
    torch.set_num_threads(threads)  # = the CPUs this task declared
    return _MODELS[key]


@dataclass(frozen=True)
class Fault:
    """A test-only fault point: the named cell fails inside its worker.

    ``kill``: the worker SIGKILLs itself on the first attempt only; the marker file records
    that the attempt happened (not a timer), so the retry runs normally. ``raise``: every
    attempt raises, so the cell exhausts its retries and is reported."""

    cell: str
    """``dataset/method/seed`` (or ``user/variant`` in the fleet)."""
    kind: str
    marker: str

    def __post_init__(self) -> None:
        if self.kind not in ("kill", "raise"):
            raise ValueError(f"Fault.kind: kill or raise, not {self.kind!r}")

    def trip(self, cell: str) -> None:
        if cell != self.cell:
            return
        marker = Path(self.marker)
        if self.kind == "raise":
            with marker.open("a") as f:
                f.write("attempt\n")
            raise RuntimeError(f"fault point: {cell} fails on purpose")
        if not marker.exists():
            marker.write_text("killed\n")
            os.kill(os.getpid(), signal.SIGKILL)


def trip(faults: tuple[Fault, ...], cell: str) -> None:
    for f in faults:
        f.trip(cell)
