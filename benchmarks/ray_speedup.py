"""Speed-up of ``pockettune bench --ray`` over the serial run: same machine, same cells.

    python benchmarks/ray_speedup.py                 # small real-model grid (SmolLM2-135M)
    python benchmarks/ray_speedup.py --tiny          # the tiny random model (plumbing only)

Both runners start from empty output folders, so each computes its embeddings, synthesis
and every cell. The serial run gives its one process all cores (``model.threads`` = cores);
Ray runs one cell per core with one torch thread each (a local runtime sized to the
machine). The Ray time includes starting Ray and loading the model in every worker. The
two runs' scores are compared too (they differ only by thread-count rounding, since the
thread counts differ). Writes benchmarks/results/ray-speedup.{json,md}.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
import time
from pathlib import Path

from pockettune.eval.bench import Bench
from pockettune.eval.machine import machine
from pockettune.eval.protocol import load_bench

RESULTS = Path(__file__).parent / "results"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--tiny", action="store_true", help="model.path=tiny")
    ap.add_argument("--seeds", default="[0,1]")
    ap.add_argument("--methods", default="[sdss,random,fifo,kcenter]", help="8 cells: no idle core")
    args = ap.parse_args()
    cores = os.cpu_count() or 1
    grid = [
        "bench.datasets=[chitchat:1]",
        "bench.stream=48",
        "bench.checkpoints=[24,48]",
        "bench.capacity=4",
        "bench.test=8",
        f"bench.methods={args.methods}",
        f"bench.seeds={args.seeds}",
        "bench.max_new_tokens=16",
        "synth.k=1",
        "train.epochs=1",
        *(["model.path=tiny"] if args.tiny else []),
    ]
    from pockettune.scale.ray_bench import run_bench_ray
    from pockettune.scale.runtime import init_ray

    times: dict[str, float] = {}
    rows: dict[str, list[dict]] = {}
    load = {"start": os.getloadavg()[0]}
    with tempfile.TemporaryDirectory() as tmp:
        t0 = time.perf_counter()
        rows["serial"] = Bench(
            *load_bench("quick", [*grid, f"model.threads={cores}"]), Path(tmp) / "s", progress=False
        ).run()
        times["serial"] = time.perf_counter() - t0
        load["after_serial"] = os.getloadavg()[0]
        t0 = time.perf_counter()
        init_ray("local")
        times["ray_start"] = time.perf_counter() - t0
        rows["ray"], failed = run_bench_ray(
            Bench(*load_bench("quick", [*grid, "model.threads=1"]), Path(tmp) / "r", progress=False)
        )
        times["ray"] = time.perf_counter() - t0
        assert not failed, failed
    cells = len(rows["serial"])
    diff = max(abs(a["nll"] - b["nll"]) for a, b in zip(rows["serial"], rows["ray"]))
    m = machine()
    result = {
        "benchmark": "ray-speedup",
        "grid": grid,
        "cells": cells,
        "times_s": times,
        "speedup": times["serial"] / times["ray"],
        "max_nll_diff": diff,
        "machine": m,
        "load_avg_1m": {**load, "end": os.getloadavg()[0]},
        "date": time.strftime("%Y-%m-%d %H:%M:%S"),
        "command": " ".join(["python benchmarks/ray_speedup.py", *sys.argv[1:]]),
    }
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "ray-speedup.json").write_text(json.dumps(result, indent=1))
    text = "\n".join(
        [
            f"# bench --ray vs serial: {cells} cells, {'tiny model' if args.tiny else 'SmolLM2-135M'}",
            "",
            f"machine: {m['cpu']}, {cores} cores, shared with other jobs: 1-min load average "
            f"{load['start']:.1f} at the start, {load['after_serial']:.1f} after the serial run, "
            f"{result['load_avg_1m']['end']:.1f} at the end (a speed-up above the core count "
            "means the load changed between the runs)",
            f"grid: `{' '.join(grid)}`",
            "",
            "| runner | wall s |",
            "|---|---|",
            f"| serial, one process, model.threads={cores} | {times['serial']:.1f} |",
            f"| Ray local runtime, {cores} cells at once, 1 thread each (incl. {times['ray_start']:.1f} s Ray start) | {times['ray']:.1f} |",
            f"| **speed-up** | **{result['speedup']:.2f}x** |",
            "",
            f"Largest per-cell NLL difference between the runs: {diff:.2e} (thread-count rounding; "
            "with equal threads the runs are identical, tests/scale/test_ray_bench.py).",
            "",
            f"command: `{result['command']}`",
        ]
    )
    (RESULTS / "ray-speedup.md").write_text(text + "\n")
    print(text)


if __name__ == "__main__":
    main()
