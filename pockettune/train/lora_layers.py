"""The LoRA layers a round puts on the shared base model, and the weights they start from.

    model = with_lora(lm.model, cfg.train)
    load_weights(model, adapters.path(3))  # continue version 3 instead of a fresh LoRA

PEFT wraps the model in place: the recipe (train/lora.py) unloads the layers again after the
round, so the base model (and the embeddings selection takes from it) is left as it was.
``train.top_layers`` adapts only the last decoder layers; ``train.variant`` picks rsLoRA or
DoRA; a round may continue an earlier adapter's weights instead of starting from B = 0.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from ..config import TrainConfig
from ..errors import PockettuneError


def with_lora(model: Any, cfg: TrainConfig) -> Any:
    """``model`` with fresh LoRA layers per ``train.*``: a PEFT model over the same modules,
    which are changed in place (the caller unloads them, even when a later setup step fails)."""
    from peft import LoraConfig, get_peft_model

    lora = LoraConfig(
        layers_to_transform=adapted_layers(model, cfg.top_layers),
        r=cfg.rank,
        lora_alpha=cfg.alpha,
        lora_dropout=cfg.dropout,
        target_modules=list(cfg.targets),
        task_type="CAUSAL_LM",
        use_rslora=cfg.variant == "rslora",
        use_dora=cfg.variant == "dora",
    )
    return get_peft_model(model, lora)


def load_weights(model: Any, folder: Path) -> None:
    """Start from an earlier adapter's LoRA weights (same rank and targets required)."""
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    try:
        state = load_file(str(folder / "adapter_model.safetensors"))
        result = set_peft_model_state_dict(model, state)
    except (OSError, RuntimeError) as e:
        raise PockettuneError(f"{folder}: cannot continue this adapter ({e})") from None
    missing = [k for k in getattr(result, "unexpected_keys", []) if "lora" in k]
    if missing:
        raise PockettuneError(f"{folder}: its LoRA layout differs from train.* now")


def adapted_layers(model: Any, top: int) -> list[int] | None:
    """Indices of the decoder layers that get adapters: the last ``top`` (None: all)."""
    if top == 0:
        return None
    n = int(model.config.num_hidden_layers)
    if top > n:
        raise PockettuneError(f"train.top_layers={top}: the model has only {n} decoder layers")
    return list(range(n - top, n))
