"""The training objective, shared by the LoRA loop and the held-out scoring."""

from __future__ import annotations

from typing import Any

TRAIN_VERSION = 2
"""Bumped when training computes something different for the same settings, so cached bench
cells of the old code are not reused. 2: packed examples no longer attend to each other."""


def response_loss_sum(model: Any, batch: dict[str, Any]) -> Any:
    """Summed next-token cross-entropy on response tokens only, computing logits only there.

    The LM head of a small model is a large share of its compute (49k x 576 for SmolLM2 against
    ~106M weights in the body) and its logits dominate training memory; prompt positions carry
    no loss, so they never go through it. No attention mask and no cache are passed, so the
    backbone sees the packed rows' restarting position ids and builds a block-diagonal causal
    mask (transformers skips that detection when a cache exists, and with ``use_cache`` on it
    makes one: packed examples then attended to each other). A row whose prompt prefix is
    shared (train/prefix.py) brings its own 4D mask instead. A sum (not a mean) so that pieces
    run one at a time add up to the same step as rows run together.
    """
    import torch.nn.functional as F

    base = model.get_base_model()
    decoder, head = base.get_decoder(), base.get_output_embeddings()
    hidden = decoder(
        inputs_embeds=stream_embeddings(decoder, batch["input_ids"]),
        position_ids=batch["position_ids"],
        attention_mask=batch.get("attention_mask"),
        use_cache=False,
    ).last_hidden_state
    target = batch["labels"][:, 1:]
    keep = target != -100
    logits = head(hidden[:, :-1][keep].to(head.weight.dtype))
    return F.cross_entropy(logits.float(), target[keep], reduction="sum")


def stream_embeddings(decoder: Any, input_ids: Any) -> Any:
    """The token embeddings in the residual stream's dtype: the frozen layers' (bf16 when
    low_precision swapped them without autocast, as training does), else the embeddings' own."""
    embed = decoder.get_input_embeddings()
    frozen = (p.dtype for p in decoder.layers[0].parameters() if not p.requires_grad)
    return embed(input_ids).to(next(frozen, embed.weight.dtype))


def response_tokens(batch: dict[str, Any]) -> int:
    """How many positions of ``batch`` carry loss."""
    return int((batch["labels"][:, 1:] != -100).sum())


def response_loss(model: Any, batch: dict[str, Any]) -> Any:
    """Mean next-token cross-entropy on the response tokens of ``batch``."""
    return response_loss_sum(model, batch) / max(1, response_tokens(batch))
