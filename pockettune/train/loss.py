"""The training objective, shared by the LoRA loop and the held-out scoring."""

from __future__ import annotations

from typing import Any


def response_loss(model: Any, batch: dict[str, Any]) -> Any:
    """Next-token cross-entropy on response tokens only, computing logits only there.

    The LM head of a small model is a large share of its compute (49k x 576 for SmolLM2 against
    ~106M weights in the body) and its logits dominate training memory; prompt positions carry
    no loss, so they never go through it. No attention mask is passed, so the backbone sees the
    packed rows' restarting position ids and builds a block-diagonal causal mask.
    """
    import torch.nn.functional as F

    base = model.get_base_model()
    hidden = base.get_decoder()(
        input_ids=batch["input_ids"], position_ids=batch["position_ids"]
    ).last_hidden_state
    target = batch["labels"][:, 1:]
    keep = target != -100
    logits = base.get_output_embeddings()(hidden[:, :-1][keep])
    return F.cross_entropy(logits, target[keep])
