"""Prompts and generation: one prompt format for annotation, synthesis, training and eval.

Training and evaluation must see the same prompt, so every stage builds it here: the chat
template with the turn's context and question as the user message.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import partial
from typing import Any

from .decode import Decoding, Then, decode_batch
from .sampling import token_kinds


def user_message(question: str, context: str = "") -> str:
    return f"{context}\n{question}" if context else question


def prompt_ids(
    tokenizer: Any,
    question: str,
    context: str = "",
    max_tokens: int = 512,
    system: str = "",
    examples: list[tuple[str, str]] | None = None,
) -> list[int]:
    """Token ids of the chat prompt, ending where the assistant's reply begins; a long
    context is cut from the left so the question itself always fits. ``system`` and
    ``examples`` (earlier question/answer pairs) personalize it without training."""
    msgs = [{"role": "system", "content": system}] if system else []
    for q, a in examples or []:
        msgs += [{"role": "user", "content": q}, {"role": "assistant", "content": a}]
    msgs.append({"role": "user", "content": user_message(question, context)})
    ids = tokenizer.apply_chat_template(msgs, add_generation_prompt=True, tokenize=True)
    if isinstance(ids, dict) or hasattr(ids, "input_ids"):
        ids = ids["input_ids"]
    return list(ids)[-max_tokens:]


def generate_many(
    model: Any,
    tokenizer: Any,
    prompts: list[list[int]],
    max_new_tokens: int = 64,
    batch_size: int = 32,
    do_sample: bool = False,
    temperature: float = 1.0,
    top_p: float = 1.0,
    num_return_sequences: int = 1,
    seed: int = 0,
    progress: bool = False,
    desc: str = "generate",
    decoding: Decoding | None = None,
    engine: str = "fast",
    then: Then | None = None,
    prompt_seeds: list[int] | None = None,
    precision: str = "fp32",
    shared_kv: bool = True,
    page_out: bool = False,
    on_prefill: Callable[..., None] | None = None,
) -> list[str]:
    """Batched generation; returns ``len(prompts) * num_return_sequences`` decoded
    continuations, grouped by prompt. Prompts are sorted by length so a batch wastes little on
    padding; results come back in input order. ``decoding`` overrides the
    ``do_sample``/``temperature``/``top_p`` shorthand. ``engine="fast"`` is our own loop
    (:mod:`.decode`); ``"hf"`` is ``transformers``' ``generate()``, kept as the reference.
    ``then`` (a format constraint) needs the fast engine. ``prompt_seeds`` (fast engine) gives
    each prompt its own seed, so a prompt samples the same whether it runs alone or batched.
    ``precision`` (``LoadedModel.precision``) runs the batch in bf16 (:mod:`.precision`).
    ``shared_kv`` (fast engine) keeps the prompts' common prefix in the KV cache once for all
    rows (:mod:`.cascade`) instead of once per row, so a batch holds more rows. ``page_out``
    (a long bf16 job such as synthesis) hands the idle fp32 weights' pages back to the OS while
    it runs (:func:`~pockettune.eval.memory.page_out`). ``on_prefill(indices, cache, logits,
    mask, pos)`` (fast engine) sees each batch's prefill (``indices``: its prompts), before
    decoding: evaluation scores the references there (models/teacher.py)."""
    from tqdm import tqdm

    from ..eval.memory import release_free_memory
    from .precision import low_precision
    from .prefill import shared_prefix

    if decoding is None:
        decoding = Decoding(temperature=temperature if do_sample else 0.0, top_p=top_p)
    k = num_return_sequences
    order = sorted(range(len(prompts)), key=lambda i: len(prompts[i]))
    out: dict[int, list[str]] = {}
    eos = _eos_ids(model, tokenizer)
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else min(eos)
    kinds = token_kinds(tokenizer) if decoding.stops else None
    # Held once, the common prefix takes no per-row room in the KV budget.
    held_once = shared_prefix(prompts) if shared_kv and engine == "fast" else 0
    batches = _batches(order, prompts, max(1, batch_size // k), k, max_new_tokens, held_once)
    bar = tqdm(total=len(prompts), desc=desc, unit="prompt", disable=not progress)
    with low_precision(model, precision, page_out=page_out):
        for idx in batches:
            batch = [prompts[i] for i in idx]
            if engine == "hf":
                if then is not None:
                    raise ValueError("format constraints need engine='fast'")
                texts = _hf_generate(
                    model, tokenizer, batch, max_new_tokens, decoding, k, seed, pad
                )
            else:
                seeds = [
                    _row_seed(prompt_seeds[i], 0, j) if prompt_seeds else _row_seed(seed, i, j)
                    for i in idx
                    for j in range(k)
                ]
                hook = partial(on_prefill, idx) if on_prefill is not None else None
                ids = decode_batch(
                    model, batch, max_new_tokens, eos, pad, decoding, k, seeds, then, shared_kv,
                    hook, kinds,
                )  # fmt: skip
                texts = tokenizer.batch_decode(ids, skip_special_tokens=True)
            for j, i in enumerate(idx):
                out[i] = [t.strip() for t in texts[j * k : (j + 1) * k]]
            bar.update(len(idx))
    bar.close()
    release_free_memory()  # the batches' KV caches are free now: give them back
    return [t for i in range(len(prompts)) for t in out[i]]


KV_BUDGET = 16_384
"""Most KV-cache positions (rows x (prompt + reply)) one batch holds: 128 short prompts fit
(ALPACA's: ~14k), long ones (few-shot synthesis prompts, long chats) go in fewer rows, so a
batch's cache stays near 0.4 GB in bf16 whatever the prompts. At 24,576, synthesis' ~500-token
prompts (~40 rows) took a round's peak RSS from 2.4 to 2.6 GB; at batch 96 with no budget,
3.3 GB (benchmarks/results/round-chitchat*.md)."""


def _batches(
    order: list[int],
    prompts: list[list[int]],
    rows: int,
    copies: int,
    new: int,
    held_once: int = 0,
) -> list[list[int]]:
    """``order`` (prompts sorted by length) cut into batches of at most ``rows`` prompts and
    at most :data:`KV_BUDGET` cache positions a row holds (a prompt alone is always a batch);
    ``held_once``: leading positions every prompt shares and no row holds (:mod:`.cascade`)."""
    out: list[list[int]] = []
    widest = 0  # the longest prompt of the batch being filled
    for i in order:
        n = len(prompts[i]) - held_once
        fits = (len(out[-1]) + 1) * copies * (max(widest, n) + new) <= KV_BUDGET if out else False
        if fits and len(out[-1]) < rows:
            out[-1].append(i)
            widest = max(widest, n)
        else:
            out.append([i])
            widest = n
    return out


def _row_seed(seed: int, prompt: int, copy: int) -> int:
    """A sampler seed per output row, independent of batching."""
    return (seed * 1_000_003 + prompt * 1_009 + copy) % (2**63)


def _eos_ids(model: Any, tokenizer: Any) -> set[int]:
    ids = getattr(getattr(model, "generation_config", None), "eos_token_id", None)
    ids = set(ids if isinstance(ids, list) else [ids] if ids is not None else [])
    if tokenizer.eos_token_id is not None:
        ids.add(tokenizer.eos_token_id)
    return ids


def _hf_generate(
    model: Any,
    tokenizer: Any,
    batch: list[list[int]],
    max_new_tokens: int,
    decoding: Decoding,
    k: int,
    seed: int,
    pad: int,
) -> list[str]:
    """The reference path: ``transformers``' ``generate()`` on one left-padded batch."""
    import torch

    torch.manual_seed(seed)
    width = max(len(p) for p in batch)
    ids = torch.tensor([[pad] * (width - len(p)) + p for p in batch])
    mask = torch.tensor([[0] * (width - len(p)) + [1] * len(p) for p in batch])
    kwargs: dict[str, Any] = {"do_sample": not decoding.greedy}
    if not decoding.greedy:
        kwargs.update(temperature=decoding.temperature, top_p=decoding.top_p)
        if decoding.top_k:
            kwargs["top_k"] = decoding.top_k
    if decoding.repetition_penalty != 1.0:
        kwargs["repetition_penalty"] = decoding.repetition_penalty
    if decoding.no_repeat_ngram:
        kwargs["no_repeat_ngram_size"] = decoding.no_repeat_ngram
    with torch.inference_mode():
        if k > 1:
            # Prefill each prompt once, then copy its cache for the k samples: generate()
            # would otherwise run the (long, few-shot) prompt k times.
            kwargs["past_key_values"] = _prefill(model, ids, mask, k)
            ids = ids.repeat_interleave(k, 0)
            mask = mask.repeat_interleave(k, 0)
        gen = model.generate(
            input_ids=ids,
            attention_mask=mask,
            max_new_tokens=max_new_tokens,
            pad_token_id=pad,
            **kwargs,
        )
    return tokenizer.batch_decode(gen[:, width:], skip_special_tokens=True)


def _prefill(model: Any, ids: Any, mask: Any, copies: int) -> Any:
    """KV cache of every prompt but its last token, repeated ``copies`` times per row."""
    from transformers import DynamicCache

    cache = DynamicCache()
    pos = (mask.cumsum(-1) - 1).clamp(min=0)
    model(
        input_ids=ids[:, :-1],
        attention_mask=mask[:, :-1],
        position_ids=pos[:, :-1],
        past_key_values=cache,
        use_cache=True,
        logits_to_keep=1,
    )
    cache.batch_repeat_interleave(copies)
    return cache
