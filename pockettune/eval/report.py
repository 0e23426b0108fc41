"""Bench outputs: CSV and JSON rows, a Markdown table with paired confidence intervals, PNG plots."""

from __future__ import annotations

import csv
import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from ..store import atomic_write_text
from .stats import paired_bootstrap
from .verdict import seeds_per_method, verdict_lines

COLUMNS = [
    "dataset",
    "method",
    "seed",
    "rouge1",
    "nll",
    "annotations",
    "synthesized",
    "stored_items",
    "selected_tokens_mean",
    "reply_words",
    "length_gap",
    "semantic",
    "select_s",
    "synth_s",
    "train_s",
    "eval_s",
    "cell_s",
    "peak_rss_mb",
    "config_hash",
    "cpu",
]


MEANS = (
    "annotations",
    "synthesized",
    "selected_tokens_mean",
    "reply_words",
    "length_gap",
    "semantic",
    "select_s",
    "synth_s",
    "train_s",
    "eval_s",
)
"""The columns averaged over seeds in the table."""


def per_method(rows: list[dict[str, Any]], metric: str) -> dict[tuple[str, str], np.ndarray]:
    """(dataset, method) -> per-item scores averaged over seeds."""
    return seed_means(per_seed(rows, metric))


def seed_means(grid: dict[tuple[str, str], np.ndarray]) -> dict[tuple[str, str], np.ndarray]:
    """Each (seeds x items) grid of :func:`per_seed` averaged over its seeds."""
    return {k: v.mean(axis=0) for k, v in grid.items()}


def per_seed(rows: list[dict[str, Any]], metric: str) -> dict[tuple[str, str], np.ndarray]:
    """(dataset, method) -> per-item scores, one row per seed (seeds x items)."""
    acc: dict[tuple[str, str], list[list[float]]] = defaultdict(list)
    for r in rows:
        acc[(r["dataset"], r["method"])].append(r[f"per_item_{metric}"])
    return {k: np.array(v, dtype=float) for k, v in acc.items()}


def write_report(
    rows: list[dict[str, Any]],
    out: Path,
    run: dict[str, Any],
    baseline: str = "random",
    resamples: int = 2000,
    small: bool = False,
    command: str = "",
) -> str:
    out.mkdir(parents=True, exist_ok=True)
    with (out / "results.csv").open("w", newline="") as f:
        w = csv.DictWriter(f, fieldnames=COLUMNS, extrasaction="ignore")
        w.writeheader()
        w.writerows(rows)
    atomic_write_text(out / "results.json", json.dumps({"run": run, "rows": rows}))
    by_seed = {m: per_seed(rows, m) for m in ("rouge1", "nll")}
    rouge, nll = seed_means(by_seed["rouge1"]), seed_means(by_seed["nll"])
    lines = _intro(rows, run, baseline, resamples, small)
    lines += _table(rows, rouge, nll, baseline, resamples)
    lines += verdict_lines(rouge, nll, seeds_per_method(rows), resamples, by_seed)
    lines.append(
        "\nLower NLL is better (mean negative log-likelihood per token of the reference replies). "
        "Length gap: mean |log((1 + reply words) / (1 + reference words))|, 0 = the user's own "
        "reply length. Semantic: cosine of all-MiniLM-L6-v2 embeddings of reply and reference "
        "('—' where that optional package is absent)."
    )
    if command:
        lines.append(f"\ncommand: `{command}`")
    text = "\n".join(lines) + "\n"
    atomic_write_text(out / "table.md", text)
    _plots(rows, rouge, out)
    return text


def _intro(
    rows: list[dict[str, Any]], run: dict[str, Any], baseline: str, resamples: int, small: bool
) -> list[str]:
    """The title and what was run, evaluated how, on what."""
    lines = []
    m = run["machine"]
    b = run["bench"]
    lines.append(f"# pockettune bench: {', '.join(sorted({r['dataset'] for r in rows}))}")
    lines.append("")
    if small:
        lines.append(
            "**Smoke run, too small for claims**: with this few test items and seeds only large "
            "differences can be detected (method.md §4). Use `--preset paper` for conclusions.\n"
        )
    n_items = b.get("dev") or b["test"]
    held = (
        f"scored on the {n_items} dev turns after each stream (not the test items)"
        if b.get("dev")
        else f"{n_items} held-out items"
    )
    lines.append(
        f"{b['stream']}-turn streams, checkpoints {b['checkpoints']}, buffer {b['capacity']}, "
        f"{held}, seeds {b['seeds']}, K = {run['config']['synth']['k']}, "
        f"LoRA r{run['config']['train']['rank']} {'/'.join(run['config']['train']['targets'])}, "
        f"{run['config']['train']['epochs']} epochs.  "
    )
    lines.append(
        f"Evaluation: reference NLL on all {n_items} items; replies on the first "
        f"{b.get('rouge_items') or n_items} by greedy decoding of at most "
        f"{b['max_new_tokens']} tokens with no repeated 3-gram (deterministic).  "
    )
    lines.append(
        f"Machine: {_machines(rows, m['cpu'])}, {m['cores']} cores; "
        f"torch {m['versions'].get('torch')}, transformers {m['versions'].get('transformers')}, "
        f"peft {m['versions'].get('peft')}.  "
    )
    lines.append(
        f"Differences are to `{baseline}`, per item averaged over seeds, with 95% paired bootstrap "
        f"intervals ({resamples} resamples); an interval containing 0 is 'no difference'.\n"
    )
    return lines


def _machines(rows: list[dict[str, Any]], last: str) -> str:
    """The CPUs the cells ran on (a resumed run can span machines), with their cell counts;
    cells from before cells recorded it are counted as such, and ``last`` (this run's) named."""
    counts: dict[str, int] = {}
    for r in rows:
        cpu = r.get("cpu") or "not recorded"
        counts[cpu] = counts.get(cpu, 0) + 1
    if list(counts) == [last]:
        return last
    cells = ", ".join(f"{cpu} ({n} cells)" for cpu, n in sorted(counts.items()))
    return f"{cells}; this report written on {last}"


def _table(
    rows: list[dict[str, Any]],
    rouge: dict[tuple[str, str], np.ndarray],
    nll: dict[tuple[str, str], np.ndarray],
    baseline: str,
    resamples: int,
) -> list[str]:
    """One row per (dataset, method): scores, differences to ``baseline``, means over seeds."""
    seeds: dict[tuple[str, str], int] = defaultdict(int)
    means: dict[tuple[str, str], dict[str, float]] = defaultdict(lambda: defaultdict(float))
    for r in rows:
        key = (r["dataset"], r["method"])
        seeds[key] += 1
        for c in MEANS:
            means[key][c] += r.get(c) or 0.0
    lines = []
    lines.append(
        "| dataset | method | seeds | ROUGE-1 | Δ vs random [95% CI] | verdict | NLL/token | Δ NLL [95% CI] | annotations | synthesized | selected tokens | reply words | length gap | semantic | select s | synth s | train s | eval s |"
    )
    lines.append("|" + "---|" * 18)
    for (ds, method), r1 in sorted(
        rouge.items(), key=lambda kv: (kv[0][0], kv[0][1] != "base", kv[0][1])
    ):
        n = seeds[(ds, method)]
        mm = {c: v / n for c, v in means[(ds, method)].items()}
        base = rouge.get((ds, baseline))
        if base is not None and method != baseline:
            c = paired_bootstrap(r1, base, resamples)
            cn = paired_bootstrap(nll[(ds, method)], nll[(ds, baseline)], resamples)
            delta = f"{c.diff:+.4f} [{c.low:+.4f}, {c.high:+.4f}]"
            verdict = c.verdict
            dn = f"{cn.diff:+.3f} [{cn.low:+.3f}, {cn.high:+.3f}]"
        else:
            delta, verdict, dn = "—", "baseline" if method == baseline else "—", "—"
        lines.append(
            f"| {ds} | {method} | {n} | {r1.mean():.4f} | {delta} | {verdict} | {nll[(ds, method)].mean():.3f} | {dn} | "
            f"{mm['annotations']:.0f} | {mm['synthesized']:.0f} | {mm['selected_tokens_mean']:.1f} | {mm['reply_words']:.1f} | "
            f"{mm['length_gap']:.2f} | {_fmt(mm['semantic'])} | "
            f"{mm['select_s']:.1f} | {mm['synth_s']:.0f} | {mm['train_s']:.0f} | {mm['eval_s']:.0f} |"
        )
    return lines


def _fmt(v: float) -> str:
    return f"{v:.3f}" if v else "—"


def _plots(rows: list[dict[str, Any]], rouge: dict[tuple[str, str], np.ndarray], out: Path) -> None:
    try:
        import matplotlib

        matplotlib.use("Agg")
        import matplotlib.pyplot as plt
    except ImportError:
        return
    datasets = sorted({d for d, _ in rouge})
    methods = sorted({m for _, m in rouge}, key=lambda m: (m != "base", m))
    fig, ax = plt.subplots(figsize=(max(6, 1.2 * len(methods) * len(datasets)), 4))
    width = 0.8 / len(datasets)
    for j, ds in enumerate(datasets):
        vals = [rouge[(ds, m)].mean() if (ds, m) in rouge else np.nan for m in methods]
        ax.bar(np.arange(len(methods)) + j * width, vals, width, label=ds)
    ax.set_xticks(np.arange(len(methods)) + 0.4 - width / 2, methods, rotation=30, ha="right")
    ax.set_ylabel("ROUGE-1 F1 (held-out)")
    ax.legend(fontsize=8)
    fig.tight_layout()
    fig.savefig(out / "rouge_by_method.png", dpi=100)
    plt.close(fig)

    fig, ax = plt.subplots(figsize=(6, 4))
    for r in rows:
        ax.scatter(
            r["annotations"],
            r["rouge1"],
            label=f"{r['method']}" if r["seed"] == rows[0]["seed"] else None,
        )
        ax.annotate(r["method"], (r["annotations"], r["rouge1"]), fontsize=7)
    ax.set_xlabel("annotations used")
    ax.set_ylabel("ROUGE-1 F1")
    fig.tight_layout()
    fig.savefig(out / "rouge_vs_annotations.png", dpi=100)
    plt.close(fig)

    stages = ["select_s", "synth_s", "train_s", "eval_s"]
    fig, ax = plt.subplots(figsize=(max(6, 0.9 * len(methods)), 4))
    bottom = np.zeros(len(methods))
    for st in stages:
        vals = np.array(
            [np.mean([r[st] for r in rows if r["method"] == m] or [0]) for m in methods]
        )
        ax.bar(methods, vals, bottom=bottom, label=st.removesuffix("_s"))
        bottom += vals
    ax.set_ylabel("seconds per cell (mean)")
    ax.tick_params(axis="x", rotation=30)
    ax.legend()
    fig.tight_layout()
    fig.savefig(out / "time_per_stage.png", dpi=100)
    plt.close(fig)
