"""Token-by-token generation from a prefill we run ourselves, so the reply's own forward pass
also yields the prompt's embedding (selection then costs no extra pass).

    pre = prefill(model, ids)             # one forward pass over the prompt, with a KV cache
    pre.embedding                         # final-layer hidden state (after the final norm) at
                                          # the last prompt token: what HiddenStateEmbedder gives
    for piece in decode(model, tok, pre, max_new_tokens=64):
        print(piece, end="")

``decode`` is a plain generator (one forward step per ``next``), so a server can interleave
several replies on one thread: see :mod:`pockettune.serve.engine`. Batched, non-streaming
generation stays in :mod:`pockettune.models.generate`.
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

import numpy as np

from .decode import Decoding


@dataclass
class Prefill:
    cache: Any
    """The KV cache of the whole prompt."""
    logits: Any
    """Next-token logits after the last prompt token (1 x vocab)."""
    embedding: np.ndarray
    """Final hidden state of the last prompt token, float32 (the paper's embedding)."""
    n_tokens: int
    generated: list[int] = field(default_factory=list)


def prefill(model: Any, ids: list[int]) -> Prefill:
    """Run the prompt through the backbone once with a cache; the LM head only sees the last
    position. Works for a plain causal LM and a PEFT-wrapped one (LoRA layers are injected
    into the same backbone)."""
    import torch
    from transformers import DynamicCache

    cache = DynamicCache()
    x = torch.tensor([ids])
    with torch.inference_mode():
        h = model.get_decoder()(
            input_ids=x, past_key_values=cache, use_cache=True
        ).last_hidden_state
        logits = model.get_output_embeddings()(h[:, -1:, :])[:, -1, :]
    emb = h[0, -1].float().numpy().astype(np.float32)
    return Prefill(cache, logits, emb, len(ids))


def chat_decoding(temperature: float = 0.0, top_p: float = 1.0) -> Decoding:
    """Chat and serving defaults, chosen on dev items (benchmarks/results/decoding.md):
    greedy with no repeated token 3-gram in the reply (no loops, ROUGE-1 as good as plain
    greedy or better), and the reply ends where the model first wants to repeat one: a LoRA
    adapter's replies looped, and the ban alone reworded the loop into word salad until the
    token limit (benchmarks/results/replies.md); sampled requests get llama.cpp's usual
    top-k 40 and penalty 1.1."""
    if temperature <= 0:
        return Decoding(no_repeat_ngram=3, stop_on_repeat=1)
    return Decoding(temperature, top_p if top_p < 1.0 else 0.95, 40, 1.1, 3)


def decode(
    model: Any,
    tokenizer: Any,
    pre: Prefill,
    max_new_tokens: int = 128,
    temperature: float = 0.0,
    top_p: float = 1.0,
    stop: list[str] | None = None,
    seed: int = 0,
    decoding: Decoding | None = None,
) -> Iterator[str]:
    """Yield the reply's text piece by piece; ends at EOS, ``max_new_tokens`` or a ``stop``
    string (which is not yielded). ``pre.generated`` holds the token ids afterwards.
    ``decoding`` defaults to :func:`chat_decoding` of ``temperature`` and ``top_p``."""
    import torch

    from .sampling import Chooser, held_tokens, loop_cut, token_kinds

    d = decoding or chat_decoding(temperature, top_p)
    cfg_eos = getattr(getattr(model, "generation_config", None), "eos_token_id", None)
    eos = {tokenizer.eos_token_id, *(cfg_eos if isinstance(cfg_eos, list) else [cfg_eos])}
    kinds = token_kinds(tokenizer) if d.stops else None
    chooser = Chooser(d, [[]], pre.logits.shape[-1], [seed], kinds)  # penalties: the reply only
    logits, pos, sent = pre.logits, pre.n_tokens, 0
    stops = [s for s in (stop or []) if s]
    for _ in range(max_new_tokens):
        tok = int(chooser.choose(logits, [pre.generated])[0])
        if chooser.stopped[0]:  # it wants to loop: the reply ends before the loop began
            del pre.generated[loop_cut(pre.generated, d, kinds) :]
            break
        if tok in eos:
            break
        pre.generated.append(tok)
        text = tokenizer.decode(pre.generated, skip_special_tokens=True)
        cut = min((i for i in (text.find(s, max(0, sent - len(s))) for s in stops) if i >= 0),
                  default=-1)  # fmt: skip
        if cut >= 0:
            if cut > sent:
                yield text[sent:cut]
            return
        # hold back a partial UTF-8 character and any tail that may begin a stop string
        hold = max([len(s) - 1 for s in stops] + [0])
        safe = len(text) - (1 if text.endswith("\ufffd") else 0)
        safe = max(sent, min(safe, len(text) - hold) if stops else safe)
        if d.stops:  # the last tokens may yet be cut off by a stop on a repeat
            kept = tokenizer.decode(pre.generated[: -held_tokens(d)], skip_special_tokens=True)
            safe = max(sent, min(safe, len(kept) - (1 if kept.endswith("\ufffd") else 0)))
        if safe > sent:
            yield text[sent:safe]
            sent = safe
        with torch.inference_mode():
            out = model(
                input_ids=torch.tensor([[tok]]),
                position_ids=torch.tensor([[pos]]),
                past_key_values=pre.cache,
                use_cache=True,
            )
        logits, pos = out.logits[:, -1], pos + 1
    text = tokenizer.decode(pre.generated, skip_special_tokens=True)
    if len(text) > sent:
        yield text[sent:]
