"""Scaling out on Ray: the bench grid's cells, and many users' personalization rounds.

One device personalizing for one user stays the default and needs none of this. Ray is the
optional extra ``pip install -e '.[ray]'``; without it the same commands run serially.
``ray_bench`` runs ``pockettune bench --ray``; ``fleet`` runs ``pockettune fleet``;
``runtime`` starts or joins Ray offline and holds per-worker state.
"""

from __future__ import annotations

from typing import Any


def run_bench(bench: Any, address: str | None = "local") -> tuple[list[Any], list[Any]]:
    """``bench --ray``: the grid on Ray if the extra is installed, else serially (one line
    says how to enable Ray). Returns the finished rows and the cells that failed."""
    from .runtime import HINT, ray_available

    if not ray_available():
        print(HINT, flush=True)
        return bench.run(), []
    from .ray_bench import run_bench_ray

    return run_bench_ray(bench, address)
