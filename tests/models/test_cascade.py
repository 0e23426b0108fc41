"""Attention over a shared prefix held once: the numbers of attention over copied keys."""

import threading

import pytest
import torch

from pockettune.config import ModelConfig
from pockettune.models import load_model
from pockettune.models.cascade import (
    NAME,
    PrefixCache,
    own_mask,
    prefix_attention,
    shared_prefix_attention,
)
from pockettune.models.decode import Decoding, decode_batch

TEXTS = ["hello there", "a longer prompt, with padding needed", "x", "what is a cat?"]


@pytest.fixture(scope="module")
def lm():
    return load_model(ModelConfig(path="tiny"))


class _Layer(torch.nn.Module):
    layer_idx = 0


def test_prefix_attention_equals_attention_over_the_concatenated_keys():
    """Grouped-query heads, left padding among the rows' own keys, several causal queries."""
    torch.manual_seed(0)
    rows, heads, kv_heads, d, p, own, q = 3, 6, 2, 8, 5, 7, 4
    query = torch.randn(rows, heads, q, d)
    pk, pv = torch.randn(1, kv_heads, p, d), torch.randn(1, kv_heads, p, d)
    key, value = torch.randn(rows, kv_heads, own, d), torch.randn(rows, kv_heads, own, d)
    pad = torch.ones(rows, own, dtype=torch.long)
    pad[1, :2] = 0  # row 1 is left-padded by two positions
    mask = own_mask(pad, q)
    cache = PrefixCache([(pk, pv)], room=0)
    with _active(cache):
        got, _ = prefix_attention(_Layer(), query, key, value, mask, scaling=d**-0.5)

    full_k = torch.cat([pk.expand(rows, -1, -1, -1), key], 2).repeat_interleave(
        heads // kv_heads, 1
    )
    full_v = torch.cat([pv.expand(rows, -1, -1, -1), value], 2).repeat_interleave(
        heads // kv_heads, 1
    )
    full_mask = torch.cat([torch.ones(rows, 1, q, p, dtype=torch.bool), mask], -1)
    ref = torch.nn.functional.scaled_dot_product_attention(query, full_k, full_v, full_mask)
    torch.testing.assert_close(got, ref.transpose(1, 2), rtol=1e-5, atol=1e-6)


def _active(cache):
    """The cascade's context variable set, without a model (the function alone)."""
    from contextlib import contextmanager

    from pockettune.models import cascade

    @contextmanager
    def ctx():
        token = cascade._ACTIVE.set(cache)
        try:
            yield
        finally:
            cascade._ACTIVE.reset(token)

    return ctx()


def _head_prompts(tok, texts=TEXTS):
    head = tok("You are a helpful assistant. Answer briefly, please: ")["input_ids"]
    return [head + tok(t)["input_ids"] for t in texts]


@pytest.mark.parametrize("copies", [1, 3])
def test_decoding_over_a_shared_prefix_gives_the_tokens_of_copied_keys(lm, monkeypatch, copies):
    """Greedy and sampled rows, rows that end early and leave in groups, a blocked prefill:
    the same tokens with the prefix held once as with it copied into every row."""
    from pockettune.models import decode, prefill

    tok, pad = lm.tokenizer, lm.tokenizer.pad_token_id
    texts = TEXTS + ["one more", "and a rather longer one, to pad the others a lot", "b", "ok?"]
    prompts = _head_prompts(tok, texts)
    eos = {decode_batch(lm.model, prompts, 12, set(), pad)[0][3]}
    monkeypatch.setattr(prefill, "PREFILL_ROWS", 3)
    monkeypatch.setattr(decode, "COMPACT_EVERY", 2)
    seeds = list(range(len(prompts) * copies))
    for how in (Decoding(), Decoding(temperature=0.9, top_p=0.95)):
        ref = decode_batch(lm.model, prompts, 12, eos, pad, how, copies, seeds, shared_kv=False)
        got = decode_batch(lm.model, prompts, 12, eos, pad, how, copies, seeds, shared_kv=True)
        assert got == ref
        if how.greedy:  # rows end mid-batch, so removal is exercised
            assert any(len(r) < 12 for r in ref) and any(len(r) == 12 for r in ref)


def test_the_prefix_is_held_once_not_per_row(lm):
    from pockettune.models import prefill

    tok, pad = lm.tokenizer, lm.tokenizer.pad_token_id
    prompts = _head_prompts(tok)
    shared = prefill.shared_prefix(prompts)
    with torch.inference_mode():
        cache = prefill.prefill_batch(lm.model, prompts, pad, 3, 4)[0]
        copied = prefill.prefill_batch(lm.model, prompts, pad, 3, 4, shared_kv=False)[0]
    assert isinstance(cache, PrefixCache) and cache.prefix_length == shared
    assert cache.prefix[0][0].shape[0] == 1  # one row for all 12
    own = max(len(p) for p in prompts) - shared
    assert cache.layers[0].keys.shape[:3] == (12, 2, own)
    assert copied.layers[0].keys.shape[:3] == (12, 2, shared + own)


def test_the_model_gets_its_own_attention_back_and_other_threads_keep_it(lm):
    """Counted entries: the implementation switches back when the last use leaves; a thread
    that did not enter sees plain SDPA through the registered function."""
    cfg = lm.model.config
    before = cfg._attn_implementation
    cache = PrefixCache([], room=0)
    seen = []
    with shared_prefix_attention(lm.model, cache):
        with shared_prefix_attention(lm.model, cache):
            assert cfg._attn_implementation == NAME
        assert cfg._attn_implementation == NAME
        ids = torch.tensor([[1, 2, 3, 4]])

        def other():
            with torch.inference_mode():
                seen.append(lm.model(input_ids=ids).logits)

        t = threading.Thread(target=other)
        t.start()
        t.join()
    assert cfg._attn_implementation == before
    with torch.inference_mode():
        ref = lm.model(input_ids=ids).logits
    torch.testing.assert_close(seen[0], ref)


def test_a_shared_prefix_takes_no_room_in_the_kv_budget(monkeypatch):
    from pockettune.models import generate

    monkeypatch.setattr(generate, "KV_BUDGET", 200)
    prompts = [[7] * 90 + [1] * n for n in (2, 3, 4, 5, 6, 7)]
    order = list(range(len(prompts)))
    copied = generate._batches(order, prompts, rows=8, copies=1, new=10)
    held = generate._batches(order, prompts, rows=8, copies=1, new=10, held_once=90)
    assert max(map(len, copied)) == 1  # 2 x (97 + 10) > 200: one row a batch
    assert held == [order]  # 6 x (7 + 10) <= 200: every row in one batch
