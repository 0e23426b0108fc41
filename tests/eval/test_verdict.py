"""Verdict rows: the best baseline is chosen per metric, and 'better' follows the metric's sign."""

import numpy as np

from pockettune.eval.verdict import verdict_lines


def test_selection_must_beat_the_best_baseline_and_signs_follow_the_metric():
    rng = np.random.default_rng(0)
    noise = rng.normal(0, 0.01, 200)
    rouge = {
        ("d", "base"): 0.20 + noise,
        ("d", "random"): 0.25 + noise,
        ("d", "kcenter"): 0.30 + noise,  # the best baseline on ROUGE-1
        ("d", "sdss"): 0.28 + noise,  # beats base and random, loses to kcenter
    }
    nll = {
        ("d", "base"): 3.0 + noise,
        ("d", "random"): 2.5 + noise,  # the best baseline on NLL (lowest)
        ("d", "kcenter"): 2.9 + noise,
        ("d", "sdss"): 2.4 + noise,
    }
    seeds = {k: 3 for k in rouge} | {("d", "base"): 1}
    text = "\n".join(verdict_lines(rouge, nll, seeds, 500))
    assert "best baseline (NLL: random, ROUGE-1: kcenter)" in text
    vs_base = next(line for line in text.splitlines() if "| base model |" in line)
    assert vs_base.count("| better |") == 2  # lower NLL and higher ROUGE-1 are both better
    vs_best = next(line for line in text.splitlines() if "best baseline" in line)
    assert "| better |" in vs_best and "| worse |" in vs_best
    assert "**sdss vs baseline**: significantly better on NLL in 1 of 1" in text
    assert "on ROUGE-1 in 0 of 1 (worse in 1)" in text


def test_every_selection_in_the_run_gets_verdict_rows_and_upper_bounds_none():
    flat = np.full(50, 0.3)
    methods = ("base", "full", "random", "sdss", "sdss-lenfree")
    rouge = {("d", m): flat for m in methods}
    nll = {("d", m): flat for m in methods}
    text = "\n".join(verdict_lines(rouge, nll, {}, 100))
    assert "**sdss-lenfree vs baseline**" in text and "**sdss vs baseline**" in text
    assert "| d | full" not in text and "| d | random" not in text


def test_seeds_resampled_section_drops_a_verdict_that_rests_on_the_seeds_draws():
    rng = np.random.default_rng(3)
    base = rng.uniform(2.0, 3.0, 300)
    grid = {
        ("d", "random"): np.stack([base, base, base]),
        # lower NLL on average (-0.01), but one seed is much worse and one much better
        ("d", "sdss"): base + np.array([-0.07, 0.05, -0.01])[:, None],
    }
    nll = {k: v.mean(axis=0) for k, v in grid.items()}
    rouge = {k: np.full(300, 0.3) + rng.normal(0, 0.01, 300) for k in grid}
    by_seed = {"nll": grid, "rouge1": {k: np.stack([v, v, v]) for k, v in rouge.items()}}
    text = "\n".join(verdict_lines(rouge, nll, {k: 3 for k in grid}, 500, by_seed))
    first, second = text.split("## Verdict, seeds resampled too")
    row = next(line for line in first.splitlines() if "best baseline" in line)
    assert row.split("|")[5].strip() == "better"
    row = next(line for line in second.splitlines() if "best baseline" in line)
    assert row.split("|")[5].strip() == "no difference"
    assert "**sdss vs baseline**: significantly better on NLL in 0 of 1" in second
