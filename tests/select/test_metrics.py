"""Hand-computed examples for EOE, DSS and IDD (method.md §1)."""

import math

import numpy as np
import pytest

from pockettune.select.lexicon import GENERAL, Lexicon, load_lexicon, words_of
from pockettune.select.metrics.eoe import entropy_of_embedding
from pockettune.select.metrics.idd import in_domain_dissimilarity


def test_eoe_two_equal_bins_is_one_bit_over_length():
    e = np.array([0.0, 0.0, 1.0, 1.0])  # two bins with p = 1/2 each: H = 1 bit
    assert entropy_of_embedding(e, n_tokens=3, bins=100, length_norm=False) == pytest.approx(1.0)
    assert entropy_of_embedding(e, n_tokens=3, bins=100) == pytest.approx(1.0 / math.log2(4))


def test_eoe_uniform_over_four_bins_and_constant_vector():
    e = np.array([0.0, 1.0, 2.0, 3.0])
    assert entropy_of_embedding(e, 1, bins=4, length_norm=False) == pytest.approx(2.0)
    assert entropy_of_embedding(np.ones(10), 5, bins=100) == 0.0


def test_eoe_prefers_short_texts_when_length_normalised():
    e = np.random.default_rng(0).normal(size=576)
    assert entropy_of_embedding(e, 5) > entropy_of_embedding(e, 50)
    assert entropy_of_embedding(e, 5, length_norm=False) == entropy_of_embedding(
        e, 50, length_norm=False
    )


def test_dss_ratios_dominant_and_mean():
    lex = Lexicon(("money", "health"), {"bank": (0,), "cash": (0,), "doctor": (1,), "pill": (0, 1)})
    words = words_of("The bank gave cash; the doctor a pill.")
    assert words == ["the", "bank", "gave", "cash", "the", "doctor", "a", "pill"]
    r = lex.ratios(words)
    assert r == pytest.approx([3 / 8, 2 / 8])  # bank, cash, pill | doctor, pill
    assert lex.dominant(r) == "money"
    assert r.mean() == pytest.approx(5 / 16)
    assert lex.dominant(lex.ratios(words_of("nothing here"))) == GENERAL


def test_empath_lexicon_reads_every_category():
    fine, coarse = load_lexicon("fine"), load_lexicon("coarse")
    assert len(fine.domains) == 194  # the published reader kept only the last line
    assert len(coarse.domains) == 12
    assert "health" in {coarse.domains[j] for j in coarse.index["doctor"]}


def test_idd_is_one_minus_mean_cosine():
    x = np.array([1.0, 0.0])
    peers = np.array([[1.0, 0.0], [0.0, 1.0]])  # cos 1 and 0: mean 0.5
    assert in_domain_dissimilarity(x, peers) == pytest.approx(0.5)
    assert in_domain_dissimilarity(x, np.zeros((0, 2))) == 1.0  # empty domain: the maximum
    assert in_domain_dissimilarity(x, np.array([[-1.0, 0.0]])) == pytest.approx(2.0)


def test_coverage_is_the_distance_to_the_nearest_kept_item():
    from pockettune.select.metrics.cov import coverage

    e = np.eye(3, dtype=np.float32)
    assert coverage(e[0], np.zeros((0, 3), dtype=np.float32)) == 1.0
    assert coverage(e[0], e[:2]) == pytest.approx(0.0)
    mid = (e[0] + e[2]) / np.sqrt(2)
    assert coverage(mid, e[:2]) == pytest.approx(1 - 1 / np.sqrt(2))
