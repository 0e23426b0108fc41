"""The in-place KV cache gives the logits DynamicCache gives, through growth, rows leaving the
batch and copies of a prompt."""

import pytest
import torch
from transformers import DynamicCache

from pockettune.config import ModelConfig
from pockettune.models import load_model
from pockettune.models.kvcache import MIN_ROOM, GrowingCache


@pytest.fixture(scope="module")
def lm():
    return load_model(ModelConfig(path="tiny", precision="fp32"))


def _run(model, cache, steps: int) -> list[torch.Tensor]:
    torch.manual_seed(0)
    ids = torch.randint(3, 200, (3, 7))
    out = [model(input_ids=ids, past_key_values=cache, use_cache=True).logits[:, -1]]
    cache.batch_repeat_interleave(2)  # 6 rows: two copies of each prompt
    rows = 6
    for step in range(steps):
        if step == 5:  # rows 1 and 4 finish
            keep = torch.tensor([0, 2, 3, 5])
            cache.batch_select_indices(keep)
            rows = len(keep)
        tok = torch.randint(3, 200, (rows, 1))
        out.append(model(input_ids=tok, past_key_values=cache, use_cache=True).logits[:, -1])
    return out


def test_growing_cache_matches_dynamic_cache(lm):
    steps = MIN_ROOM + 10  # past the first buffer: one growth
    with torch.inference_mode():
        ref = _run(lm.model, DynamicCache(), steps)
        new = _run(lm.model, GrowingCache(), steps)
    assert len(ref) == len(new) == steps + 1
    for a, b in zip(ref, new):
        torch.testing.assert_close(a, b, rtol=0, atol=1e-5)


def test_growing_cache_reports_its_length(lm):
    cache = GrowingCache()
    with torch.inference_mode():
        lm.model(input_ids=torch.tensor([[5, 6, 7]]), past_key_values=cache, use_cache=True)
    assert cache.get_seq_length() == 3
    with pytest.raises(NotImplementedError):
        cache.layers[0].crop(-1)
