"""Prompts and generation: one prompt format for annotation, synthesis, training and eval.

Training and evaluation must see the same prompt, so every stage builds it here: the chat
template with the turn's context and question as the user message.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any


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
    batch_size: int = 8,
    do_sample: bool = False,
    temperature: float = 1.0,
    top_p: float = 1.0,
    num_return_sequences: int = 1,
    seed: int = 0,
    progress: bool = False,
    desc: str = "generate",
) -> list[str]:
    """Batched generation with left padding; returns ``len(prompts) * num_return_sequences``
    decoded continuations, grouped by prompt. Prompts are sorted by length so a batch wastes
    little on padding; results come back in input order."""
    import torch
    from tqdm import tqdm

    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    order = sorted(range(len(prompts)), key=lambda i: len(prompts[i]))
    out: dict[int, list[str]] = {}
    torch.manual_seed(seed)
    bar = tqdm(total=len(prompts), desc=desc, unit="prompt", disable=not progress)
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        width = max(len(prompts[i]) for i in idx)
        ids = torch.tensor([[pad] * (width - len(prompts[i])) + prompts[i] for i in idx])
        mask = torch.tensor([[0] * (width - len(prompts[i])) + [1] * len(prompts[i]) for i in idx])
        kwargs: dict[str, Any] = {"do_sample": do_sample}
        if do_sample:
            kwargs.update(temperature=temperature, top_p=top_p)
        with torch.inference_mode():
            if num_return_sequences > 1:
                # Prefill each prompt once, then copy its cache for the k samples: generate()
                # would otherwise run the (long, few-shot) prompt k times.
                kwargs["past_key_values"] = _prefill(model, ids, mask, num_return_sequences)
                ids = ids.repeat_interleave(num_return_sequences, 0)
                mask = mask.repeat_interleave(num_return_sequences, 0)
            gen = model.generate(
                input_ids=ids,
                attention_mask=mask,
                max_new_tokens=max_new_tokens,
                pad_token_id=pad,
                **kwargs,
            )
        texts = tokenizer.batch_decode(gen[:, width:], skip_special_tokens=True)
        for j, i in enumerate(idx):
            out[i] = [
                t.strip() for t in texts[j * num_return_sequences : (j + 1) * num_return_sequences]
            ]
        bar.update(len(idx))
    bar.close()
    return [t for i in range(len(prompts)) for t in out[i]]


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


def stream_reply(
    model: Any,
    tokenizer: Any,
    prompt: list[int],
    max_new_tokens: int = 128,
    do_sample: bool = False,
) -> Iterator[str]:
    """Yield the reply piece by piece as it is generated (for the terminal chat); sampled
    (temperature 0.8, top-p 0.95) when the user asked for another reply."""
    import threading

    import torch
    from transformers import TextIteratorStreamer

    streamer = TextIteratorStreamer(tokenizer, skip_prompt=True, skip_special_tokens=True)
    ids = torch.tensor([prompt])
    kwargs = dict(
        input_ids=ids,
        attention_mask=torch.ones_like(ids),
        max_new_tokens=max_new_tokens,
        do_sample=do_sample,
        repetition_penalty=1.1,
        streamer=streamer,
        pad_token_id=tokenizer.pad_token_id or tokenizer.eos_token_id,
    )
    if do_sample:
        kwargs.update(temperature=0.8, top_p=0.95)
    worker = threading.Thread(target=lambda: model.generate(**kwargs), daemon=True)
    worker.start()
    yield from streamer
    worker.join()
