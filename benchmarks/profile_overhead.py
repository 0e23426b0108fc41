"""What the user profile adds to selection's per-turn cost (the profile is written in each
buffer update's transaction).

    python benchmarks/profile_overhead.py --turns 2000

Random 576-dimensional embeddings (SmolLM2's size; no model needed: the embedding cost is
measured in benchmarks/selection.py), sdss at capacity 64; median and p95 of one
``offer_one`` (decide + commit) with the profile hook and without it.
"""

from __future__ import annotations

import argparse
import json
import tempfile
import time
from pathlib import Path

import numpy as np

from pockettune.eval.machine import machine
from pockettune.personalizer import Personalizer
from pockettune.turn import Turn

WORDS = [
    "money",
    "bank",
    "doctor",
    "sleep",
    "school",
    "music",
    "family",
    "cooking",
    "garden",
    "car",
    "church",
    "happy",
]


def run(hook: bool, n: int, seed: int) -> list[float]:
    with tempfile.TemporaryDirectory() as d:
        over = ["model.embedder=hash", "select.capacity=64", "privacy.redact=false"]
        pt = Personalizer.open(d, overrides=over)
        if not hook:
            pt.buffer.on_commit = None
        rng = np.random.default_rng(seed)
        out = []
        for i in range(n):
            text = " ".join(rng.choice(WORDS, 6)) + f" {i}"
            cand = pt.buffer.score_one(Turn(text), rng.normal(size=576).astype(np.float32), 20)
            t = time.perf_counter()
            pt.buffer.offer_one(cand)
            out.append(time.perf_counter() - t)
        pt.close()
    return out[n // 4 :]  # the buffer is full by then


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--turns", type=int, default=2000)
    ap.add_argument("--seed", type=int, default=0)
    args = ap.parse_args()
    res = {}
    for hook in (False, True, False, True):  # interleaved, so drift in machine load is shared
        ts = np.array(run(hook, args.turns, args.seed)) * 1000
        res.setdefault("with profile" if hook else "without", []).append(
            (float(np.median(ts)), float(np.percentile(ts, 95)))
        )
    summary = {k: {"median_ms": np.mean([m for m, _ in v]), "p95_ms": np.mean([p for _, p in v])}
               for k, v in res.items()}  # fmt: skip
    m = machine()
    lines = [
        "# Profile overhead per observed turn",
        "",
        f"`python benchmarks/profile_overhead.py --turns {args.turns} --seed {args.seed}`; {m['cpu']}, "
        f"{m['torch_threads']} threads. One `offer_one` (sdss decision + SQLite commit), capacity 64.",
        "",
        "| | median ms | p95 ms |",
        "|---|---|---|",
        *[f"| {k} | {v['median_ms']:.3f} | {v['p95_ms']:.3f} |" for k, v in summary.items()],
    ]
    out = Path(__file__).parent / "results"
    (out / "profile-overhead.md").write_text("\n".join(lines) + "\n")
    (out / "profile-overhead.json").write_text(json.dumps({"machine": m, **summary}, indent=1))
    print("\n".join(lines))


if __name__ == "__main__":
    main()
