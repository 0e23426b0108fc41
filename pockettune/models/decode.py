"""Batched decoding with our own loop over the model's forward pass.

``transformers``' ``generate()`` costs several times the model's own forward pass per step
for a 135M model on a CPU (logits processors, stopping criteria and per-step bookkeeping
written for large models), and it keeps finished rows in the batch until the longest one
ends. This loop does one forward per step and nothing else: rows that emitted EOS leave the
batch (their KV cache rows are dropped, a group at a time: see ``COMPACT_EVERY``), so a batch
gets cheaper as it finishes, and larger batches pay off; prompts are prefilled in blocks of
``PREFILL_ROWS``, each padded only to its own longest (models/prefill.py). Greedy decoding
picks the same tokens as ``generate()`` (``argmax`` of the same logits); a test checks it on
the tiny and on the real model.

How each token is chosen (:class:`Decoding`: greedy, or seeded per-row sampling with
repetition control) is models/sampling.py; :class:`Then`, a format constraint that forces
tokens after a trigger, is applied here.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from .prefill import MIN_SHARED, PREFILL_ROWS, forward, prefill_batch, shared_prefix
from .sampling import NUCLEUS_FIRST, Chooser, Decoding, TokenKinds, banned_tokens, loop_cut, nucleus

# Names that lived here before the split stay importable (their old private names too); a test
# that patches a constant patches it in its home module, where the code looks it up.
_prefill, _forward, _shared_prefix = prefill_batch, forward, shared_prefix
_Chooser, _nucleus, _banned = Chooser, nucleus, banned_tokens
__all__ = [
    "COMPACT_EVERY",
    "MIN_SHARED",
    "NUCLEUS_FIRST",
    "PREFILL_ROWS",
    "Decoding",
    "Then",
    "decode_batch",
]


@dataclass(frozen=True)
class Then:
    """A format constraint: once a row emits one of ``trigger`` (say, any token holding a
    newline), the next tokens are ``forced`` (say, ``Answer:``) instead of chosen. Synthesis
    uses it so every generation keeps the ``Question: ... Answer: ...`` shape."""

    trigger: frozenset[int]
    forced: tuple[int, ...]
    on_eos: tuple[int, ...] = ()
    """Fed instead of an EOS that comes before any trigger (say, newline + ``Answer:``): a
    small model often ends after the question."""
    end_line: bool = False
    """After the forced tokens and at least one chosen token, the next trigger token (kept)
    ends the row: one line follows ``Answer:``, instead of whatever the model adds after it
    until EOS or the token limit (say, a second pair or a commentary the filter reads as part
    of the answer)."""


def decode_batch(
    model: Any,
    prompts: list[list[int]],
    max_new_tokens: int,
    eos: set[int],
    pad: int,
    decoding: Decoding = Decoding(),  # noqa: B008 (frozen, so one shared default is safe)
    copies: int = 1,
    seeds: list[int] | None = None,
    then: Then | None = None,
    shared_kv: bool = True,
    on_prefill: Callable[..., None] | None = None,
    kinds: TokenKinds | None = None,
) -> list[list[int]]:
    """Token ids generated for each prompt (``copies`` per prompt, grouped), EOS excluded.

    Prompts are prefilled once (:func:`.prefill.prefill_batch`): a prefix that all of them
    share (a few-shot prompt, a system prompt) is run once; the rest is left-padded into one
    batch, the padding sitting between the shared prefix and each row's own tokens, masked out.
    With ``shared_kv`` the prefix's keys and values stay one row that every row attends to
    (:mod:`.cascade`); without, they are copied into every row (the reference). With
    ``copies > 1`` each prompt's KV cache is repeated rather than recomputed. ``seeds`` (one
    per output row) seed the per-row samplers. ``on_prefill(cache, logits, mask, pos)`` is
    called once the prompts are prefilled, before the first token is chosen; it must leave
    the cache as it found it (models/teacher.py scores references there). ``kinds``: the
    tokenizer's sentence-end and blank tokens, for a stop on a repeat
    (:func:`.sampling.token_kinds`; without, a stop cuts at tokens only)."""
    import torch

    with torch.inference_mode():
        cache, logits, mask, pos = prefill_batch(
            model, prompts, pad, copies, max_new_tokens, shared_kv
        )
        if on_prefill is not None:
            on_prefill(cache, logits, mask, pos)
        prompts = [p for p in prompts for _ in range(copies)]
        n = len(prompts)
        chooser = Chooser(decoding, prompts, logits.shape[-1], seeds or list(range(n)), kinds)
        out: list[list[int]] = [[] for _ in range(n)]
        rows = list(range(n))  # output row of each batch row
        live = [True] * n  # rows that have not ended; ended ones leave in groups
        pending: dict[int, list[int]] = {}  # with ``then``: forced tokens still to feed, per row
        forced_done: set[int] = set()
        answered: set[int] = set()  # with ``then.end_line``: rows that wrote after the forcing
        next_pos = pos[:, -1] + 1
        for step in range(max_new_tokens):
            tok = chooser.choose(logits, [out[r] for r in rows]).tolist()
            ends: set[int] = set()
            if then is not None:
                ends = _force(then, rows, tok, pending, forced_done, eos, answered)
            for j, (row, t) in enumerate(zip(rows, tok)):
                if live[j] and chooser.stopped[j]:  # it wants to loop: end before the loop
                    out[row] = out[row][: loop_cut(out[row], decoding, kinds)]
                    live[j] = False
                elif live[j] and t in eos:
                    live[j] = False
                elif live[j]:
                    out[row].append(t)
                    live[j] = j not in ends
            ended = live.count(False)
            if ended == len(rows) or step == max_new_tokens - 1:
                break
            if ended * COMPACT_EVERY >= len(rows):  # ended rows leave the batch and its cache
                keep = [j for j, a in enumerate(live) if a]
                sel = torch.tensor(keep)
                cache.batch_select_indices(sel)
                mask, next_pos = mask[sel], next_pos[sel]
                chooser.select(sel)
                rows, tok, live = (
                    [rows[j] for j in keep],
                    [tok[j] for j in keep],
                    [True] * len(keep),
                )
            mask = torch.cat([mask, mask.new_ones(len(rows), 1)], 1)
            logits = (
                forward(
                    model,
                    cache,
                    input_ids=torch.tensor(tok).unsqueeze(1),
                    attention_mask=mask,
                    position_ids=next_pos.unsqueeze(1),
                )
                .logits[:, -1]
                .float()
            )  # bf16 logits (bf16 runs) would round sampling weights
            next_pos = next_pos + 1
    return out


COMPACT_EVERY = 8
"""Ended rows leave the batch once they are 1/COMPACT_EVERY of it: every removal copies the
whole KV cache, and one at a time cost ~10% of a batch-128 decode."""


def _force(
    then: Then,
    alive: list[int],
    tok: list[int],
    pending: dict[int, list[int]],
    done: set[int],
    eos: set[int],
    answered: set[int],
) -> set[int]:
    """Apply ``then`` in place: replace chosen tokens by forced ones where a row is due.
    Returns the batch indices whose token, once written, ends their row (``end_line``)."""
    ends: set[int] = set()
    for j, row in enumerate(alive):
        queue = pending.get(row)
        if queue:
            tok[j] = queue.pop(0)
        elif row in done:
            if not then.end_line or tok[j] in eos:
                continue
            if row in answered and tok[j] in then.trigger:
                ends.add(j)
            elif tok[j] not in then.trigger:
                answered.add(row)
        elif tok[j] in then.trigger:
            pending[row] = list(then.forced)
            done.add(row)
        elif tok[j] in eos and then.on_eos:
            seq = list(then.on_eos)
            tok[j] = seq.pop(0)
            pending[row] = seq
            done.add(row)
    return ends
