"""What the training benchmarks share: a real chitchat speaker's turns as packed training
steps, and the default LoRA on the embedded model, as ``pockettune train`` builds them."""

from __future__ import annotations

from typing import Any


def speaker_steps(lm: Any, cfg: Any, n_examples: int) -> list[list[dict[str, list[int]]]]:
    """The first ``n_examples`` turns of the most active chitchat speaker (their replies as
    responses), packed into the optimizer steps of ``cfg.train``."""
    from pockettune.eval.protocol import load_dataset
    from pockettune.train.data import batch_schedule, make_example

    t = cfg.train
    turns = load_dataset("chitchat:1", n_examples, 10).stream
    examples = [
        make_example(lm.tokenizer, u.question, u.context, u.reference, t.max_example_tokens, "a")
        for u in turns
    ]
    return batch_schedule(examples, t)


def lora_model(lm: Any, cfg: Any) -> Any:
    """The default LoRA (``cfg.train``) on ``lm``'s model, in training mode, seeded."""
    import torch
    from peft import LoraConfig, get_peft_model

    t = cfg.train
    torch.manual_seed(0)
    lora = LoraConfig(
        r=t.rank, lora_alpha=t.alpha, lora_dropout=t.dropout, target_modules=list(t.targets)
    )
    model = get_peft_model(lm.model, lora)
    model.train()
    return model
