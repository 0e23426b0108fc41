"""The retuning policy: every trigger, gate and sizing rule, as a pure function."""

from pockettune.adapt import Signals, decide, round_data, split_heldout
from pockettune.config import AdaptConfig


def sig(**kw):
    base = dict(new_annotations=10, old_annotations=20, has_adapter=True, rounds=1)
    return Signals(**{**base, **kw})


def test_nothing_new_never_trains():
    p = decide(AdaptConfig(), sig(new_annotations=0, interest_shift=0.9, feedback_now=0.0,
                                  feedback_at_round=1.0, feedback_events=10))  # fmt: skip
    assert not p.train and "no new annotations" in p.explain()


def test_small_data_retrains_a_fresh_adapter_on_everything():
    p = decide(AdaptConfig(min_new=8, retrain_all=30), sig(), epochs=2)
    assert p.train and p.mode == "fresh" and p.lr_scale == 1.0 and p.epochs == 2
    assert p.replay == 20 and "a fresh adapter on all 30 annotations (<= 30)" in p.explain()
    p = decide(AdaptConfig(min_new=8, retrain_all=29), sig(), epochs=2)
    assert p.mode == "incremental" and p.replay == 10
    fixed = decide(AdaptConfig(schedule="fixed", fixed_every=6, retrain_all=100), sig(), epochs=2)
    assert fixed.mode == "incremental"  # the ablation's baseline keeps its sizing


def test_enough_new_annotations_train_incrementally_with_replay():
    cfg = AdaptConfig(min_new=8, replay=1.0, incremental_lr=0.5, retrain_all=0)
    p = decide(cfg, sig(), epochs=2)
    assert p.train and p.mode == "incremental"
    assert p.replay == 10 and p.lr_scale == 0.5 and p.epochs == 1
    assert "10 new annotations >= 8" in p.explain()


def test_first_round_is_fresh_and_replay_is_bounded_by_what_exists():
    p = decide(AdaptConfig(replay=2.0), sig(has_adapter=False, old_annotations=3), epochs=2)
    assert p.train and p.mode == "fresh" and p.replay == 3 and p.epochs == 2
    assert decide(AdaptConfig(replay=0, retrain_all=0), sig()).replay == 0


def test_too_few_annotations_wait():
    p = decide(AdaptConfig(min_new=8), sig(new_annotations=3))
    assert not p.train and "3 new annotations < 8" in p.explain()


def test_an_interest_shift_trains_sooner_and_a_big_one_starts_fresh():
    cfg = AdaptConfig(min_new=8, interest_shift=0.25, fresh_shift=0.5, retrain_all=0)
    p = decide(cfg, sig(new_annotations=4, interest_shift=0.3))
    assert p.train and p.mode == "incremental" and "interests moved 0.30" in p.explain()
    p = decide(cfg, sig(new_annotations=4, interest_shift=0.6))
    assert p.train and p.mode == "fresh" and p.lr_scale == 1.0
    p = decide(cfg, sig(new_annotations=2, interest_shift=0.6))
    assert not p.train and "fewer than 4 new annotations" in p.explain()


def test_falling_feedback_trains_unless_feedback_is_ignored():
    s = sig(new_annotations=1, feedback_now=0.3, feedback_at_round=0.8, feedback_events=5)
    p = decide(AdaptConfig(min_new=8, feedback_drop=0.15), s)
    assert p.train and "feedback fell 0.80 -> 0.30 over 5 events" in p.explain()
    assert not decide(AdaptConfig(min_new=8, use_feedback=False), s).train
    few = sig(new_annotations=1, feedback_now=0.3, feedback_at_round=0.8, feedback_events=2)
    assert not decide(AdaptConfig(min_new=8, min_feedback=3), few).train


def test_training_waits_for_an_idle_device():
    p = decide(AdaptConfig(idle_seconds=120), sig(idle_seconds=30))
    assert not p.train and "waiting for the device to be idle" in p.explain()
    assert decide(AdaptConfig(idle_seconds=120), sig(idle_seconds=300)).train


def test_fixed_schedule_ignores_signals_and_keeps_the_learning_rate():
    cfg = AdaptConfig(schedule="fixed", fixed_every=6)
    assert not decide(cfg, sig(new_annotations=5, interest_shift=0.9)).train
    p = decide(cfg, sig(new_annotations=6), epochs=2)
    assert p.train and p.lr_scale == 1.0 and p.epochs == 2 and "fixed schedule" in p.explain()


def test_heldout_split_is_stable_as_annotations_arrive():
    train_a, held_a = split_heldout(list(range(1, 101)), 0.2)
    train_b, held_b = split_heldout(list(range(1, 301)), 0.2)
    assert set(held_a) <= set(held_b) and not set(held_a) & set(train_b)
    assert 10 <= len(held_a) <= 30
    assert split_heldout([1, 2, 3], 0) == ([1, 2, 3], [])


def test_round_data_is_new_plus_a_seeded_replay_sample():
    a = round_data([10, 11], list(range(10)), 3, seed=1)
    assert a == round_data([10, 11], list(range(10)), 3, seed=1)
    assert {10, 11} <= set(a) and len(a) == 5
    assert round_data([10], [1, 2], 5, seed=0) == [1, 2, 10]
