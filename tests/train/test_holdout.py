"""Held-out annotations choose the saved step: split without leaks, the kept weights are the
best-scoring ones, and an interrupted round resumes to the same choice."""

import pytest
import torch

from pockettune import Personalizer, Turn
from pockettune.annotate import simulated_annotator
from pockettune.config import TrainConfig
from pockettune.train.data import Example
from pockettune.train.holdout import eval_steps, held_out_nll, split


def _ex(aid, origin):
    return Example([1, 2, 3], [-100, 2, 3], origin, aid)


def test_split_holds_out_a_seeded_share_and_its_synthesized_pairs():
    exs = [_ex(i, "annotation") for i in range(20)] + [_ex(i, "synth") for i in range(20)]
    train, val = split(exs, TrainConfig(holdout=0.125, seed=3))
    held = {e.annotation_id for e in val}
    assert len(val) == 4 and all(e.origin == "annotation" for e in val)  # at least 4
    assert not held & {e.annotation_id for e in train}  # no synthesized look-alike leaks
    assert len(train) == 40 - 8
    assert split(exs, TrainConfig(holdout=0.125, seed=3))[1] == val  # deterministic
    few = [_ex(i, "annotation") for i in range(15)]
    assert split(few, TrainConfig())[1] == [] and split(exs, TrainConfig(holdout=0))[1] == []
    assert eval_steps(14, TrainConfig(holdout_evals=4)) == {4, 7, 10, 14}


@pytest.fixture
def pt(tmp_path):
    p = Personalizer.open(
        tmp_path / "h",
        preset="tiny",
        overrides=[
            "train.epochs=2",
            "train.lr=0.01",
            "train.pack_tokens=128",
            "train.rows_per_step=1",
            "train.max_example_tokens=96",
            "train.checkpoint_every=3",
            "train.holdout=0.2",
            "synth.k=0",
            "select.capacity=32",
            "select.dedup=0",
        ],
    )
    for i in range(20):
        p.observe_one(Turn(f"what should I cook tonight {i}", reference=f"pasta number {i} ok"))
    assert p.annotate(simulated_annotator, limit=32, show_replies=False)["saved"] == 20
    yield p
    p.close()


def test_saved_adapter_is_the_best_held_out_point(pt):
    from pockettune.train.data import load_examples
    from pockettune.train.step import train_arithmetic

    rep = pt.train(progress=False)
    steps = [s for s, _ in rep.held_out_curve]
    assert rep.held_out == 4 and steps[0] == 0 and steps[-1] == rep.steps
    best_step, best = min(rep.held_out_curve, key=lambda c: c[1])
    assert rep.best_step == best_step
    model = pt.use_adapter("active")
    cfg = pt.config.train
    _, val = split(load_examples(pt.store, pt.lm.tokenizer, cfg.max_example_tokens), cfg)
    pad = pt.lm.tokenizer.pad_token_id
    # scored in the round's own arithmetic (bf16 where native: models/precision.py)
    with train_arithmetic(model, cfg.precision):
        assert held_out_nll(model, val, cfg, pad) == pytest.approx(best, abs=1e-4)
    assert "kept step" in rep.summary()


def test_interrupted_round_resumes_to_the_same_kept_step_and_weights(pt, monkeypatch):
    from safetensors.torch import load_file

    import pockettune.train.step as step

    real = step.row_batch
    calls = {"n": 0}

    def flaky(row, pad, *rest):
        calls["n"] += 1
        if calls["n"] == 5:
            raise KeyboardInterrupt  # Ctrl-C during step 5, after a checkpoint at 3
        return real(row, pad, *rest)

    monkeypatch.setattr(step, "row_batch", flaky)
    assert pt.train(progress=False).interrupted
    monkeypatch.setattr(step, "row_batch", real)
    resumed = pt.train(resume=True, progress=False)
    straight = pt.train(progress=False)
    assert resumed.best_step == straight.best_step
    a = load_file(str(pt.adapters.path(resumed.version) / "adapter_model.safetensors"))
    b = load_file(str(pt.adapters.path(straight.version) / "adapter_model.safetensors"))
    assert a.keys() == b.keys()
    assert all(torch.allclose(a[k], b[k], atol=1e-5) for k in a)
