"""The swap rule on constructed per-item losses: where it must activate and where it must not."""

import numpy as np
import pytest

from pockettune.adapt.verify import RULES, decide_swap, unit_losses
from pockettune.config import Config
from pockettune.errors import PockettuneError


def items(n, seed=0, loc=3.0):
    return list(np.random.default_rng(seed).normal(loc, 0.4, size=n))


def test_no_held_out_items_activates_unverified():
    v = decide_swap([], [])
    assert v.activate and v.rule == "unverified" and "no held-out" in v.text()


def test_clearly_better_on_enough_items_activates():
    cur = items(12)
    v = decide_swap(cur, [x - 0.5 + 0.05 * (i % 3) for i, x in enumerate(cur)], min_items=8)
    assert v.activate and v.rule == "better" and v.high < 0
    assert v.text().startswith("activated: significantly better on 12 held-out items (>= ")


def test_a_lower_mean_from_noise_does_not_replace_the_model_in_use():
    # the rule it replaces (mean new < mean current) would have swapped here
    cur = items(12)
    new = [x + (-0.45 if i % 2 == 0 else 0.4) for i, x in enumerate(cur)]
    assert np.mean(new) < np.mean(cur)
    v = decide_swap(cur, new, min_items=8)
    assert not v.activate and v.rule == "not_better" and v.low < 0 < v.high
    assert v.text().startswith("kept aside: not significantly better on 12 held-out items")


def test_too_little_evidence_and_not_worse_activates_even_at_a_higher_mean():
    cur = [3.0, 3.2, 2.9]
    new = [3.4, 2.9, 2.95]  # mean a little higher, one item much worse: cannot tell
    v = decide_swap(cur, new, min_items=8)
    assert np.mean(new) > np.mean(cur)
    assert v.activate and v.rule == "little_evidence" and v.low < 0 < v.high
    assert "(< adapt.verify_min_items=8)" in v.text() and RULES["little_evidence"] in v.text()


def test_a_retrain_on_all_annotations_needs_only_to_be_not_worse():
    cur = items(12)
    new = [x + (-0.45 if i % 2 == 0 else 0.4) for i, x in enumerate(cur)]
    assert not decide_swap(cur, new, min_items=8).activate
    v = decide_swap(cur, new, min_items=8, superset=True)
    assert v.activate and v.rule == "superset" and v.low < 0 < v.high
    assert v.text().startswith("activated: trained on all the annotations and not worse on av")


def test_a_retrain_on_all_annotations_worse_on_average_is_kept_aside():
    cur = items(12)
    new = [x + (-0.35 if i % 2 == 0 else 0.4) for i, x in enumerate(cur)]
    v = decide_swap(cur, new, min_items=8, superset=True)
    assert v.low < 0 < v.high and v.diff > 0  # not significantly worse, but higher on average
    assert not v.activate and v.rule == "superset_higher"
    assert v.text().startswith("kept aside: trained on all the annotations but worse on average")


@pytest.mark.parametrize("n", [3, 12])
@pytest.mark.parametrize("superset", [False, True])
def test_significantly_worse_never_activates(n, superset):
    cur = items(n)
    new = [x + 0.4 + 0.01 * i for i, x in enumerate(cur)]
    v = decide_swap(cur, new, min_items=8, superset=superset)
    assert not v.activate and v.rule == "worse" and v.low > 0
    assert v.text().startswith("kept aside: significantly worse")


def test_the_same_losses_always_give_the_same_verdict():
    cur, new = items(10, 2), items(10, 3)
    assert decide_swap(cur, new).to_dict() == decide_swap(cur, new).to_dict()


def test_a_stricter_level_needs_more_evidence():
    cur = items(10, 4)
    new = [x - 0.12 + 0.8 * ((i % 2) - 0.5) for i, x in enumerate(cur)]
    assert decide_swap(cur, new, min_items=8, level=0.6).activate
    assert not decide_swap(cur, new, min_items=8, level=0.99).activate


def test_bad_input_is_one_clear_error():
    with pytest.raises(PockettuneError, match="3 losses for the model in use, 2"):
        decide_swap([1, 2, 3], [1, 2])
    with pytest.raises(PockettuneError, match="not a finite number"):
        decide_swap([1.0, float("nan")], [1.0, 1.0])
    with pytest.raises(PockettuneError, match="adapt.verify_level"):
        Config.load(None, ["adapt.verify_level=1.5"])
    with pytest.raises(PockettuneError, match="adapt.verify_min_items"):
        Config.load(None, ["adapt.verify_min_items=0"])


def test_an_annotation_and_its_pairs_are_one_unit():
    assert unit_losses([1.0, 3.0, 2.0, 4.0, 6.0], [7, 9, 7, 9, 9]) == [1.5, 13 / 3]
