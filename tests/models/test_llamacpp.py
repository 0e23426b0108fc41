"""The optional llama.cpp backend (``pockettune[llamacpp]``; skipped where not installed):
base + exported GGUF LoRA in llama.cpp gives the next-token logits of base + PEFT LoRA in
transformers (up to quantization), with and without the adapter."""

from __future__ import annotations

import pytest
import torch

from pockettune.config import ModelConfig
from pockettune.models.generate import prompt_ids
from pockettune.models.loader import default_gguf

pytest.importorskip("llama_cpp")
pytestmark = pytest.mark.slow


def test_llamacpp_with_an_exported_lora(tmp_path):
    import numpy as np
    from llama_cpp import Llama
    from peft import LoraConfig, get_peft_model

    from pockettune.export import write_gguf_lora
    from pockettune.models import load_model
    from pockettune.models.llamacpp import LlamaCppGenerator

    lm = load_model(ModelConfig())
    prompt = prompt_ids(lm.tokenizer, "What is the capital of France?")
    with torch.inference_mode():
        hf = lm.model(torch.tensor([prompt])).logits[0, -1].numpy()
    raw = Llama(
        model_path=str(default_gguf()), n_ctx=512, n_threads=2, verbose=False, logits_all=True
    )
    raw.eval(prompt)
    cpp = np.array(raw.scores[len(prompt) - 1])
    # The same model on both sides: fp32 dequantized weights vs llama.cpp's quantized kernels.
    assert np.corrcoef(hf, cpp)[0, 1] > 0.99
    assert len(set(np.argsort(-hf)[:5]) & set(np.argsort(-cpp)[:5])) >= 4
    base = LlamaCppGenerator(default_gguf())
    plain = base.generate_ids(prompt, 8)
    assert plain

    model = get_peft_model(
        lm.model, LoraConfig(r=8, lora_alpha=16, target_modules=["q_proj", "v_proj"])
    )
    torch.manual_seed(0)
    with torch.no_grad():
        for n, p in model.named_parameters():
            if "lora_" in n:
                p.normal_(std=0.15)  # strong enough to change the next-token logits entirely
    model.save_pretrained(tmp_path / "lora")
    with torch.inference_mode():
        hf_lora = model(torch.tensor([prompt])).logits[0, -1].numpy()
    model.unload()
    lora = write_gguf_lora(tmp_path / "lora", default_gguf(), tmp_path / "adapter.gguf")
    adapted = Llama(model_path=str(default_gguf()), lora_path=str(lora), n_ctx=512, n_threads=2,
                    verbose=False, logits_all=True)  # fmt: skip
    adapted.eval(prompt)
    cpp_lora = np.array(adapted.scores[len(prompt) - 1])
    assert np.corrcoef(hf_lora, hf)[0, 1] < 0.9  # the adapter changed the model a lot...
    assert np.corrcoef(hf_lora, cpp_lora)[0, 1] > 0.99  # ...and llama.cpp applies it the same way
    assert LlamaCppGenerator(default_gguf(), lora).generate_ids(prompt, 8) != plain


def test_chat_and_replies_on_the_llamacpp_backend(tmp_path):
    from pockettune.chat import ChatSession
    from pockettune.personalizer import Personalizer

    over = ["model.backend=llamacpp", "chat.max_new_tokens=8", "profile.examples=0"]
    with Personalizer.open(tmp_path, overrides=over) as pt:
        said: list[str] = []
        reply = ChatSession(pt, adapt=False).reply(
            "hi there!", out=lambda *a, **k: said.append("".join(map(str, a)))
        )
        assert reply and reply in "".join(said)
        assert pt.adapter_version is None  # no PEFT model was loaded for replies
        (again,) = pt.reply_many([("hi there!", "")], 8)
        assert again.strip()
