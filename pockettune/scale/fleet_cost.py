"""The fleet's picture and its cost: one dot per user per comparison, and ESTIMATE.md
extrapolated from the stages of the users measured so far (split from fleet_report.py)."""

from __future__ import annotations

from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from ..store import atomic_write_text

STAGES = ("select_s", "synth_s", "train_s", "eval_s")
"""The stages a cell times, in pipeline order."""


def by_user(rows: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    users: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in rows:
        users[r["user"]][r["variant"]] = r
    return dict(users)


def variants_of(run: dict[str, Any]) -> list[str]:
    f = run["fleet"]
    return f.get("variants") or ["base", *f.get("policies", [])]  # older runs: policies


def plot_users(each: dict[str, dict[str, Any]], path: Path, done: int, planned: int) -> bool:
    """One panel per comparison: each user's Δ NLL (x) and Δ ROUGE-1 (y), one dot per user
    with its item-level CIs as bars."""
    shown = {k: v for k, v in each.items() if v}
    if not shown:
        return False
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    fig, axes = plt.subplots(1, len(shown), figsize=(4.2 * len(shown), 3.8), squeeze=False)
    for ax, (name, per) in zip(axes[0], shown.items()):
        for d in per.values():
            n, r = d["nll"], d["rouge1"]
            ax.errorbar(
                n["diff"], r["diff"],
                xerr=[[n["diff"] - n["low"]], [n["high"] - n["diff"]]],
                yerr=[[r["diff"] - r["low"]], [r["high"] - r["diff"]]],
                fmt="o", ms=4, elinewidth=0.6, alpha=0.8, color="C0",
            )  # fmt: skip
        ax.axhline(0, color="grey", lw=0.6)
        ax.axvline(0, color="grey", lw=0.6)
        ax.set_title(f"{name} ({len(per)} users)", fontsize=9)
        ax.set_xlabel("Δ NLL per token (left is better)")
        ax.set_ylabel("Δ ROUGE-1 (up is better)")
    fig.suptitle(f"pockettune fleet, per user ({done} of {planned} users finished)", fontsize=10)
    fig.tight_layout()
    fig.savefig(path, dpi=120)
    plt.close(fig)
    return True


def write_estimate(
    rows: list[dict[str, Any]], out: Path, run: dict[str, Any], planned: int
) -> str | None:
    """ESTIMATE.md: each stage's measured seconds per user, extrapolated linearly to
    ``planned`` users, one cell at a time. Cells that shared the cores with other jobs run
    up to ~3x slower, so the cost is given at the fastest user's pace per variant (the least
    slowed; users' turns differ a little) and at the mean."""
    variants = variants_of(run)
    users = by_user(rows)
    full = [vs for vs in users.values() if all(v in vs for v in variants)]
    if not full:
        return None
    m = run["machine"]
    lines = [
        "# Cost of the fleet, from measured cells",
        "",
        f"Measured: {len(full)} user(s) with every variant finished, on {m['cpu']} "
        f"({m['cores']} cores, flags {', '.join(m.get('cpu_flags', {}).get('has', []))}; "
        "cores often shared with other jobs). Seconds per user, fastest user (mean over users):",
        "",
        "| variant | " + " | ".join(s.removesuffix("_s") for s in STAGES) + " | whole cell |",
        "|---|" + "---|" * (len(STAGES) + 1),
    ]
    fast = mean = 0.0
    for v in variants:
        cells = [vs[v] for vs in full]
        best = min(cells, key=lambda c: c["cell_s"])
        cell = float(np.mean([c["cell_s"] for c in cells]))
        fast, mean = fast + best["cell_s"], mean + cell
        lines.append(
            f"| {v} | "
            + " | ".join(
                f"{best.get(s) or 0.0:.0f} ({np.mean([c.get(s) or 0.0 for c in cells]):.0f})"
                for s in STAGES
            )
            + f" | {best['cell_s']:.0f} ({cell:.0f}) |"
        )
    th = run["config"]["model"]["threads"]
    lines += [
        "",
        f"Per user: **{fast:.0f} s ({fast / 60:.1f} min)** at the fastest pace, {mean:.0f} s at "
        f"the mean. All {planned} users, one cell at a time on this machine: "
        f"**~{fast * planned / 3600:.1f} h** (~{mean * planned / 3600:.1f} h at the mean), so "
        f"a {m['cores']}-core session of ~1 h finishes ~{max(1, int(3600 // fast))} user(s) "
        "alone; the run is resumable, each finished user x variant is kept. On Ray, cells run "
        f"side by side, {th} CPU threads each: with C cores about {fast * planned / 3600:.1f} h "
        f"x {th} / C (each cell holds its own copy of the model; memory permitting). Within a "
        "user, `own-replies` waits for `default` (it trains as many steps).",
    ]
    text = "\n".join(lines) + "\n"
    atomic_write_text(out / "ESTIMATE.md", text)
    return text
