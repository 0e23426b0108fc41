"""Exported adapters: a PEFT folder without local paths, a llama.cpp LoRA GGUF read back with
the ``gguf`` package and checked as llama.cpp checks it, and an Ollama Modelfile."""

from __future__ import annotations

import json

import numpy as np
import pytest

from pockettune.annotate import simulated_annotator
from pockettune.cli import main
from pockettune.config import ModelConfig
from pockettune.export.gguf_lora import permute_rows, unpermute_rows, write_gguf_lora
from pockettune.personalizer import Personalizer
from pockettune.turn import Turn


@pytest.fixture
def tiny_home(tmp_path):
    home = tmp_path / "home"
    with Personalizer.open(home, preset="tiny", overrides=["synth.k=0", "train.epochs=1"]) as pt:
        pt.observe_many(
            Turn(f"question {i} about cooking", reference=f"answer {i}") for i in range(8)
        )
        pt.annotate(simulated_annotator, limit=4, show_replies=False)
        pt.train(progress=False)
    return home


def test_peft_export_has_no_local_paths_and_loads(tiny_home, tmp_path, capsys):
    from peft import PeftModel

    out = tmp_path / "peft"
    assert main(["export", "--format", "peft", "--out", str(out), "--home", str(tiny_home)]) == 0
    text = (out / "adapter_config.json").read_text()
    assert str(tmp_path) not in text and "/home/" not in text
    assert json.loads(text)["base_model_name_or_path"] == "HuggingFaceTB/SmolLM2-135M-Instruct"
    from pockettune.models import load_model

    lm = load_model(ModelConfig(path="tiny"))
    model = PeftModel.from_pretrained(lm.model, str(out))
    assert any("lora_A" in n for n, _ in model.named_parameters())
    assert main(["export", "--format", "gguf", "--home", str(tiny_home)]) == 2  # tiny: no GGUF
    assert "needs a GGUF base model" in capsys.readouterr().err


@pytest.fixture(scope="module")
def real_lora(tmp_path_factory):
    """A LoRA on the real SmolLM2 with random A and B (q, k, v) - no training needed."""
    import torch
    from peft import LoraConfig, get_peft_model

    from pockettune.models import load_model

    lm = load_model(ModelConfig())
    model = get_peft_model(
        lm.model, LoraConfig(r=4, lora_alpha=8, target_modules=["q_proj", "k_proj", "v_proj"])
    )
    torch.manual_seed(0)
    with torch.no_grad():
        for n, p in model.named_parameters():
            if "lora_" in n:
                p.normal_()
    folder = tmp_path_factory.mktemp("lora")
    model.save_pretrained(folder)
    q = lm.model.model.layers[0].self_attn.q_proj.weight.detach().numpy().copy()
    model.unload()
    return folder, q


def test_gguf_lora_reads_back_as_llama_cpp_expects(real_lora, tmp_path):
    import gguf
    from safetensors.numpy import load_file

    from pockettune.models.loader import default_gguf

    folder, _ = real_lora
    out = write_gguf_lora(folder, default_gguf(), tmp_path / "adapter.gguf")
    r = gguf.GGUFReader(str(out))
    assert r.fields["general.type"].contents() == "adapter"
    assert r.fields["adapter.type"].contents() == "lora"
    assert r.fields["adapter.lora.alpha"].contents() == 8.0
    assert r.fields["general.architecture"].contents() == "llama"
    base = {t.name: t for t in gguf.GGUFReader(str(default_gguf())).tensors}
    got = {t.name: t for t in r.tensors}
    assert len(got) == 30 * 3 * 2
    for name in {n.rsplit(".lora_", 1)[0] for n in got}:
        a, b, w = got[f"{name}.lora_a"], got[f"{name}.lora_b"], base[name]
        # llama.cpp's own checks (llama-adapter.cpp): a.ne[0]==w.ne[0], b.ne[1]==w.ne[1],
        # a.ne[1]==b.ne[0]
        assert a.shape[0] == w.shape[0] and b.shape[1] == w.shape[1] and a.shape[1] == b.shape[0]
    peft = load_file(str(folder / "adapter_model.safetensors"))
    key = "base_model.model.model.layers.0.self_attn.{}.lora_{}.weight"
    b_q = np.asarray(got["blk.0.attn_q.weight.lora_b"].data)
    assert np.allclose(unpermute_rows(b_q, 9), peft[key.format("q_proj", "B")])
    b_k = np.asarray(got["blk.0.attn_k.weight.lora_b"].data)
    assert np.allclose(unpermute_rows(b_k, 3), peft[key.format("k_proj", "B")])
    b_v = np.asarray(got["blk.0.attn_v.weight.lora_b"].data)
    assert np.allclose(b_v, peft[key.format("v_proj", "B")])  # v is not permuted
    a_q = np.asarray(got["blk.0.attn_q.weight.lora_a"].data)
    assert np.allclose(a_q, peft[key.format("q_proj", "A")])


def test_the_q_permutation_is_the_one_in_the_base_gguf(real_lora):
    """The base file's q weight is our (transformers) q weight with rows permuted the same
    way, so a permuted lora_b adds to the right rows."""
    import gguf
    from gguf.quants import dequantize

    from pockettune.models.loader import default_gguf

    _, q_hf = real_lora
    t = next(
        t for t in gguf.GGUFReader(str(default_gguf())).tensors if t.name == "blk.0.attn_q.weight"
    )
    q_gguf = dequantize(t.data, t.tensor_type).reshape(q_hf.shape)
    same = np.corrcoef(permute_rows(q_hf, 9).ravel(), q_gguf.ravel())[0, 1]
    other = np.corrcoef(q_hf.ravel(), q_gguf.ravel())[0, 1]
    assert same > 0.99 > other


def test_ollama_modelfile(real_lora, tmp_path):
    from pockettune.export import write_modelfile
    from pockettune.models.loader import default_gguf

    folder, _ = real_lora
    adapter = write_gguf_lora(folder, default_gguf(), tmp_path / "adapter.gguf")
    text = write_modelfile(tmp_path, default_gguf(), adapter, "Reply briefly.").read_text()
    lines = text.splitlines()
    assert lines[0] == f"FROM {default_gguf().resolve()}" and default_gguf().exists()
    assert lines[1] == "ADAPTER ./adapter.gguf" and (tmp_path / "adapter.gguf").exists()
    assert "<|im_start|>{{ .Role }}" in text and 'PARAMETER stop "<|im_end|>"' in text
    assert 'SYSTEM """Reply briefly."""' in text
