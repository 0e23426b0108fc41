"""Attention over a prompt prefix that every row shares, held once instead of once per row.

A few-shot synthesis prompt opens with 180 tokens of system text and worked examples that
are the same for every row, then 16-100 tokens of the row's own annotation. Copying the
shared part into each row's KV cache made it most of the cache: a batch fit ~42 rows in
``KV_BUDGET`` positions, and every decoding step read the prefix once per row. Here the
prefix's keys and values stay one row (``PrefixCache.prefix``), and the attention of a step
is computed in two parts, as in cascade or "shared-prefix" attention (Hydragen, FlashInfer's
cascade): scores against the prefix for all rows at once (one matrix product per key-value
head, the prefix read once), scores against each row's own keys, one softmax over both, and
the weighted values of both summed. The numbers are those of attention over the
concatenated keys, up to rounding (tests check the attention against SDPA over concatenated
keys, and the decoded tokens against the copied cache).

The model's attention calls reach :func:`prefix_attention` through ``transformers``'
``AttentionInterface`` while :func:`shared_prefix_attention` is entered; the cache passed to
the forward is the active one (a context variable, so other threads and calls are untouched:
with no active cache the function is plain SDPA). The attention mask a forward gets is the
rows' own part only, 4D (``rows, 1, queries, own keys``; True = may attend), which
``transformers`` passes through unchanged; the prefix is visible to every query.
"""

from __future__ import annotations

import threading
from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar
from typing import Any

from .kvcache import GrowingCache

NAME = "pockettune_prefix"
"""The name the attention function is registered under."""

_ACTIVE: ContextVar[PrefixCache | None] = ContextVar("pockettune_prefix_cache", default=None)
_LOCK = threading.Lock()
_USERS: dict[int, tuple[int, Any]] = {}  # id(config) -> (calls inside, implementation before)


class PrefixCache(GrowingCache):
    """A :class:`GrowingCache` of each row's own positions, plus ``prefix``: per layer, the
    (1, kv heads, P, head dim) keys and values that come before every row."""

    def __init__(self, prefix: list[tuple[Any, Any]], room: int, dtype: Any = None) -> None:
        super().__init__(room, dtype)
        self.prefix = prefix

    @classmethod
    def of(cls, cache: GrowingCache) -> PrefixCache:
        """The prefix a one-row ``cache`` holds (as its prefill computed it), with no rows."""
        prefix = [(layer.keys, layer.values) for layer in cache.layers]
        return cls(prefix, 0, cache._dtype())

    @property
    def prefix_length(self) -> int:
        return self.prefix[0][0].shape[-2] if self.prefix else 0

    def repeated(self, rows: int, room: int) -> PrefixCache:
        """An empty cache over the same prefix, with ``room`` positions for its rows' own
        tokens (the prefix is not copied: that is the point; ``rows`` comes with the first
        update)."""
        return PrefixCache(self.prefix, room, self._dtype())


@contextmanager
def shared_prefix_attention(model: Any, cache: PrefixCache) -> Iterator[None]:
    """Run ``model``'s attention through :func:`prefix_attention` with ``cache`` as the
    active prefix. Nested and concurrent uses on one model are counted, and the model's own
    implementation comes back when the last one leaves."""
    _register()
    config = model.config
    with _LOCK:
        calls, before = _USERS.get(id(config), (0, config._attn_implementation))
        if calls == 0:
            config._attn_implementation = NAME
        _USERS[id(config)] = (calls + 1, before)
    token = _ACTIVE.set(cache)
    try:
        yield
    finally:
        _ACTIVE.reset(token)
        with _LOCK:
            calls, before = _USERS[id(config)]
            if calls == 1:
                config._attn_implementation = before
                del _USERS[id(config)]
            else:
                _USERS[id(config)] = (calls - 1, before)


def own_mask(mask2d: Any, queries: int) -> Any:
    """The 4D boolean mask (rows, 1, queries, own keys) of the last ``queries`` positions of
    a 2D padding mask over the rows' own positions: causal among them, padding masked."""
    import torch

    keep = mask2d.bool()[:, None, None, :]
    n = mask2d.shape[-1]
    q_pos = torch.arange(n - queries, n)[:, None]
    causal = torch.arange(n)[None, :] <= q_pos
    return keep & causal[None, None]


def prefix_attention(
    module: Any,
    query: Any,
    key: Any,
    value: Any,
    attention_mask: Any,
    dropout: float = 0.0,
    scaling: float | None = None,
    **kwargs: Any,
) -> tuple[Any, None]:
    """Attention of ``query`` (rows, heads, q, d) over the active prefix and the rows' own
    ``key``/``value`` (rows, kv heads, S, d); returns (rows, q, heads, d) like SDPA's."""
    import torch

    cache = _ACTIVE.get()
    if cache is None or not cache.prefix:
        from transformers.integrations.sdpa_attention import sdpa_attention_forward

        return sdpa_attention_forward(
            module, query, key, value, attention_mask, dropout=dropout, scaling=scaling, **kwargs
        )
    pk, pv = cache.prefix[module.layer_idx]
    rows, heads, q, d = query.shape
    kv_heads = key.shape[1]
    g = heads // kv_heads  # query heads per key-value head (grouped-query attention)
    p = pk.shape[-2]
    scale = scaling if scaling is not None else d**-0.5
    s = key.shape[-2]
    qg = query.reshape(rows, kv_heads, g * q, d)
    # Both parts' scaled scores are written side by side into one buffer, masked there in
    # place: the numbers of cat([prefix, own]) without the cat, the masked copy and the
    # mask's expansion (copies; benchmarks/results/synth-profile.md).
    scores = query.new_empty(rows, kv_heads, g * q, p + s)
    # Prefix: one (kv heads, rows * g * q, d) x (kv heads, d, P) product for all rows.
    q_flat = qg.transpose(0, 1).reshape(kv_heads, rows * g * q, d)
    s_prefix = torch.matmul(q_flat, pk[0].to(query.dtype).transpose(-1, -2))
    s_prefix = s_prefix.reshape(kv_heads, rows, g * q, p).transpose(0, 1)
    torch.mul(s_prefix, scale, out=scores[..., :p])
    own = scores[..., p:]
    torch.mul(torch.matmul(qg, key.to(query.dtype).transpose(-1, -2)), scale, out=own)
    if attention_mask is not None:  # (rows, 1, q, S), True = may attend: over heads and g
        own.view(rows, kv_heads, g, q, s).masked_fill_(~attention_mask[:, :, None], float("-inf"))
    w = scores.float().softmax(-1).to(query.dtype)
    w_prefix = w[..., :p].transpose(0, 1).reshape(kv_heads, rows * g * q, p)
    out = torch.matmul(w_prefix, pv[0].to(query.dtype)).reshape(kv_heads, rows, g * q, d)
    out = out.transpose(0, 1) + torch.matmul(w[..., p:], value.to(query.dtype))
    return out.reshape(rows, heads, q, d).transpose(1, 2).contiguous(), None


def _register() -> None:
    from transformers import AttentionInterface

    if NAME not in AttentionInterface._global_mapping:
        AttentionInterface.register(NAME, prefix_attention)
