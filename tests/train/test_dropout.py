"""FastDropout (train/dropout.py): the same inverted dropout as PEFT's, from cheaper draws."""

import pytest
import torch

from pockettune.config import ModelConfig, TrainConfig
from pockettune.config.sections import hash_view
from pockettune.models import load_model
from pockettune.train.dropout import FastDropout, use_fast_dropout


def test_drops_each_element_with_probability_p_and_keeps_the_expectation():
    d = FastDropout(0.05).train()
    torch.manual_seed(0)
    y = d(torch.ones(2_000_000))
    dropped = float((y == 0).float().mean())
    assert abs(dropped - 0.05) < 0.001  # 0.05 +- ~6 standard errors
    assert abs(float(y.mean()) - 1.0) < 0.002
    values = torch.unique(y).tolist()
    assert values[0] == 0.0 and values[1:] == [pytest.approx(1 / (1 - 0.05), rel=1e-4)]
    # each of the four 16-bit parts of a draw decides its own element
    parts = (y.view(-1, 4) == 0).float().mean(0)
    assert all(abs(float(p) - 0.05) < 0.002 for p in parts)
    # no pattern between neighbours: P(both dropped) is p^2
    pairs = (y.view(-1, 2) == 0).all(1).float().mean()
    assert abs(float(pairs) - 0.05**2) < 0.0005


def test_seeded_like_torch_and_off_in_eval_mode():
    d = FastDropout(0.3).train()
    x = torch.randn(7, 33)  # an element count that is not a multiple of 4
    torch.manual_seed(1)
    a = d(x)
    torch.manual_seed(1)
    assert torch.equal(a, d(x))
    assert torch.equal(d.eval()(x), x)
    assert torch.equal(FastDropout(0.0).train()(x), x)


def test_gradient_is_the_mask_times_the_scale():
    d = FastDropout(0.5).train()
    x = torch.randn(1000, requires_grad=True)
    y = d(x)
    y.sum().backward()
    expected = torch.where(y == 0, 0.0, 2.0)
    assert torch.equal(x.grad, expected)


def test_replaces_every_peft_lora_dropout_and_nothing_else():
    from peft import LoraConfig, get_peft_model

    lm = load_model(ModelConfig(path="tiny"))
    model = get_peft_model(
        lm.model, LoraConfig(r=4, lora_alpha=8, lora_dropout=0.1, target_modules=["q_proj"])
    )
    n_layers = lm.model.config.num_hidden_layers
    assert use_fast_dropout(model) == n_layers
    drops = [m for m in model.modules() if isinstance(m, torch.nn.Dropout)]
    assert len(drops) == n_layers and all(type(m) is FastDropout for m in drops)
    assert all(m.p == 0.1 for m in drops)
    assert use_fast_dropout(model, fast=False) == n_layers  # and back to PEFT's own
    drops = [m for m in model.modules() if isinstance(m, torch.nn.Dropout)]
    assert len(drops) == n_layers and all(type(m) is torch.nn.Dropout for m in drops)
    model.unload()


def test_the_default_is_on_and_off_hashes_as_before_it_existed():
    assert TrainConfig().fast_dropout is True
    assert "fast_dropout" not in hash_view(TrainConfig(fast_dropout=False))
    assert "fast_dropout" in hash_view(TrainConfig())
