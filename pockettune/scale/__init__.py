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


def run_fleet(
    cfg: Any,
    fleet: Any,
    out: Any,
    address: str | None = None,
    command: str = "",
    progress: bool = True,
    faults: tuple[Any, ...] = (),
    report_only: bool = False,
) -> tuple[str, list[Any]]:
    """``pockettune fleet``: every user's cells (on Ray when ``address`` is given and the
    extra is installed), timed; writes run.json, results.json, table.md, fleet.png and
    ESTIMATE.md under ``out``. ``report_only``: run nothing, report the finished cells.
    Returns the Markdown report and the failed cells."""
    import json
    import os
    import time
    from pathlib import Path

    from .fleet import Fleet
    from .fleet_report import write_estimate, write_fleet_report
    from .runtime import HINT, ray_available

    runner = Fleet(cfg, fleet, Path(out), progress)
    if address is not None and not ray_available():
        print(HINT, flush=True)
        address = None
    old = Path(out) / "run.json"
    pending = sum(runner.finished(*c) is None for c in runner.cells())
    t0 = time.perf_counter()
    if report_only:
        rows, failures = runner.rows(), []
        how = "report of the finished cells"
    elif address is None:
        rows, failures = runner.run(faults)
        how = "serial, one process"
    else:
        rows, failures = runner.run_ray(address, faults)
        from .runtime import cluster_cpus

        how = f"Ray ({cluster_cpus()} CPUs, {max(1, cfg.model.threads)} per cell)"
    wall = time.perf_counter() - t0
    run = {"command": command, "runner": how, "wall_s": wall, "load_avg": os.getloadavg()[0]}
    if report_only or not pending:  # nothing ran: keep the real timing, if any
        prev = json.loads(old.read_text()) if old.exists() else {}
        run.update(
            runner=prev.get("runner", how), wall_s=prev.get("wall_s"), load_avg=prev.get("load_avg")
        )
    runner.stamp(run)
    stamped = json.loads((Path(out) / "run.json").read_text())
    n_users = len(runner.users())
    write_estimate(rows, Path(out), stamped, n_users)
    return write_fleet_report(rows, failures, Path(out), stamped, planned=n_users), failures
