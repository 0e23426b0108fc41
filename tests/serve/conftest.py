"""A live server on a free port (tiny model), and an adapter to swap in."""

from __future__ import annotations

import pytest

pytest.importorskip("fastapi")
pytest.importorskip("uvicorn")

from pockettune import Personalizer  # noqa: E402
from pockettune.serve import start  # noqa: E402

# profile.summary off: the reply prompt is then exactly the prompt form the embedder embeds
TINY = ["profile.summary=false", "select.capacity=16"]


def make_adapter(home, seed: int = 1) -> int:
    """A random (non-zero) LoRA on the tiny model, stored inactive, as a round would leave it."""
    import torch
    from peft import LoraConfig, get_peft_model

    pt = Personalizer.open(home, preset="tiny", overrides=TINY)
    torch.manual_seed(seed)
    lora = LoraConfig(r=4, target_modules=["q_proj", "v_proj"], init_lora_weights=False)
    model = get_peft_model(pt.lm.model, lora)
    model.peft_config["default"].base_model_name_or_path = pt.lm.name
    info = {"base_model": pt.lm.name, "base_fingerprint": pt.lm.fingerprint}
    v = pt.adapters.save(model.save_pretrained, info, activate=False)
    model.unload()
    pt.close()
    return v


@pytest.fixture
def server(tmp_path):
    with start(tmp_path / "home", preset="tiny", overrides=TINY) as srv:
        yield srv


@pytest.fixture
def client(server):
    import openai

    return openai.OpenAI(base_url=server.url + "/v1", api_key="unused", max_retries=0)
