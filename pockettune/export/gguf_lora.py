"""A LoRA adapter in llama.cpp's GGUF format, written with the ``gguf`` package.

llama.cpp wants, per adapted base tensor ``blk.N.attn_q.weight``, a pair ``...weight.lora_a``
(rank x in) and ``...weight.lora_b`` (out x rank), with ``general.type=adapter``,
``adapter.type=lora`` and ``adapter.lora.alpha``. The base GGUF stores q and k projections
with their rows permuted for its rotary layout (llama.cpp's converter does this), so
``lora_b`` of q and k gets the same permutation; ``lora_a`` acts on inputs and is unchanged.
"""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import numpy as np

from ..errors import PockettuneError

NAMES = {
    "self_attn.q_proj": "attn_q",
    "self_attn.k_proj": "attn_k",
    "self_attn.v_proj": "attn_v",
    "self_attn.o_proj": "attn_output",
    "mlp.gate_proj": "ffn_gate",
    "mlp.up_proj": "ffn_up",
    "mlp.down_proj": "ffn_down",
}
KEY = re.compile(r"layers\.(\d+)\.(\w+\.\w+)\.lora_([AB])\.weight$")


def permute_rows(w: np.ndarray, n_head: int) -> np.ndarray:
    """llama.cpp's q/k permutation of a weight's output rows (``LlamaModel.permute``)."""
    return (
        w.reshape(n_head, 2, w.shape[0] // n_head // 2, *w.shape[1:])
        .swapaxes(1, 2)
        .reshape(w.shape)
    )


def unpermute_rows(w: np.ndarray, n_head: int) -> np.ndarray:
    return (
        w.reshape(n_head, w.shape[0] // n_head // 2, 2, *w.shape[1:])
        .swapaxes(1, 2)
        .reshape(w.shape)
    )


def base_info(base_gguf: Path) -> dict[str, Any]:
    import gguf

    r = gguf.GGUFReader(str(base_gguf))
    arch = r.fields["general.architecture"].contents()
    return {
        "arch": arch,
        "n_head": int(r.fields[f"{arch}.attention.head_count"].contents()),
        "n_head_kv": int(r.fields[f"{arch}.attention.head_count_kv"].contents()),
        "shapes": {t.name: [int(x) for x in t.shape] for t in r.tensors},
        "name": r.fields["general.name"].contents() if "general.name" in r.fields else "",
    }


def lora_tensors(adapter: Path, info: dict[str, Any]) -> dict[str, np.ndarray]:
    """GGUF tensor name -> array, checked against the base model's tensor shapes."""
    from safetensors.numpy import load_file

    state = load_file(str(adapter / "adapter_model.safetensors"))
    out: dict[str, np.ndarray] = {}
    for key, value in state.items():
        m = KEY.search(key)
        if not m or m.group(2) not in NAMES:
            raise PockettuneError(f"{adapter}: cannot map LoRA tensor {key} to llama.cpp")
        layer, module, ab = m.groups()
        proj = NAMES[module]
        name = f"blk.{layer}.{proj}.weight"
        if name not in info["shapes"]:
            raise PockettuneError(f"the base GGUF has no tensor {name}")
        w = value.astype(np.float32)
        if ab == "B" and proj in ("attn_q", "attn_k"):
            w = permute_rows(w, info["n_head"] if proj == "attn_q" else info["n_head_kv"])
        out[f"{name}.lora_{ab.lower()}"] = w
    for name in {k.rsplit(".lora_", 1)[0] for k in out}:
        n_in, n_out = info["shapes"][name][:2]
        a, b = out[f"{name}.lora_a"], out[f"{name}.lora_b"]
        if a.shape[1] != n_in or b.shape[0] != n_out or a.shape[0] != b.shape[1]:
            raise PockettuneError(f"LoRA shapes {a.shape}, {b.shape} do not fit {name}")
    return out


def write_gguf_lora(adapter: Path, base_gguf: Path, out: Path) -> Path:
    import gguf

    cfg = json.loads((adapter / "adapter_config.json").read_text())
    if cfg.get("use_dora"):
        raise PockettuneError("a DoRA adapter has no GGUF LoRA form: train with train.variant=lora")
    alpha = float(cfg["lora_alpha"])
    if cfg.get("use_rslora"):  # llama.cpp scales by alpha / r; rsLoRA means alpha / sqrt(r)
        alpha *= float(cfg["r"]) ** 0.5
    info = base_info(base_gguf)
    tensors = lora_tensors(adapter, info)
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = out.with_name(out.name + ".tmp")
    w = gguf.GGUFWriter(str(tmp), info["arch"])
    w.add_type(gguf.GGUFType.ADAPTER)
    w.add_string(gguf.Keys.Adapter.TYPE, "lora")
    w.add_float32(gguf.Keys.Adapter.LORA_ALPHA, alpha)
    w.add_name(f"{info['name']} pockettune LoRA".strip())
    for name in sorted(tensors):
        w.add_tensor(name, tensors[name])
    w.write_header_to_file()
    w.write_kv_data_to_file()
    w.write_tensors_to_file()
    w.close()
    tmp.replace(out)
    return out
