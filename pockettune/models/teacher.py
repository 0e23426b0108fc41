"""The likelihood of given continuations over prompts already prefilled for decoding.

Evaluation needs two things of a held-out item: the reference reply's NLL under the model
(teacher forcing) and the model's own greedy reply. Both start from the same prompt, and on a
CPU the prompt's forward pass is most of either, so eval scores the reference inside the
decoding batch, right after the prefill (``decode_batch(on_prefill=...)``): the reference
tokens run over the prompt's KV cache, and the cache is cut back to the prompt's end before
the reply is decoded, which then sees exactly what it would have seen. One prefill per item
instead of two; the NLL equals a separate pass's up to float rounding (a test checks it).
"""

from __future__ import annotations

from typing import Any

IGNORE = -100


def continuation_nll(
    model: Any, cache: Any, logits: Any, mask: Any, pos: Any, conts: list[list[int]], pad: int
) -> list[float]:
    """Mean NLL per token of each row's continuation ``conts[i]`` (non-empty) after its
    prompt, whose prefill left ``cache``, the last ``logits`` (which score the first token),
    the 2D ``mask`` and own positions ``pos`` (models/prefill.prefill_batch). The cache is
    truncated back to the prompts afterwards. The LM head runs on continuation positions
    only, as eval/score.reference_nll does."""
    import torch
    import torch.nn.functional as F

    from .prefill import forward

    n = len(conts)
    first = torch.tensor([c[0] for c in conts])
    sums = -F.log_softmax(logits.float(), -1)[torch.arange(n), first]
    counts = torch.tensor([float(len(c)) for c in conts])
    width = max(len(c) for c in conts) - 1  # the last token is only ever a target
    if width > 0:
        fed = [c[:-1] + [pad] * (width - len(c) + 1) for c in conts]
        own = [[1] * (len(c) - 1) + [0] * (width - len(c) + 1) for c in conts]
        target = torch.tensor([c[1:] + [IGNORE] * (width - len(c) + 1) for c in conts])
        base = model.get_base_model() if hasattr(model, "get_base_model") else model
        length = cache.get_seq_length()
        hidden = forward(
            base.get_decoder(),
            cache,
            input_ids=torch.tensor(fed),
            attention_mask=torch.cat([mask, torch.tensor(own, dtype=mask.dtype)], 1),
            position_ids=pos[:, -1:] + 1 + torch.arange(width),
        ).last_hidden_state
        truncate(cache, length)
        keep = target != IGNORE
        loss = head_nll(base, hidden[keep], target[keep])
        sums = sums.index_add(0, keep.nonzero()[:, 0], loss)
    return (sums / counts).tolist()


HEAD_ROWS = 1024
"""Positions the LM head scores at once. Its logits are 49k wide (192 KB a position in fp32,
twice that with the log-softmax): 16 long references at once (~3,000 positions) took 1.2 GB,
which set the Dolly-length bench cell's peak RSS (benchmarks/results/bench-dolly-like/)."""


def head_nll(base: Any, hidden: Any, target: Any) -> Any:
    """Per-position NLL of ``target`` (n,) under the LM head over ``hidden`` (n, d), in
    blocks of :data:`HEAD_ROWS` positions: the same numbers as one pass (each position's loss
    is its own), without ever holding n x vocab logits."""
    import torch
    import torch.nn.functional as F

    head = base.get_output_embeddings()
    parts = [
        F.cross_entropy(head(hidden[i : i + HEAD_ROWS]).float(), target[i : i + HEAD_ROWS],
                        reduction="none")
        for i in range(0, len(target), HEAD_ROWS)
    ]  # fmt: skip
    return torch.cat(parts) if parts else hidden.new_zeros(0)


def truncate(cache: Any, length: int) -> None:
    """Forget every position of a :class:`~.kvcache.GrowingCache` after the first
    ``length`` of the rows' own (a shared prefix is kept apart and untouched)."""
    for layer in cache.layers:
        layer._n = length
        layer._views()
