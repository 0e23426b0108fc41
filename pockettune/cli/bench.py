"""The benchmark command: the paper's comparison, resumable."""

from __future__ import annotations

import argparse
import json

from .registry import QUIET, arg, command


@command(
    "bench",
    "reproduce the paper's comparison (resumable)",
    arg("--preset", default="quick", help="quick (smoke), paper-cpu (the evidence run on 2 cores), paper (days on a CPU), or a YAML path"),
    arg("--out", help="output folder (default benchmarks/results/bench-<preset>)"),
    QUIET,
    arg("--home", help=argparse.SUPPRESS),
    common=False,
    overrides_help="e.g. bench.seeds=[0,1] train.epochs=1",
)
def cmd_bench(args: argparse.Namespace) -> int:
    from pathlib import Path

    from ..eval.bench import Bench
    from ..eval.protocol import load_bench
    from ..eval.report import write_report

    cfg, bench = load_bench(args.preset or "quick", args.overrides)
    out = Path(args.out or f"benchmarks/results/bench-{Path(args.preset or 'quick').stem}")
    runner = Bench(cfg, bench, out, progress=not args.quiet)
    rows = runner.run()
    run = json.loads((out / "run.json").read_text())
    small = bench.test < 400 or len(bench.seeds) < 3
    command = " ".join(["pockettune bench", f"--preset {args.preset or 'quick'}", *args.overrides])
    print(write_report(rows, out, run, bench.baseline, bench.bootstrap, small, command))
    print(f"results in {out}/ (results.csv, results.json, table.md, *.png); rerun to resume")
    return 0
