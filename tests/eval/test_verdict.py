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
