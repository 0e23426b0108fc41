"""A PEFT adapter folder that loads anywhere: the config names the base model by its hub id,
never by a path on this machine."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

from ..errors import PockettuneError

BASE_MODEL_ID = "HuggingFaceTB/SmolLM2-135M-Instruct"
FILES = ("adapter_config.json", "adapter_model.safetensors")


def write_peft(adapter: Path, out: Path, base_model: str = BASE_MODEL_ID) -> Path:
    out.mkdir(parents=True, exist_ok=True)
    for name in FILES:
        if not (adapter / name).exists():
            raise PockettuneError(f"{adapter}: {name} is missing; is this a pockettune adapter?")
    shutil.copyfile(adapter / "adapter_model.safetensors", out / "adapter_model.safetensors")
    cfg = json.loads((adapter / "adapter_config.json").read_text())
    cfg["base_model_name_or_path"] = base_model
    cfg.pop("revision", None)
    text = json.dumps(cfg, indent=2, sort_keys=True)
    for root in (str(Path.home()), str(adapter.resolve().parent)):
        if root in text:
            raise PockettuneError(f"adapter_config.json would carry a local path ({root})")
    (out / "adapter_config.json").write_text(text + "\n")
    return out
