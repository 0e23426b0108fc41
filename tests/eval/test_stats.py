import numpy as np
import pytest

from pockettune.eval.rouge import rouge1
from pockettune.eval.stats import paired_bootstrap, seed_item_bootstrap


def test_bootstrap_detects_a_real_difference_and_not_noise():
    rng = np.random.default_rng(0)
    base = rng.uniform(0.2, 0.4, size=400)
    better = base + 0.03 + rng.normal(0, 0.05, size=400)
    c = paired_bootstrap(better, base)
    assert c.verdict == "better" and c.low < 0.03 < c.high
    same = base + rng.normal(0, 0.05, size=400)
    assert paired_bootstrap(same, base).verdict == "no difference"
    assert paired_bootstrap(base, better).verdict == "worse"


def test_rouge1_by_hand():
    # 2 of 3 prediction words match, 2 of 4 reference words: P=2/3, R=1/2, F=4/7
    assert abs(rouge1("the cat sat", "the cat is here") - 4 / 7) < 1e-9
    assert rouge1("", "anything") == 0.0


def test_seed_resampling_widens_the_interval_by_the_spread_between_seeds():
    # three seeds whose selections differ (per-seed offsets), item noise small: averaged over
    # its seeds the method is +0.01 on every item, which items alone call significant
    rng = np.random.default_rng(1)
    base = rng.uniform(0.2, 0.4, size=400)
    ref = np.stack([base, base, base])
    offsets = np.array([0.06, -0.04, 0.01])[:, None]
    method = base + offsets + rng.normal(0, 0.005, size=(3, 400))
    assert paired_bootstrap(method.mean(axis=0), base).verdict == "better"
    c = seed_item_bootstrap(method, ref)
    assert c.verdict == "no difference" and c.low < 0 < c.high
    assert abs(c.diff - (method.mean() - base.mean())) < 1e-12


def test_seed_resampling_keeps_a_difference_every_seed_shows():
    rng = np.random.default_rng(2)
    base = rng.uniform(0.2, 0.4, size=(3, 300))
    better = base + 0.03 + rng.normal(0, 0.05, size=(3, 300))
    assert seed_item_bootstrap(better, base).verdict == "better"
    assert seed_item_bootstrap(base, better).verdict == "worse"
    # one seed each: only the items are resampled, as paired_bootstrap does
    one = seed_item_bootstrap(better[:1], base[:1], resamples=4000)
    ref = paired_bootstrap(better[0], base[0], resamples=4000)
    assert abs(one.low - ref.low) < 0.004 and abs(one.high - ref.high) < 0.004


def test_seed_resampling_refuses_different_items():
    with pytest.raises(ValueError, match="different test items"):
        seed_item_bootstrap(np.zeros((3, 10)), np.zeros((1, 11)))
