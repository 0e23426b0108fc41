"""The same methods in two bench runs that differ in one setting: a paired comparison.

    python benchmarks/compare_runs.py A B [--methods random sdss] [--out FILE.md]

A and B are bench output folders (``pockettune bench --out``) scored on the same items, e.g.
the dev study with the product's training (``bench-paper-cpu-dev``) and the same grid with
``train.min_steps=22`` (``bench-paper-cpu-dev-steps``). For every dataset and method finished
in both, the per-item NLL and ROUGE-1 are averaged over the seeds both runs finished (so the
two sides share their selections and synthesized pairs and differ in the setting alone), and
B - A gets a 95% paired bootstrap interval and verdict as in the bench's own verdict rows. Reads finished cells only; trains nothing.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

import numpy as np

from pockettune.eval.report import per_method
from pockettune.eval.verdict import paired_verdict


def _cells(run: Path) -> dict[tuple[str, str], list[dict]]:
    out: dict[tuple[str, str], list[dict]] = {}
    for f in sorted(run.glob("cells/*/*.json")):
        cell = json.loads(f.read_text())
        out.setdefault((cell["dataset"], cell["method"]), []).append(cell)
    return out


def compare(a: Path, b: Path, methods: list[str] | None) -> list[str]:
    ca, cb = _cells(a), _cells(b)
    lines = [
        f"# {b.name} - {a.name}, per item averaged over seeds, 95% paired bootstrap",
        "",
        f"Command: `python benchmarks/compare_runs.py {a} {b}"
        + (f" --methods {' '.join(methods)}`" if methods else "`"),
        "",
        "| dataset | method | seeds | steps A | steps B | Δ NLL [95% CI] | verdict |"
        " Δ ROUGE-1 [95% CI] | verdict |",
        "|---|---|---|---|---|---|---|---|---|",
    ]
    for key in sorted(set(ca) & set(cb)):
        ds, method = key
        if methods and method not in methods:
            continue
        both = {c["seed"] for c in ca[key]} & {c["seed"] for c in cb[key]}
        x = [c for c in ca[key] if c["seed"] in both]
        y = [c for c in cb[key] if c["seed"] in both]
        row = [ds, method, _seeds(x), _steps(x), _steps(y)]
        for metric, lower_better in (("nll", True), ("rouge1", False)):
            va, vb = per_method(x, metric)[key], per_method(y, metric)[key]
            if va.shape != vb.shape:
                raise SystemExit(f"{ds} {method}: the runs scored different items")
            row += paired_verdict(vb, va, lower_better)
        lines.append("| " + " | ".join(row) + " |")
    return lines


def _seeds(cells: list[dict]) -> str:
    return ",".join(str(c["seed"]) for c in sorted(cells, key=lambda c: c["seed"]))


def _steps(cells: list[dict]) -> str:
    return f"{np.mean([c['train_steps'] for c in cells]):.1f}"


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("a", type=Path)
    ap.add_argument("b", type=Path)
    ap.add_argument("--methods", nargs="*")
    ap.add_argument("--out", type=Path)
    args = ap.parse_args()
    text = "\n".join(compare(args.a, args.b, args.methods)) + "\n"
    print(text, end="")
    if args.out:
        args.out.write_text(text)


if __name__ == "__main__":
    main()
