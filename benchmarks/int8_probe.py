"""Can PyTorch's own int8 serve CPUs without bf16? Dynamic quantization against fp32, per layer kind.

    python benchmarks/int8_probe.py        # ~2 min on 2 cores

torch.ao's dynamic int8 Linear (fbgemm on x86: int8 weights per output channel, activations
quantized per tensor at run time) on the decoder's linears, the embeddings and LM head kept
fp32 as issue #40 asks. Measured: next-token agreement with fp32 and the KL divergence of the
next-token distributions (fp32 || int8) over every position of five chat prompts, for each
choice of which linears are quantized, and the forward time of the all-linears variant.
Writes benchmarks/results/int8-probe.{md,json}.
"""

from __future__ import annotations

import copy
import sys
import time
from pathlib import Path

from results_io import save_results

ROOT = Path(__file__).resolve().parents[1]
TEXTS = [
    "How do I keep basil alive on a windowsill?",
    "hey, how was your weekend?",
    "do you like pokemon? I used to play it all the time with my brother",
    "Summarize the history of the Roman empire in three sentences.",
    "what's your favourite food and why",
]
LINEARS = ("q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj")


def quantized(model, skip: tuple[str, ...]):
    import torch
    import torch.ao.nn.quantized.dynamic as nnqd
    from torch.ao.quantization import per_channel_dynamic_qconfig

    q = copy.deepcopy(model)
    for layer in q.get_decoder().layers:
        for mod in list(layer.modules()):
            for name, child in list(mod.named_children()):
                if isinstance(child, torch.nn.Linear) and name not in skip:
                    child.qconfig = per_channel_dynamic_qconfig
                    setattr(mod, name, nnqd.Linear.from_float(child))
    return q


def main() -> None:
    import torch
    import torch.nn.functional as F

    from pockettune.config import ModelConfig
    from pockettune.eval.machine import machine
    from pockettune.models import load_model
    from pockettune.models.generate import prompt_ids

    lm = load_model(ModelConfig(precision="fp32"))
    model, tok = lm.model.eval(), lm.tokenizer
    ids = [prompt_ids(tok, t) for t in TEXTS]
    width, pad = max(map(len, ids)), tok.pad_token_id or 0
    x = torch.tensor([[pad] * (width - len(i)) + i for i in ids])
    mask = torch.tensor([[0] * (width - len(i)) + [1] * len(i) for i in ids])
    keep = mask.bool()
    with torch.inference_mode():
        ref = model(input_ids=x, attention_mask=mask).logits[keep].log_softmax(-1)

    rows = []
    variants = [
        (),
        ("down_proj",),
        ("down_proj", "o_proj"),
        LINEARS[:-1],
        LINEARS[:2] + LINEARS[3:],
    ]
    for skip in variants:
        q = quantized(model, skip)
        with torch.inference_mode():
            got = q(input_ids=x, attention_mask=mask).logits[keep].log_softmax(-1)
        agree = (got.argmax(-1) == ref.argmax(-1)).float().mean().item()
        kl = F.kl_div(got, ref, log_target=True, reduction="batchmean").item()
        quantized_kinds = [n for n in LINEARS if n not in skip]
        rows.append({"quantized": quantized_kinds, "argmax_agree": agree, "kl_nats": kl})

    q = quantized(model, ())
    batch = torch.randint(100, 40000, (8, 256))
    times = {}
    for name, m in (("fp32", model), ("int8", q), ("fp32 again", model), ("int8 again", q)):
        with torch.inference_mode():
            m.get_decoder()(input_ids=batch[:1, :16])
            t0 = time.perf_counter()
            m.get_decoder()(input_ids=batch)
            times[name] = time.perf_counter() - t0
    fp32 = min(times["fp32"], times["fp32 again"])
    int8 = min(times["int8"], times["int8 again"])

    m = machine()
    cmd = "python benchmarks/int8_probe.py " + " ".join(sys.argv[1:])
    lines = [
        "# PyTorch dynamic int8 against fp32 (SmolLM2-135M, embeddings and LM head fp32)",
        "",
        f"`{cmd.strip()}`; {m['cpu']}, flags {', '.join(m['cpu_flags']['has'])}, torch"
        f" {m['versions']['torch']} ({m['torch_capability']}), {m['torch_threads']} threads;"
        f" {int(keep.sum())} positions of {len(TEXTS)} chat prompts.",
        "",
        "| linears in int8 | next-token argmax agreement | KL(fp32 || int8), nats |",
        "|---|---|---|",
    ]
    for r in rows:
        lines.append(
            f"| {', '.join(r['quantized'])} | {r['argmax_agree']:.3f} | {r['kl_nats']:.3f} |"
        )
    lines += [
        "",
        f"Decoder forward, 8 x 256 tokens: fp32 {fp32:.2f} s, int8 (all linears) {int8:.2f} s"
        f" ({fp32 / int8:.2f}x).",
        "",
        "Per-tensor activation scales cannot hold SmolLM2's activation outliers (down_proj's"
        " input worst of all): no variant stays near fp32, so pockettune does not use it.",
    ]
    save_results(ROOT / "benchmarks/results/int8-probe", {"rows": rows, "fp32_s": fp32,
                 "int8_s": int8, "command": cmd, "machine": m}, lines)  # fmt: skip


if __name__ == "__main__":
    main()
