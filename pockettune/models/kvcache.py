"""A KV cache that writes each step in place instead of copying itself.

``transformers``' ``DynamicCache`` grows by ``torch.cat``: every decoding step copies every
layer's whole cache to add one position, which at batch 64 was a fifth of a bf16 step's time
(profiled in benchmarks/results/generation.md). Here each layer keeps its keys and values in
a buffer with room for the prompt plus the tokens still to come (``room``, which the decoding
loop knows), a step writes one position, and a buffer that fills up anyway doubles; the model
sees a view of the filled part, the same numbers as the concatenated tensors (a test
checks the logits are equal). Rows leaving the batch and copies of a prompt work as in
``DynamicCache``, which the rest of the interface comes from.

Under bf16 autocast (models/precision.py) attention reads keys and values in bf16 anyway, so
the buffer stores them in bf16: half the memory, and no cast of the whole cache every step.
"""

from __future__ import annotations

from functools import partial
from typing import Any

from transformers.cache_utils import Cache, DynamicLayer

MIN_ROOM = 64
"""Room after the first update when the caller does not say."""


class GrowingLayer(DynamicLayer):
    def __init__(self, room: int = MIN_ROOM, dtype: Any = None, **kwargs: Any) -> None:
        super().__init__(**kwargs)
        self.room, self.store_dtype = room, dtype

    def lazy_initialization(self, key_states: Any, value_states: Any) -> None:
        super().lazy_initialization(key_states, value_states)
        self._k: Any = None
        self._v: Any = None
        self._n = 0

    def update(self, key_states: Any, value_states: Any, *args: Any, **kwargs: Any) -> Any:
        if not self.is_initialized:
            self.lazy_initialization(key_states, value_states)
        new = key_states.shape[-2]
        if self._k is None or self._n + new > self._k.shape[-2]:
            room = self._n + new + self.room if self._k is None else 2 * (self._n + new)
            b, h, _, d = key_states.shape
            dt = self.store_dtype or key_states.dtype
            k = key_states.new_empty(b, h, room, d, dtype=dt)
            v = value_states.new_empty(b, h, room, d, dtype=dt)
            if self._n:
                k[:, :, : self._n] = self._k[:, :, : self._n]
                v[:, :, : self._n] = self._v[:, :, : self._n]
            self._k, self._v = k, v
        self._k[:, :, self._n : self._n + new] = key_states
        self._v[:, :, self._n : self._n + new] = value_states
        self._n += new
        self._views()
        return self.keys, self.values

    def _views(self) -> None:
        self.keys, self.values = self._k[:, :, : self._n], self._v[:, :, : self._n]

    def get_seq_length(self) -> int:
        return self._n if self.is_initialized else 0

    def release(self) -> None:
        """Drop the buffers (a part of :meth:`GrowingCache.stacked`, copied and done with)."""
        self._k = self._v = self.keys = self.values = None
        self._n = 0

    def crop(self, tokens_to_remove: int) -> None:
        raise NotImplementedError("GrowingLayer is for decoding; it does not crop")

    def batch_repeat_interleave(self, repeats: int) -> None:
        if self.get_seq_length():
            self._k = self._k.repeat_interleave(repeats, 0)
            self._v = self._v.repeat_interleave(repeats, 0)
            self._views()

    def batch_select_indices(self, indices: Any) -> None:
        if self.get_seq_length():
            self._k, self._v = self._k[indices], self._v[indices]
            self._views()


class GrowingCache(Cache):
    """A ``Cache`` of :class:`GrowingLayer`, one per decoder layer (created on first use);
    ``room``: positions to leave after the first update (the tokens still to generate);
    ``dtype``: what the buffer stores (default: what the model hands it); bf16 when created
    under bf16 autocast."""

    def __init__(self, room: int = MIN_ROOM, dtype: Any = None) -> None:
        import torch

        if dtype is None and torch.is_autocast_enabled("cpu"):
            dtype = torch.get_autocast_dtype("cpu")
        super().__init__(layer_class_to_replicate=partial(GrowingLayer, room=room, dtype=dtype))

    def repeated(self, rows: int, room: int) -> GrowingCache:
        """A new cache holding this one's keys and values (one row, a shared prefix) for each
        of ``rows`` rows, with ``room`` positions after them."""
        out = GrowingCache(room, self._dtype())
        for i, layer in enumerate(self.layers):
            k, v = layer.keys, layer.values
            out.update(k.expand(rows, *k.shape[1:]), v.expand(rows, *v.shape[1:]), i)
        return out

    @staticmethod
    def stacked(
        parts: list[GrowingCache], prefix: int, room: int, into: GrowingCache | None = None
    ) -> GrowingCache:
        """Row blocks prefilled apart (each left-padded to its own width after a ``prefix``
        they share) as one batch, padded to the widest: the positions added sit between the
        prefix and each row's own tokens, where the attention mask is already 0, so what they
        hold (zeros) is never read. ``into``: an empty cache to fill (default: a new one).
        The parts are consumed: each layer's tensors are let go once copied, so the stacking
        holds about one batch's cache, not two (a Dolly-length eval batch's fp32 cache is
        ~0.75 GB; benchmarks/results/bench-dolly-like/rss-stages.md)."""
        width = max(p.get_seq_length() for p in parts)
        rows = sum(p.layers[0].keys.shape[0] for p in parts)
        out = into if into is not None else GrowingCache(room, parts[0]._dtype())
        for i in range(len(parts[0].layers)):
            kv = []
            for which in ("keys", "values"):
                first = getattr(parts[0].layers[i], which)
                _, h, _, d = first.shape
                full = first.new_zeros(rows, h, width, d)
                r = 0
                for p in parts:
                    t = getattr(p.layers[i], which)
                    n, w = t.shape[0], t.shape[-2]
                    full[r : r + n, :, :prefix] = t[:, :, :prefix]
                    full[r : r + n, :, width - (w - prefix) :] = t[:, :, prefix:]
                    r += n
                kv.append(full)
            for p in parts:
                p.layers[i].release()
            out.update(kv[0], kv[1], i)
        return out

    def _dtype(self) -> Any:
        return self.layers[0].store_dtype if self.layers else None
