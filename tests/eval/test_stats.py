import numpy as np

from pockettune.eval.rouge import rouge1
from pockettune.eval.stats import paired_bootstrap


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
