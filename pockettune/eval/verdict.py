"""The bench's verdict rows: does the adapter beat the base model, and does a selection beat
the *best* simple policy, per dataset, significantly (paired bootstrap over items, and
again with each method's seeds resampled too)?

The best baseline is picked per dataset and per metric by its own mean on the test items,
which favours the baseline: a selection has to beat whichever simple policy did best there.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import numpy as np

from .stats import Comparison, paired_bootstrap, seed_item_bootstrap

BASELINES = ("random", "fifo", "kcenter")
NOT_SELECTIONS = ("base", "full", *BASELINES)
"""Every other method in a run is a selection under test (sdss, sdss-paper, each ablation)
and gets its verdict rows."""


Key = tuple[str, str]
Compare = Callable[[str, Key, Key, bool], tuple[str, str]]
"""(metric, (dataset, method), (dataset, rival), lower is better) -> (Δ [CI], verdict)."""


def paired_verdict(
    a: np.ndarray, b: np.ndarray, lower_better: bool, resamples: int = 2000
) -> tuple[str, str]:
    """(formatted a - b with CI, verdict) with 'better' meaning better for the metric."""
    return _formatted(paired_bootstrap(a, b, resamples), lower_better)


def _formatted(c: Comparison, lower_better: bool) -> tuple[str, str]:
    if lower_better:
        verdict = "better" if c.high < 0 else "worse" if c.low > 0 else "no difference"
    else:
        verdict = c.verdict
    return f"{c.diff:+.4f} [{c.low:+.4f}, {c.high:+.4f}]", verdict


def verdict_lines(
    rouge: dict[Key, np.ndarray],
    nll: dict[Key, np.ndarray],
    seeds: dict[Key, int],
    resamples: int = 2000,
    by_seed: dict[str, dict[Key, np.ndarray]] | None = None,
) -> list[str]:
    """Markdown: one row per (dataset, selection, comparison) and a count per target; with
    ``by_seed`` ({"rouge1" | "nll": (dataset, method) -> seeds x items}) the same rows again
    with each method's seeds resampled too (stats.seed_item_bootstrap)."""
    means = {"rouge1": rouge, "nll": nll}

    def items_only(metric: str, key: Key, rival: Key, low: bool) -> tuple[str, str]:
        return paired_verdict(means[metric][key], means[metric][rival], low, resamples)

    lines = _section("## Verdict", "", rouge, nll, seeds, items_only)
    if by_seed:
        grid = by_seed  # bound here: the closure cannot see the None check

        def seeds_too(metric: str, key: Key, rival: Key, low: bool) -> tuple[str, str]:
            c = seed_item_bootstrap(grid[metric][key], grid[metric][rival], resamples)
            return _formatted(c, low)

        lines += _section(
            "## Verdict, seeds resampled too",
            "The same rows with each method's seeds drawn with replacement before the items "
            "(stats.seed_item_bootstrap): the interval then holds how much a policy's selection "
            "varies from seed to seed, which the rows above, averaging over the seeds that ran, "
            "leave out. A verdict found in both tables does not depend on the seeds' draws.",
            rouge,
            nll,
            seeds,
            seeds_too,
        )
    return lines


def _section(
    title: str,
    intro: str,
    rouge: dict[Key, np.ndarray],
    nll: dict[Key, np.ndarray],
    seeds: dict[Key, int],
    compare: Compare,
) -> list[str]:
    """One verdict table and its counts, the rivals picked by their seed-mean scores."""
    datasets = list(dict.fromkeys(ds for ds, _ in rouge))
    selections = [m for m in dict.fromkeys(m for _, m in rouge) if m not in NOT_SELECTIONS]
    lines = ["", title, ""]
    if intro:
        lines += [intro, ""]
    lines += [
        "| dataset | method | vs | Δ NLL [95% CI] | NLL verdict | Δ ROUGE-1 [95% CI] | ROUGE-1 verdict |",
        "|---|---|---|---|---|---|---|",
    ]
    wins: dict[str, dict[str, list[str]]] = {}
    for ds in datasets:
        for method in selections:
            if (ds, method) not in rouge:
                continue
            pairs: list[tuple[str, str, str]] = []  # (label, nll rival, rouge rival)
            if (ds, "base") in rouge:
                pairs.append(("base model", "base", "base"))
            present = [b for b in BASELINES if (ds, b) in rouge]
            if present:
                best_nll = min(present, key=lambda b: nll[(ds, b)].mean())
                best_r = max(present, key=lambda b: rouge[(ds, b)].mean())
                pairs.append(
                    (f"best baseline (NLL: {best_nll}, ROUGE-1: {best_r})", best_nll, best_r)
                )
            for label, rn, rr in pairs:
                dn, vn = compare("nll", (ds, method), (ds, rn), True)
                dr, vr = compare("rouge1", (ds, method), (ds, rr), False)
                key = "base" if rn == "base" else "baseline"
                w = wins.setdefault(f"{method} vs {key}", {"nll": [], "rouge": []})
                w["nll"].append(vn)
                w["rouge"].append(vr)
                n = min(seeds.get((ds, method), 0), seeds.get((ds, rn), 0) or 1)
                lines.append(
                    f"| {ds} | {method} ({n} seeds) | {label} | {dn} | {vn} | {dr} | {vr} |"
                )
    lines.append("")
    for name, w in wins.items():
        d = len(w["nll"])
        lines.append(
            f"- **{name}**: significantly better on NLL in {w['nll'].count('better')} of {d} "
            f"datasets (worse in {w['nll'].count('worse')}), on ROUGE-1 in "
            f"{w['rouge'].count('better')} of {d} (worse in {w['rouge'].count('worse')})."
        )
    return lines


def seeds_per_method(rows: list[dict[str, Any]]) -> dict[tuple[str, str], int]:
    out: dict[tuple[str, str], int] = {}
    for r in rows:
        out[(r["dataset"], r["method"])] = out.get((r["dataset"], r["method"]), 0) + 1
    return out
