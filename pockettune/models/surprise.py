"""The model's own surprise at a message: mean negative log-likelihood per token of the user's
side of a turn (context and question) under the LLM it is given (the base model, in pockettune).

A label-free signal the paper does not use (issue #12's "model surprise"): a message the model
already predicts well teaches an adapter little, one it finds unlikely is new to it. It costs a
forward pass with the LM head, which the selection embedding skips; the head runs only on the
real positions, a chunk at a time, so 8 texts of 512 tokens never hold 8 x 512 x 49k logits.
The first token has nothing to be predicted from and is not counted; a one-token text scores 0,
so a bare "Hi" never looks surprising.
"""

from __future__ import annotations

from typing import Any

import numpy as np

HEAD_CHUNK = 1024
"""Positions sent through the LM head at once (1024 x 49k fp32 logits = 200 MB for SmolLM2)."""


def surprise_text(question: str, context: str = "") -> str:
    """The user's side of a turn, as the surprise is measured on it."""
    return "\n".join(p for p in (context, question) if p)


def surprise_many(
    model: Any, tokenizer: Any, texts: list[str], max_tokens: int = 512, batch_size: int = 8
) -> np.ndarray:
    """Mean NLL per predicted token of each text (nats; 0 for a text under two tokens)."""
    import torch
    import torch.nn.functional as F

    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    out = np.zeros(len(texts))
    tokenizer.padding_side = "right"
    for start in range(0, len(texts), batch_size):
        enc = tokenizer(
            texts[start : start + batch_size],
            return_tensors="pt",
            padding=True,
            truncation=True,
            max_length=max_tokens,
            add_special_tokens=False,
        )
        ids, mask = enc["input_ids"], enc["attention_mask"]
        if ids.shape[1] < 2:
            continue
        keep = mask[:, 1:].bool()  # right padding: position t predicts a real token t + 1
        rows = keep.nonzero()[:, 0]
        with torch.inference_mode():
            hidden = base.get_decoder()(
                input_ids=ids, attention_mask=mask, use_cache=False
            ).last_hidden_state[:, :-1][keep]
            target = ids[:, 1:][keep]
            head = base.get_output_embeddings()
            nll = torch.cat(
                [
                    F.cross_entropy(
                        head(hidden[i : i + HEAD_CHUNK]).float(),
                        target[i : i + HEAD_CHUNK],
                        reduction="none",
                    )
                    for i in range(0, len(target), HEAD_CHUNK)
                ]
            )
        n = len(ids)
        total = torch.zeros(n).index_add_(0, rows, nll)
        count = keep.sum(1)
        mean = torch.where(count > 0, total / count.clamp(min=1), torch.zeros(n))
        out[start : start + n] = mean.numpy()
    return out
