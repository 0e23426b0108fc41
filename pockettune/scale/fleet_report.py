"""The fleet's outputs: per-user differences, the verdict across users, a plot, a cost estimate.

Per user, two variants are compared item by item on the user's held-out replies (the paired
bootstrap of ``pockettune.eval.stats``). Across users each user is one observation: the mean
of the per-user differences gets a 95% bootstrap interval over users, and the share of users
who improved gets a Wilson interval. ROUGE-1 higher is better; NLL per token lower is better.
Written by ``pockettune fleet`` (and ``--report``): results.json, table.md, fleet.png and,
from the measured cells, ESTIMATE.md.
"""

from __future__ import annotations

import json
import math
from pathlib import Path
from typing import Any

import numpy as np

from ..eval.stats import paired_bootstrap
from ..store import atomic_write_text
from .fleet_cost import STAGES, by_user, plot_users, variants_of, write_estimate  # noqa: F401

METRICS = (("nll", -1), ("rouge1", 1))
"""(metric, sign): sign x (a - b) > 0 means ``a`` is better."""

MIN_USERS = 3
"""Fewer users than this get no across-user interval or verdict (a bootstrap over one or two
observations is no interval); their mean and count are still shown."""


def pairs_of(variants: list[str]) -> list[tuple[str, str]]:
    """What is compared: every trained variant with ``base``; ``own-replies`` also with
    ``default``; otherwise the first trained variant with each later one."""
    trained = [v for v in variants if v != "base"]
    out = [(v, "base") for v in trained] if "base" in variants else []
    if "own-replies" in trained and "default" in trained:
        out.insert(1, ("own-replies", "default"))
    else:
        out += [(trained[0], v) for v in trained[1:]]
    return out


def wilson(k: int, n: int, z: float = 1.96) -> tuple[float, float]:
    """95% Wilson score interval of a proportion k / n (sensible at 0 and n, small n)."""
    if n == 0:
        return 0.0, 1.0
    p = k / n
    centre = (p + z * z / (2 * n)) / (1 + z * z / n)
    half = z * math.sqrt(p * (1 - p) / n + z * z / (4 * n * n)) / (1 + z * z / n)
    return max(0.0, centre - half), min(1.0, centre + half)


def per_user(
    users: dict[str, dict[str, dict[str, Any]]], a: str, b: str, resamples: int = 2000
) -> dict[str, dict[str, Any]]:
    """For each user with both cells: mean(a - b) over held-out items with its paired CI."""
    out: dict[str, dict[str, Any]] = {}
    for user, vs in sorted(users.items()):
        if a not in vs or b not in vs:
            continue
        row: dict[str, Any] = {}
        for metric, sign in METRICS:
            x, y = vs[a][f"per_item_{metric}"], vs[b][f"per_item_{metric}"]
            n = min(len(x), len(y))  # ROUGE-1 may cover the first items only
            c = paired_bootstrap(np.array(x[:n]), np.array(y[:n]), resamples)
            row[metric] = {
                "diff": c.diff,
                "low": c.low,
                "high": c.high,
                "items": n,
                "verdict": _verdict(c.low, c.high, sign),
            }
        out[user] = row
    return out


def _verdict(low: float, high: float, sign: int) -> str:
    if (low > 0 and sign > 0) or (high < 0 and sign < 0):
        return "better"
    if (high < 0 and sign > 0) or (low > 0 and sign < 0):
        return "worse"
    return "no difference"


def compare(
    users: dict[str, dict[str, dict[str, Any]]], a: str, b: str, resamples: int = 2000
) -> dict[str, Any] | None:
    """``a`` vs ``b`` over the users who have both: the mean of the per-user differences
    with a bootstrap CI over users, and the share of users who improved (Wilson CI)."""
    both = [u for u in users.values() if a in u and b in u]
    if not both:
        return None
    out: dict[str, Any] = {"a": a, "b": b, "users": len(both)}
    for metric, sign in METRICS:
        x = np.array([u[a][metric] for u in both])
        y = np.array([u[b][metric] for u in both])
        c = paired_bootstrap(x, y, resamples)
        if len(both) < MIN_USERS:
            c.low = c.high = float("nan")
        k = int(np.sum(sign * (x - y) > 0))
        low, high = wilson(k, len(both))
        out[metric] = {
            "diff": c.diff,
            "low": c.low,
            "high": c.high,
            "verdict": _verdict(c.low, c.high, sign)
            if len(both) >= MIN_USERS
            else f"too few users (< {MIN_USERS})",
            "improved": k,
            "improved_share": k / len(both),
            "improved_low": low,
            "improved_high": high,
        }
    return out


def write_fleet_report(
    rows: list[dict[str, Any]],
    failures: list[Any],
    out: Path,
    run: dict[str, Any],
    resamples: int = 2000,
    planned: int | None = None,
) -> str:
    users = by_user(rows)
    variants = variants_of(run)
    pairs = pairs_of(variants)
    comps = [c for c in (compare(users, a, b, resamples) for a, b in pairs) if c]
    each = {f"{a} vs {b}": per_user(users, a, b, resamples) for a, b in pairs}
    full = sorted(u for u, vs in users.items() if all(v in vs for v in variants))
    planned = planned or run["fleet"].get("users", len(users))
    atomic_write_text(
        out / "results.json",
        json.dumps(
            {
                "run": run,
                "users_finished": full,
                "users_planned": planned,
                "aggregate": comps,
                "per_user": each,
                "failures": [vars(f) for f in failures],
                "rows": rows,
            }
        ),
    )
    lines = _header(len(full), planned, rows, run)
    lines += _user_table(users, variants)
    for (a, b), per in zip(pairs, each.values()):
        lines += _delta_table(a, b, per)
    lines += _comparison_table(comps, resamples)
    if plot_users(each, out / "fleet.png", len(full), planned):
        lines += ["", "![per-user differences](fleet.png)"]
    if failures:
        lines += ["", "Failed cells (rerun the command to retry them):", ""]
        lines += [f"- {x.cell}: {x.error}" for x in failures]
    if run.get("command"):
        lines.append(f"\ncommand: `{run['command']}`")
    text = "\n".join(lines) + "\n"
    atomic_write_text(out / "table.md", text)
    return text


def _header(done: int, planned: int, rows: list[dict[str, Any]], run: dict[str, Any]) -> list[str]:
    """The title and what was run, on what."""
    f, c, m = run["fleet"], run["config"], run["machine"]
    flags = ", ".join(m.get("cpu_flags", {}).get("has", [])) or "?"
    cpus = sorted({r.get("cpu", m["cpu"]) for r in rows})
    return [
        f"# pockettune fleet: {done} of {planned} chitchat users finished, {len(rows)} cells",
        "",
        f"Per user: the first {f['stream']} of their turns streamed, {f.get('handoffs', 1)} "
        f"hand-off(s) of a {c['select']['capacity']}-slot buffer ({c['select']['policy']} "
        f"selection), annotated with the user's real replies, K = {c['synth']['k']}, LoRA "
        f"{c['train']['epochs']} epochs; `own-replies`: the same turns, every own reply an "
        f"annotation, as many steps as `default`. Scored on the user's last {f['test']} replies "
        f"(reference NLL per token on all; greedy {f['max_new_tokens']} tokens for ROUGE-1); "
        f"seed {f['seed']}. Chitchat speakers ranked {run.get('reserved_ranks', [10, 11, 12])} "
        "by replies are reserved for an outside check and never run.  ",
        f"Machine: {m['cpu']}, {m['cores']} cores, flags {flags}, torch "
        f"{m.get('torch_capability', '?')}; cells ran on {', '.join(cpus)}; "
        f"{run.get('runner', '?')}; "
        + (
            f"wall time of the last invocation **{run['wall_s']:.0f} s**"
            if run.get("wall_s")
            else "wall time: the sum of the cells' own times (column `cells s`)"
        )
        + (
            f" (1-min load average {run['load_avg']:.1f} at the end: the cores were shared)"
            if run.get("load_avg")
            else ""
        )
        + ".  ",
        "",
        *(
            [
                f"**Pending: {done} of {planned} users.** Too few users for the across-user "
                "rows to be a verdict; the per-user rows stand on their own 100 items.\n"
            ]
            if done < min(12, planned)
            else []
        ),
    ]


def _user_table(users: dict[str, Any], variants: list[str]) -> list[str]:
    """One row per user: each variant's NLL and ROUGE-1, annotations, steps, time."""
    lines = [
        "| user | "
        + " | ".join(f"{v} NLL" for v in variants)
        + " | "
        + " | ".join(f"{v} ROUGE-1" for v in variants)
        + " | annotations | train steps | cells s |",
        "|" + "---|" * (2 * len(variants) + 4),
    ]
    for u, vs in sorted(users.items()):
        nl = " | ".join(f"{vs[v]['nll']:.3f}" if v in vs else "—" for v in variants)
        r1 = " | ".join(f"{vs[v]['rouge1']:.4f}" if v in vs else "—" for v in variants)
        trained = [v for v in variants if v != "base" and v in vs]
        ann = " / ".join(str(vs[v].get("annotations", "—")) for v in trained) or "—"
        steps = " / ".join(str(vs[v].get("train_steps", "—")) for v in trained) or "—"
        secs = sum(r["cell_s"] for r in vs.values())
        lines.append(f"| {u} | {nl} | {r1} | {ann} | {steps} | {secs:.0f} |")
    return lines


def _delta_table(a: str, b: str, per: dict[str, dict[str, Any]]) -> list[str]:
    """Per user, ``a`` vs ``b``: the differences with their item-level 95% CIs."""
    if not per:
        return []
    lines = [
        "",
        f"**{a} vs {b}**, per user (95% paired bootstrap CI over the user's held-out items):",
        "",
        "| user | Δ NLL [95% CI] | verdict | Δ ROUGE-1 [95% CI] | verdict |",
        "|---|---|---|---|---|",
    ]
    for u, d in per.items():
        n, r = d["nll"], d["rouge1"]
        lines.append(
            f"| {u} | {n['diff']:+.3f} [{n['low']:+.3f}, {n['high']:+.3f}] | {n['verdict']} | "
            f"{r['diff']:+.4f} [{r['low']:+.4f}, {r['high']:+.4f}] | {r['verdict']} |"
        )
    return lines


def _comparison_table(comps: list[dict[str, Any]], resamples: int) -> list[str]:
    """The verdict across users: one row per comparison."""
    lines = [
        "",
        f"Across users (each user one observation; mean difference with a 95% bootstrap CI over "
        f"users, {resamples} resamples; users improved with a 95% Wilson CI):",
        "",
        "| comparison | users | Δ NLL [95% CI] | verdict | users improved (NLL) | Δ ROUGE-1 [95% CI] | verdict | users improved (ROUGE-1) |",
        "|---|---|---|---|---|---|---|---|",
    ]
    for cp in comps:
        n, r = cp["nll"], cp["rouge1"]
        lines.append(
            f"| {cp['a']} vs {cp['b']} | {cp['users']} | {_ci(n, 3)} | {n['verdict']} | "
            f"{_share(n)} | {_ci(r, 4)} | {r['verdict']} | {_share(r)} |"
        )
    return lines


def _ci(m: dict[str, Any], digits: int) -> str:
    """``diff [low, high]``; the interval is a dash where there were too few users."""
    if math.isnan(m["low"]):
        return f"{m['diff']:+.{digits}f} [—]"
    return f"{m['diff']:+.{digits}f} [{m['low']:+.{digits}f}, {m['high']:+.{digits}f}]"


def _share(m: dict[str, Any]) -> str:
    return (
        f"{m['improved']} ({m['improved_share']:.0%}) "
        f"[{m['improved_low']:.0%}, {m['improved_high']:.0%}]"
    )
