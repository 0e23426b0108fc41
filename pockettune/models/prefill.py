"""Prompts into one KV cache for batched decoding: the last logits, mask and positions too.

    cache, logits, mask, pos = prefill_batch(model, prompts, pad, copies, max_new_tokens)

A prefix that all prompts share (a few-shot or system prompt) is run once and, with
``shared_kv``, held as one row that every row attends to (models/cascade.py); the rest is
left-padded, the padding sitting between the prefix and each row's own tokens, masked out.
Long batches are prefilled in blocks of ``PREFILL_ROWS``, each padded only to its own longest,
then stacked into one cache with room for the reply (models/kvcache.py). :func:`forward` is
the one forward pass over such a cache, which the decoding loop (models/decode.py) uses too.
"""

from __future__ import annotations

from typing import Any


def prefill_batch(
    model: Any,
    prompts: list[list[int]],
    pad: int,
    copies: int,
    new_tokens: int,
    shared_kv: bool = True,
) -> tuple[Any, ...]:
    """(KV cache, last logits, attention mask, positions) of the batch, ``copies`` rows per
    prompt; the shared prefix is run once (see :func:`.decode.decode_batch`). The mask covers the
    prefix and every row's own positions."""
    import torch

    from .cascade import PrefixCache
    from .kvcache import GrowingCache

    shared = shared_prefix(prompts)
    rest = [p[shared:] for p in prompts]
    _, mask, pos = _left_padded(rest, shared, pad)
    prefix = None
    if shared:
        prefix = GrowingCache(0)  # only copied from (GrowingCache.repeated)
        model(
            input_ids=torch.tensor([prompts[0][:shared]]),
            position_ids=torch.arange(shared).unsqueeze(0),
            past_key_values=prefix,
            use_cache=True,
            logits_to_keep=1,
        )
        if shared_kv:
            prefix = PrefixCache.of(prefix)
    blocks = [rest[i : i + PREFILL_ROWS] for i in range(0, len(rest), PREFILL_ROWS)]
    if len(blocks) == 1:  # room for what follows: the reply
        cache, logits = _prefill_rows(model, prefix, shared, rest, pad, new_tokens)
    else:  # each block padded to its own width, then stacked (GrowingCache.stacked)
        parts = [_prefill_rows(model, prefix, shared, b, pad, 0) for b in blocks]
        caches = [c for c, _ in parts]
        if isinstance(prefix, PrefixCache):  # the parts hold only the rows' own positions
            cache = GrowingCache.stacked(caches, 0, new_tokens, prefix.repeated(0, new_tokens))
        else:
            cache = GrowingCache.stacked(caches, shared, new_tokens)
        logits = torch.cat([lg for _, lg in parts])
    if copies > 1:
        cache.batch_repeat_interleave(copies)
        logits = logits.repeat_interleave(copies, 0)
        mask = mask.repeat_interleave(copies, 0)
        pos = pos.repeat_interleave(copies, 0)
    return cache, logits, mask, pos


def _prefill_rows(
    model: Any, prefix: Any, shared: int, rows: list[list[int]], pad: int, room: int
) -> tuple[Any, Any]:
    """(KV cache, last logits) of ``rows`` (own tokens, left-padded to the longest) after the
    ``shared``-token prefix cache ``prefix`` (None: no prefix)."""

    from .kvcache import GrowingCache

    width = max(len(p) for p in rows)
    cache = prefix.repeated(len(rows), width + room) if prefix is not None else GrowingCache(room)
    ids, mask, pos = _left_padded(rows, shared, pad)
    out = forward(
        model, cache, input_ids=ids, attention_mask=mask, position_ids=pos, logits_to_keep=1
    )
    return cache, out.logits[:, -1].float()


def forward(model: Any, cache: Any, **inputs: Any) -> Any:
    """``model(**inputs)`` over ``cache``; where the cache holds a shared prefix apart
    (:class:`.cascade.PrefixCache`), through the cascade attention, with the rows' own part
    of the (prefix + own) 2D mask as the 4D mask it takes."""
    from .cascade import PrefixCache, own_mask, shared_prefix_attention

    if not isinstance(cache, PrefixCache):
        return model(past_key_values=cache, use_cache=True, **inputs)
    own = inputs["attention_mask"][:, cache.prefix_length :]
    inputs["attention_mask"] = own_mask(own, inputs["input_ids"].shape[1])
    with shared_prefix_attention(model, cache):
        return model(past_key_values=cache, use_cache=True, **inputs)


def _left_padded(rows: list[list[int]], shared: int, pad: int) -> tuple[Any, Any, Any]:
    """(ids, attention mask, positions) of ``rows`` left-padded to the longest after a
    ``shared`` prefix: the mask covers prefix + padding + tokens, ids and positions only the
    rows' own part (the prefix is in the cache already)."""
    import torch

    width = max(len(p) for p in rows)
    ids = torch.tensor([[pad] * (width - len(p)) + p for p in rows])
    mask = torch.tensor([[1] * shared + [0] * (width - len(p)) + [1] * len(p) for p in rows])
    return ids, mask, (mask.cumsum(-1) - 1).clamp(min=0)[:, shared:]


PREFILL_ROWS = 32
"""Rows prefilled in one forward pass. A block of 128 prompts prefilled as one took 8.5 s,
as four blocks of 32 (each padded only to its own longest) 5.3 s: less padding, and
activations that stay in cache (bf16, 2 threads; benchmarks/results/generation.md)."""

MIN_SHARED = 16
"""A shared prefix shorter than this is prefilled with the rest (no gain in splitting it)."""


def shared_prefix(prompts: list[list[int]]) -> int:
    """Length of the token prefix all prompts share, leaving each at least one own token (its
    last position gives the first logits); 0 for a single prompt or a short prefix."""
    if len(prompts) < 2:
        return 0
    first, n = prompts[0], min(len(p) for p in prompts) - 1
    for p in prompts[1:]:
        i = 0
        while i < n and p[i] == first[i]:
            i += 1
        n = i
    return n if n >= MIN_SHARED else 0
