"""The faster sampling draw and cascade attention against the code they replaced: the same
numbers, bit for bit, so decoding gives the same tokens for the same seeds."""

import pytest
import torch

from pockettune.config import ModelConfig
from pockettune.models import cascade, load_model, sampling
from pockettune.models.cascade import NAME, PrefixCache, own_mask, prefix_attention
from pockettune.models.decode import Decoding, Then, decode_batch

SHARED = "You are a careful writer of questions and answers. Example: "
TEXTS = ["hello there", "a longer prompt, with padding needed here", "x", "what is a cat?"]


@pytest.fixture(scope="module")
def lm():
    return load_model(ModelConfig(path="tiny"))


def _old_draw(top, idx, gens, vocab):
    """The draw before: multinomial over the whole vocabulary's nucleus probabilities."""
    probs = top.new_zeros(len(gens), vocab).scatter_(-1, idx, top)
    return torch.cat([torch.multinomial(probs[i], 1, generator=g) for i, g in enumerate(gens)])


def _old_attention(module, query, key, value, attention_mask, dropout=0.0, scaling=None, **kw):
    """prefix_attention before: scores concatenated, the mask expanded and applied by copy."""
    pk, pv = cascade._ACTIVE.get().prefix[module.layer_idx]
    rows, heads, q, d = query.shape
    kv_heads = key.shape[1]
    g = heads // kv_heads
    p = pk.shape[-2]
    scale = scaling if scaling is not None else d**-0.5
    qg = query.reshape(rows, kv_heads, g * q, d)
    q_flat = qg.transpose(0, 1).reshape(kv_heads, rows * g * q, d)
    s_prefix = torch.matmul(q_flat, pk[0].to(query.dtype).transpose(-1, -2)) * scale
    s_prefix = s_prefix.reshape(kv_heads, rows, g * q, p).transpose(0, 1)
    s_own = torch.matmul(qg, key.to(query.dtype).transpose(-1, -2)) * scale
    if attention_mask is not None:
        m = attention_mask[:, :, None].expand(rows, 1, g, q, key.shape[-2])
        s_own = s_own.masked_fill(~m.reshape(rows, 1, g * q, -1), float("-inf"))
    w = torch.cat([s_prefix, s_own], -1).float().softmax(-1).to(query.dtype)
    w_prefix = w[..., :p].transpose(0, 1).reshape(kv_heads, rows * g * q, p)
    out = torch.matmul(w_prefix, pv[0].to(query.dtype)).reshape(kv_heads, rows, g * q, d)
    out = out.transpose(0, 1) + torch.matmul(w[..., p:], value.to(query.dtype))
    return out.reshape(rows, heads, q, d).transpose(1, 2).contiguous(), None


@pytest.mark.parametrize("scale", [0.3, 3.0, 12.0])
def test_the_draw_is_multinomials_sample_and_leaves_the_generators_alike(scale):
    torch.manual_seed(1)
    probs = (torch.randn(6, 5000) * scale).softmax(-1)
    top, idx = sampling.nucleus_top(probs, 0.95)
    for seed in range(20):
        new = [torch.Generator().manual_seed(seed * 7 + i) for i in range(6)]
        old = [torch.Generator().manual_seed(seed * 7 + i) for i in range(6)]
        for _ in range(3):  # the generators' states carry on alike
            assert torch.equal(sampling.draw(top, idx, new, 5000), _old_draw(top, idx, old, 5000))
        assert all(torch.equal(a.get_state(), b.get_state()) for a, b in zip(new, old))


class _Layer(torch.nn.Module):
    layer_idx = 0


@pytest.mark.parametrize("queries", [1, 4])
def test_prefix_attention_gives_the_numbers_of_the_concatenating_version(queries):
    torch.manual_seed(0)
    rows, heads, kv_heads, d, p, own = 5, 9, 3, 64, 37, 23
    query = torch.randn(rows, heads, queries, d)
    pk, pv = torch.randn(1, kv_heads, p, d), torch.randn(1, kv_heads, p, d)
    key, value = torch.randn(rows, kv_heads, own, d), torch.randn(rows, kv_heads, own, d)
    pad = torch.ones(rows, own, dtype=torch.long)
    pad[1, :5], pad[3, :11] = 0, 0  # left padding
    mask = own_mask(pad, queries)
    token = cascade._ACTIVE.set(PrefixCache([(pk, pv)], room=0))
    try:
        got, _ = prefix_attention(_Layer(), query, key, value, mask, scaling=d**-0.5)
        ref, _ = _old_attention(_Layer(), query, key, value, mask, scaling=d**-0.5)
    finally:
        cascade._ACTIVE.reset(token)
    assert torch.equal(got, ref)


@pytest.mark.parametrize(
    "decoding",
    [Decoding(temperature=0.8, top_p=0.95), Decoding(temperature=1.3, top_p=0.5, top_k=40)],
)
def test_sampled_decoding_over_a_shared_prefix_keeps_its_tokens(lm, monkeypatch, decoding):
    """decode_batch (cascade attention, nucleus sampling, a format constraint, rows ending
    and leaving the batch) gives the token ids it gave with the old draw and attention."""
    from transformers import AttentionInterface

    tok = lm.tokenizer
    prompts = [tok(SHARED + t)["input_ids"] for t in TEXTS]
    eos, pad = {tok.eos_token_id}, tok.pad_token_id
    then = Then(frozenset(tok("\n")["input_ids"]), tuple(tok("A:")["input_ids"]))
    kw = dict(decoding=decoding, copies=3, seeds=list(range(100, 112)), then=then)
    new = decode_batch(lm.model, prompts, 24, eos, pad, **kw)
    cascade._register()
    monkeypatch.setitem(AttentionInterface._global_mapping, NAME, _old_attention)
    monkeypatch.setattr(sampling, "draw", _old_draw)
    old = decode_batch(lm.model, prompts, 24, eos, pad, **kw)
    assert new == old
    assert len({tuple(r) for r in new}) > 6  # the rows did sample
