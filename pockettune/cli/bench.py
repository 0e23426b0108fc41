"""Benchmark commands: the paper's comparison (resumable, optionally on Ray) and the fleet."""

from __future__ import annotations

import argparse
import json

from .registry import QUIET, arg, command


@command(
    "bench",
    "reproduce the paper's comparison (resumable)",
    arg(
        "--preset",
        default="quick",
        help="quick (smoke), paper-cpu (the evidence run on 2 cores), paper (days on a CPU), or a YAML path",
    ),
    arg("--out", help="output folder (default benchmarks/results/bench-<preset>)"),
    QUIET,
    arg("--home", help=argparse.SUPPRESS),
    arg(
        "--ray",
        nargs="?",
        const="local",
        metavar="ADDRESS",
        help="run cells as Ray tasks (model.threads CPUs each), locally or on a cluster "
        "(auto, host:port, ray://host:10001); needs the [ray] extra",
    ),
    arg(
        "--report",
        action="store_true",
        help="run nothing: write the table from the cells finished so far (a partial run)",
    ),
    common=False,
    overrides_help="e.g. bench.seeds=[0,1] train.epochs=1",
)
def cmd_bench(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..eval.bench import Bench
    from ..eval.protocol import load_bench
    from ..eval.report import write_report
    from ..scale.commands import ray_address

    address = ray_address(args)
    cfg, bench = load_bench(args.preset or "quick", args.overrides)
    out = Path(args.out or f"benchmarks/results/bench-{Path(args.preset or 'quick').stem}")
    runner = Bench(cfg, bench, out, progress=not args.quiet)
    failed: list = []
    total = len(runner.cells())
    if args.report:
        if not (out / "run.json").exists():
            runner.stamp()
        rows = [r for r in (runner.finished(*c) for c in runner.cells()) if r is not None]
        if not rows:
            print(f"no finished cells in {out}/ for this preset yet")
            return 1
    elif address is not None:
        from ..scale import run_bench

        rows, failed = run_bench(runner, address)
    else:
        rows = runner.run()
    run = json.loads((out / "run.json").read_text())
    small = bench.test < 400 or len(bench.seeds) < 3
    command = " ".join(["pockettune bench", f"--preset {args.preset or 'quick'}", *args.overrides])
    if len(rows) < total:
        command += (
            f"  (partial: {len(rows)} of {total} cells finished; rerun without --report to resume)"
        )
    print(write_report(rows, out, run, bench.baseline, bench.bootstrap, small, command))
    print(f"results in {out}/ (results.csv, results.json, table.md, *.png); rerun to resume")
    for f in failed:
        print(f"FAILED {f.cell}: {f.error}")
    return 1 if failed else 0


@command(
    "fleet",
    "personalize and evaluate many chitchat users at once",
    arg("--preset", help="config preset for every user (default: the defaults)"),
    arg("--out", default="benchmarks/results/fleet", help="output folder"),
    arg("--ray", nargs="?", const="local", metavar="ADDRESS", help="users' cells as Ray tasks"),
    arg("--report", action="store_true", help="run nothing: report the cells finished so far"),
    QUIET,
    common=False,
    overrides_help="e.g. fleet.users=4 fleet.stream=200 (presets: fleet-22)",
)
def cmd_fleet(args: argparse.Namespace) -> int:
    from ..scale.commands import fleet_command

    return fleet_command(args)
