"""Batched decoding with our own loop over the model's forward pass.

``transformers``' ``generate()`` costs several times the model's own forward pass per step
for a 135M model on a CPU (logits processors, stopping criteria and per-step bookkeeping
written for large models), and it keeps finished rows in the batch until the longest one
ends. This loop does one forward per step and nothing else: rows that emitted EOS leave the
batch (their KV cache rows are dropped, a group at a time: see ``COMPACT_EVERY``), so a batch
gets cheaper as it finishes, and larger batches pay off; prompts are prefilled in blocks of
``PREFILL_ROWS``, each padded only to its own longest. Greedy decoding picks the same tokens
as ``generate()`` (``argmax`` of the same logits); a test checks it on the tiny and on the
real model.

Sampling draws every row from its own seeded generator, so a prompt's sample does not depend
on which other prompts share its batch: a benchmark cache keyed by (item, seed) stays valid
whatever the batch size. Repetition control (HF's repetition penalty semantics over the
prompt and the reply; no repeated n-grams) is part of :class:`Decoding`.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Decoding:
    """How the next token is chosen. The default is plain greedy decoding."""

    temperature: float = 0.0
    """0 = greedy (deterministic); otherwise softmax temperature for sampling."""
    top_p: float = 1.0
    """Nucleus sampling: keep the smallest set of tokens whose probability sums to top_p."""
    top_k: int = 0
    """Keep only the k most likely tokens before sampling (0 = all)."""
    repetition_penalty: float = 1.0
    """> 1 discourages every token already in the prompt or the reply (CTRL / HF semantics)."""
    no_repeat_ngram: int = 0
    """Forbid repeating any n-gram of this size within the reply (0 = off)."""

    @property
    def greedy(self) -> bool:
        return self.temperature <= 0


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
    decoding: Decoding = Decoding(),
    copies: int = 1,
    seeds: list[int] | None = None,
    then: Then | None = None,
    shared_kv: bool = True,
) -> list[list[int]]:
    """Token ids generated for each prompt (``copies`` per prompt, grouped), EOS excluded.

    Prompts are prefilled once: a prefix that all of them share (a few-shot prompt, a system
    prompt) is run once; the rest is left-padded into one batch, the padding sitting between
    the shared prefix and each row's own tokens, masked out. With ``shared_kv`` the prefix's
    keys and values stay one row that every row attends to (:mod:`.cascade`); without, they
    are copied into every row (the reference). With ``copies > 1`` each prompt's KV cache is
    repeated rather than recomputed. ``seeds`` (one per output row) seed the per-row
    samplers."""
    import torch

    with torch.inference_mode():
        cache, logits, mask, pos = _prefill(model, prompts, pad, copies, max_new_tokens, shared_kv)
        prompts = [p for p in prompts for _ in range(copies)]
        n = len(prompts)
        chooser = _Chooser(decoding, prompts, logits.shape[-1], seeds or list(range(n)))
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
                if live[j] and t in eos:
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
                _forward(
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


def _prefill(
    model: Any,
    prompts: list[list[int]],
    pad: int,
    copies: int,
    new_tokens: int,
    shared_kv: bool = True,
) -> tuple[Any, ...]:
    """(KV cache, last logits, attention mask, positions) of the batch, ``copies`` rows per
    prompt; the shared prefix is run once (see :func:`decode_batch`). The mask covers the
    prefix and every row's own positions."""
    import torch

    from .cascade import PrefixCache
    from .kvcache import GrowingCache

    shared = _shared_prefix(prompts)
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
    out = _forward(
        model, cache, input_ids=ids, attention_mask=mask, position_ids=pos, logits_to_keep=1
    )
    return cache, out.logits[:, -1].float()


def _forward(model: Any, cache: Any, **inputs: Any) -> Any:
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

COMPACT_EVERY = 8
"""Ended rows leave the batch once they are 1/COMPACT_EVERY of it: every removal copies the
whole KV cache, and one at a time cost ~10% of a batch-128 decode."""

MIN_SHARED = 16
"""A shared prefix shorter than this is prefilled with the rest (no gain in splitting it)."""


def _shared_prefix(prompts: list[list[int]]) -> int:
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


class _Chooser:
    """Next-token choice for the rows still decoding: penalties, then argmax or a sample."""

    def __init__(self, d: Decoding, prompts: list[list[int]], vocab: int, seeds: list[int]):
        import torch

        self.d = d
        self.seen = None
        if d.repetition_penalty != 1.0:
            self.seen = torch.zeros(len(prompts), vocab, dtype=torch.bool)
            for i, p in enumerate(prompts):
                self.seen[i, p] = True
        self.gens = None
        if not d.greedy:
            self.gens = [torch.Generator().manual_seed(int(s)) for s in seeds]

    def select(self, sel: Any) -> None:
        if self.seen is not None:
            self.seen = self.seen[sel]
        if self.gens is not None:
            self.gens = [self.gens[j] for j in sel.tolist()]

    def choose(self, logits: Any, replies: list[list[int]]) -> Any:
        import torch

        d = self.d
        logits = logits.float()
        if self.seen is not None:
            for i, r in enumerate(replies):
                if r:
                    self.seen[i, r[-1]] = True
            pen = torch.where(
                logits > 0, logits / d.repetition_penalty, logits * d.repetition_penalty
            )
            logits = torch.where(self.seen, pen, logits)
        if d.no_repeat_ngram > 0:
            logits = logits.clone()  # the model's output may be an inference-mode tensor
            for i, r in enumerate(replies):
                banned = _banned(r, d.no_repeat_ngram)
                if banned:
                    logits[i, banned] = -float("inf")
        if d.greedy:
            return logits.argmax(-1)
        logits = logits / d.temperature
        if d.top_k > 0:
            kth = logits.topk(min(d.top_k, logits.shape[-1]), -1).values[:, -1:]
            logits = logits.masked_fill(logits < kth, -float("inf"))
        probs = logits.softmax(-1)
        if d.top_p < 1.0:
            probs = _nucleus(probs, d.top_p)
        assert self.gens is not None
        return torch.cat(
            [torch.multinomial(probs[i], 1, generator=g) for i, g in enumerate(self.gens)]
        )


NUCLEUS_FIRST = 1024
"""Most likely tokens looked at first for the top-p nucleus; doubled while some row's nucleus
might reach past them."""


def _nucleus(probs: Any, top_p: float) -> Any:
    """``probs`` with every token outside the top-``top_p`` nucleus set to 0 (the token that
    crosses ``top_p`` is kept). Sorting the whole 49k vocabulary of 96 rows took longer than
    the model's decoding step; the nucleus of a sampled row is a few hundred tokens at most,
    so the ``topk`` of a first guess is sorted instead, and grown until every row's mass in
    it passes ``top_p`` (then no token beyond it can be in the nucleus). The kept values and
    their places are those of the full sort, so the samples drawn are the same."""
    import torch

    vocab = probs.shape[-1]
    k = min(NUCLEUS_FIRST, vocab)
    while True:
        top, idx = probs.topk(k, -1)  # sorted, most likely first
        cum = top.cumsum(-1)
        if k == vocab or bool((cum[:, -1] > top_p).all()):
            break
        k = min(2 * k, vocab)
    drop = cum - top > top_p  # mass before the token already past top_p
    return torch.zeros_like(probs).scatter_(-1, idx, top.masked_fill(drop, 0.0))


def _banned(reply: list[int], n: int) -> list[int]:
    """Tokens that would complete an n-gram already present in ``reply``."""
    if len(reply) < n:
        return []
    prefix = tuple(reply[len(reply) - n + 1 :])
    return [
        reply[i + n - 1] for i in range(len(reply) - n + 1) if tuple(reply[i : i + n - 1]) == prefix
    ]
