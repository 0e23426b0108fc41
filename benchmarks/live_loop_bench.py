"""The live loop against the batch bench: does the product path lose anything?

For a speaker the live loop has finished, ``pockettune bench`` runs its ``random-dedup`` cell
(pockettune's default selection, one seed) at the same sizes: the same first ``--messages``
turns streamed, a buffer of ``--answers`` slots annotated once at the end of the stream (the
same answer budget, given at once rather than round by round), the server's own config (the
product defaults, ``default.yaml``, or the run's ``--preset``: the same synthesis K, dropout
and selection embeddings), scored on the same held-out replies (the speaker's last ``--test``, in the
same order: both take them from ``read_chitchat`` after dropping turns without a reply). The
comparison is paired per held-out item: live adapter - bench cell, NLL per reference token
(lower is better). The issue's bar: the live loop within 0.05 nats of the bench cell.

Until 2026-12-08 the cell ran the bench's ``quick`` preset (synthesis K = 1, PEFT dropout,
selection embeddings of 512 tokens) against a server with K = 3: rows keep that comparison as
``bench_quick_preset``.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
TOLERANCE = 0.05
"""Nats per token the live loop may trail the bench cell by (issue #39)."""


def bench_dir(speaker: str, a: Any) -> Path:
    """A lasting folder for the speaker's cell at these sizes: the bench resumes, so a rerun of
    the live loop (another adapt config) reuses the cell instead of spending ~10 min on it."""
    import hashlib
    import os

    key = json.dumps([a.messages, a.answers, a.test, a.rouge_items, a.seed, a.overrides,
                      "product", a.preset])  # fmt: skip
    cache = Path(os.environ.get("POCKETTUNE_CACHE") or Path.home() / ".cache" / "pockettune")
    return (
        cache / "live-loop-bench" / f"{speaker[:8]}-{hashlib.sha256(key.encode()).hexdigest()[:10]}"
    )


def bench_cell(speaker: str, a: Any, work: Path, log: Any) -> dict[str, Any]:
    """Run the bench's ``random-dedup`` cell for ``speaker`` at the live loop's sizes."""
    out = work / "bench"
    cmd = [sys.executable, "-m", "pockettune", "bench", "--out", str(out), "-q",
           "--preset", str(product_config(a)),
           f"bench.datasets=[chitchat:{speaker}]", f"bench.stream={a.messages}",
           f"bench.checkpoints=[{a.messages}]", f"bench.capacity={a.answers}",
           f"bench.test={a.test}", "bench.methods=[random-dedup]", f"bench.seeds=[{a.seed}]",
           f"bench.rouge_items={a.rouge_items}", *a.overrides]  # fmt: skip
    log(f"  bench cell: {' '.join(cmd[1:])}")
    subprocess.run(cmd, check=True, cwd=ROOT)
    cells = sorted((out / "cells").rglob("random-dedup-*.json"))
    if len(cells) != 1:
        raise SystemExit(
            f"{out}: expected one random-dedup cell, found {len(cells)} (cells of another bench "
            "config: delete the folder to run it again)"
        )
    return json.loads(cells[0].read_text())


def product_config(a: Any) -> Path:
    """The config file the live loop's server ran with: the run's preset, else the defaults."""
    from pockettune.config.loading import _preset_path

    return _preset_path(a.preset or "default").resolve()


def compare(row: dict[str, Any], cell: dict[str, Any], seed: int) -> dict[str, Any]:
    """The live loop's final adapter against the bench cell on the same held-out items."""
    import numpy as np

    from pockettune.eval.stats import paired_bootstrap

    live = np.asarray(row["per_item_nll_adapter"])
    bench = np.asarray(cell["per_item_nll"])
    if live.shape != bench.shape:
        raise SystemExit(f"held-out items differ: live {live.shape}, bench {bench.shape}")
    c = paired_bootstrap(live, bench, seed=seed)
    return {
        "nll": cell["nll"], "rouge1": cell["rouge1"], "annotations": cell["annotations"],
        "synthesized": cell["synthesized"], "train_steps": cell["train_steps"],
        "config_hash": cell["config_hash"], "k": cell.get("k"), "config": "product",
        "nll_live_minus_bench": {"diff": c.diff, "low": c.low, "high": c.high},
        "within_tolerance": bool(c.diff <= TOLERANCE),
    }  # fmt: skip
