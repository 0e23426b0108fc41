"""The fleet's outputs: a per-user table and the verdict across users.

Each user is one observation: per user the held-out scores are averaged, then the mean
difference between two variants gets a 95% bootstrap interval over users (the same paired
bootstrap as ``bench``, with users in place of items), and we count the share of users who
improved. ROUGE-1 higher is better; NLL per token lower is better.
"""

from __future__ import annotations

import json
from collections import defaultdict
from pathlib import Path
from typing import Any

import numpy as np

from ..eval.stats import paired_bootstrap
from ..store import atomic_write_text

FULL = {"stream": 1000, "test": 100, "capacity": 64, "k": 3, "epochs": 2}
"""The per-user size the full-run estimate scales to (FleetConfig's and Config's defaults)."""


def by_user(rows: list[dict[str, Any]]) -> dict[str, dict[str, dict[str, Any]]]:
    users: dict[str, dict[str, dict[str, Any]]] = defaultdict(dict)
    for r in rows:
        users[r["user"]][r["variant"]] = r
    return dict(users)


def compare(
    users: dict[str, dict[str, dict[str, Any]]], a: str, b: str, resamples: int = 2000
) -> dict[str, Any] | None:
    """``a`` vs ``b`` over the users who have both: mean difference, CI, share improved."""
    both = [u for u in users.values() if a in u and b in u]
    if not both:
        return None
    out: dict[str, Any] = {"a": a, "b": b, "users": len(both)}
    for metric, sign in (("rouge1", 1), ("nll", -1)):
        x = np.array([u[a][metric] for u in both])
        y = np.array([u[b][metric] for u in both])
        c = paired_bootstrap(x, y, resamples)
        better = (c.low > 0) if sign > 0 else (c.high < 0)
        worse = (c.high < 0) if sign > 0 else (c.low > 0)
        out[metric] = {
            "diff": c.diff,
            "low": c.low,
            "high": c.high,
            "improved_share": float(np.mean(sign * (x - y) > 0)),
            "verdict": "better" if better else "worse" if worse else "no difference",
        }
    return out


def estimate_full(
    rows: list[dict[str, Any]], run: dict[str, Any], wall_s: float, all_users: int
) -> dict[str, float]:
    """Rough wall time of the full run on this machine, from the measured cells: linear in
    users at this size; at the full per-user size each stage is scaled by what drives it
    (select by stream length, evaluation by test items, synthesis and training by
    annotations x (1 + K) x epochs), over the same number of parallel slots."""
    users = len({r["user"] for r in rows}) or 1
    f, c = run["fleet"], run["config"]
    stage = defaultdict(float)
    for r in rows:
        for key in ("select_s", "synth_s", "train_s", "eval_s", "cell_s"):
            stage[key] += r.get(key) or 0.0
    work = lambda cap, k, ep: cap * (1 + k) * ep  # noqa: E731
    grow = work(FULL["capacity"], FULL["k"], FULL["epochs"]) / work(
        c["select"]["capacity"], c["synth"]["k"], c["train"]["epochs"]
    )
    full_cpu = (
        stage["select_s"] * FULL["stream"] / f["stream"]
        + stage["eval_s"] * FULL["test"] / f["test"]
        + (stage["synth_s"] + stage["train_s"]) * grow
    ) / users
    slots = max(1.0, stage["cell_s"] / wall_s) if wall_s else 1.0
    return {
        "users_measured": users,
        "users_full": all_users,
        "same_size_s": wall_s * all_users / users,
        "full_size_s": full_cpu * all_users / slots,
        "parallel_slots": slots,
    }


def write_fleet_report(
    rows: list[dict[str, Any]],
    failures: list[Any],
    out: Path,
    run: dict[str, Any],
    resamples: int = 2000,
) -> str:
    users = by_user(rows)
    policies = run["fleet"]["policies"]
    pairs = [(p, "base") for p in policies] + [(policies[0], p) for p in policies[1:]]
    comps = [c for c in (compare(users, a, b, resamples) for a, b in pairs) if c]
    est = run.get("estimate", {})
    atomic_write_text(
        out / "results.json",
        json.dumps(
            {"run": run, "aggregate": comps, "failures": [vars(f) for f in failures], "rows": rows}
        ),
    )
    lines = _header(users, rows, run)
    lines += _user_table(users, ["base", *policies], policies[0])
    lines += _comparison_table(comps, resamples)
    if failures:
        lines += ["", "Failed cells (rerun the command to retry them):", ""]
        lines += [f"- {x.cell}: {x.error}" for x in failures]
    if est:
        lines += _estimate(est)
    if run.get("command"):
        lines.append(f"\ncommand: `{run['command']}`")
    text = "\n".join(lines) + "\n"
    atomic_write_text(out / "table.md", text)
    return text


def _header(users: dict[str, Any], rows: list[dict[str, Any]], run: dict[str, Any]) -> list[str]:
    """The title and what was run, on what."""
    f, c, m = run["fleet"], run["config"], run["machine"]
    return [
        f"# pockettune fleet: {len(users)} chitchat users, {len(rows)} cells",
        "",
        f"Per user: the first {f['stream']} of their turns streamed through a buffer of "
        f"{c['select']['capacity']}, annotated with the user's real replies, K = {c['synth']['k']}, "
        f"LoRA {c['train']['epochs']} epochs; scored on the user's last {f['test']} replies "
        f"(greedy {f['max_new_tokens']} tokens); seed {f['seed']}.  ",
        f"Machine: {m['cpu']}, {m['cores']} cores; {run.get('runner', '?')}; "
        f"wall time **{run.get('wall_s', 0):.0f} s**"
        + (
            f" (1-min load average {run['load_avg']:.1f} at the end: the cores were shared)"
            if run.get("load_avg")
            else ""
        )
        + ".  ",
        "",
        *(
            [
                "**Too small for claims**: few users and few held-out items per user; it shows "
                "the fleet runs end to end and what it costs.\n"
            ]
            if len(users) < 10 or f["test"] < 100
            else []
        ),
    ]


def _user_table(users: dict[str, Any], variants: list[str], first: str) -> list[str]:
    """One row per user: each variant's ROUGE-1 and NLL, annotations (of ``first``), time."""
    lines = [
        "| user | "
        + " | ".join(f"{v} ROUGE-1" for v in variants)
        + " | "
        + " | ".join(f"{v} NLL" for v in variants)
        + " | annotations | cells s |",
        "|" + "---|" * (2 * len(variants) + 3),
    ]
    for u, vs in sorted(users.items()):
        r1 = " | ".join(f"{vs[v]['rouge1']:.4f}" if v in vs else "—" for v in variants)
        nl = " | ".join(f"{vs[v]['nll']:.3f}" if v in vs else "—" for v in variants)
        ann = vs.get(first, {}).get("annotations", "—")
        secs = sum(r["cell_s"] for r in vs.values())
        lines.append(f"| {u} | {r1} | {nl} | {ann} | {secs:.0f} |")
    return lines


def _comparison_table(comps: list[dict[str, Any]], resamples: int) -> list[str]:
    """The verdict across users: one row per comparison."""
    lines = [
        "",
        f"Across users (each user one observation; 95% bootstrap CI over users, {resamples} resamples):",
        "",
        "| comparison | users | Δ ROUGE-1 [95% CI] | verdict | users improved | Δ NLL [95% CI] | verdict | users improved |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for cp in comps:
        r, n = cp["rouge1"], cp["nll"]
        lines.append(
            f"| {cp['a']} vs {cp['b']} | {cp['users']} | {r['diff']:+.4f} [{r['low']:+.4f}, {r['high']:+.4f}] | "
            f"{r['verdict']} | {r['improved_share']:.0%} | {n['diff']:+.3f} [{n['low']:+.3f}, {n['high']:+.3f}] | "
            f"{n['verdict']} | {n['improved_share']:.0%} |"
        )
    return lines


def _estimate(est: dict[str, Any]) -> list[str]:
    """The full-run estimate (:func:`estimate_full`) in one sentence."""
    return [
        "",
        f"Full-run estimate on this machine ({est['parallel_slots']:.1f} cells in parallel on "
        f"average): all {est['users_full']} users at this per-user size "
        f"~{est['same_size_s'] / 60:.0f} min; at stream {FULL['stream']}, test {FULL['test']}, "
        f"buffer {FULL['capacity']}, K {FULL['k']}, {FULL['epochs']} epochs "
        f"~{est['full_size_s'] / 3600:.1f} h (stages scaled linearly from the measured cells).",
    ]
