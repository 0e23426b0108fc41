"""Generation speed and agreement: transformers vs llama.cpp, same adapter, same prompts.

    pip install 'pockettune[llamacpp]'          # compiles llama.cpp (minutes)
    python benchmarks/backends.py --prompts 8 --tokens 64

A LoRA adapter is trained on a chitchat speaker's first turns (or ``--home`` gives one);
both backends answer the speaker's later questions greedily with the same prompt token ids:
transformers with fp32 weights dequantized from the GGUF plus the PEFT adapter, llama.cpp
with the quantized GGUF plus the adapter exported as a GGUF LoRA. Reports tokens/s (single
prompt, as in chat) and, per prompt, how many leading tokens agree.
"""

from __future__ import annotations

import argparse
import json
import statistics
import tempfile
import time
from pathlib import Path

import torch

from pockettune import Personalizer
from pockettune.annotate import simulated_annotator
from pockettune.eval.machine import machine
from pockettune.ingest import chitchat_speakers, read_chitchat
from pockettune.models.loader import default_gguf

RESULTS = Path(__file__).parent / "results"


def hf_ids(pt, prompt: list[int], n: int, adapter: object = "active") -> list[int]:
    model = pt.use_adapter(adapter)
    ids = torch.tensor([prompt])
    with torch.inference_mode():
        out = model.generate(input_ids=ids, attention_mask=torch.ones_like(ids),
                             max_new_tokens=n, do_sample=False, pad_token_id=pt.lm.tokenizer.eos_token_id)  # fmt: skip
    gen = out[0, len(prompt) :].tolist()
    eos = pt.lm.tokenizer.eos_token_id
    return gen[: gen.index(eos)] if eos in gen else gen


def agree(a: list[int], b: list[int]) -> int:
    n = 0
    for x, y in zip(a, b):
        if x != y:
            break
        n += 1
    return n


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--prompts", type=int, default=8)
    ap.add_argument("--tokens", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    args = ap.parse_args()
    torch.set_num_threads(args.threads)
    speaker = chitchat_speakers(1000)[0][0]
    turns = [t for _, t in read_chitchat(speaker)]
    over = ["select.capacity=16", "synth.k=0", "train.epochs=2", "privacy.redact=false",
            f"model.threads={args.threads}", "profile.summary=false", "profile.examples=0"]  # fmt: skip
    with tempfile.TemporaryDirectory() as home, Personalizer.open(home, overrides=over) as pt:
        pt.observe_many(turns[:60])
        pt.annotate(simulated_annotator, limit=16, show_replies=False)
        tr = pt.train(progress=False)
        prompts = pt.prompts(
            [(t.question, t.context) for t in turns[-args.prompts :]], personal=False
        )
        gen = pt.llamacpp("active")
        from pockettune.models.llamacpp import LlamaCppGenerator

        plain = LlamaCppGenerator(default_gguf(), None, args.threads)
        rows = []
        for p in prompts:
            base_hf, base_cpp = hf_ids(pt, p, args.tokens, None), plain.generate_ids(p, args.tokens)
            t0 = time.perf_counter()
            a = hf_ids(pt, p, args.tokens)
            t1 = time.perf_counter()
            b = gen.generate_ids(p, args.tokens)
            t2 = time.perf_counter()
            rows.append({"prompt_tokens": len(p), "hf_tokens": len(a), "hf_s": t1 - t0,
                         "cpp_tokens": len(b), "cpp_s": t2 - t1, "agree": agree(a, b),
                         "identical": a == b, "hf": pt.lm.tokenizer.decode(a),
                         "agree_base": agree(base_hf, base_cpp),
                         "agree_cpp_base_vs_hf_adapter": agree(a, base_cpp),
                         "cpp": pt.lm.tokenizer.decode(b)})  # fmt: skip
            print(f"{len(p):4d} prompt tokens: agree {rows[-1]['agree']:3d}/{min(len(a), len(b))} "
                  f"| hf {len(a) / (t1 - t0):6.1f} tok/s | llama.cpp {len(b) / (t2 - t1):6.1f} tok/s", flush=True)  # fmt: skip
    hf_tps = sum(r["hf_tokens"] for r in rows) / sum(r["hf_s"] for r in rows)
    cpp_tps = sum(r["cpp_tokens"] for r in rows) / sum(r["cpp_s"] for r in rows)
    summary = {
        "machine": machine(), "args": vars(args), "adapter": tr.summary(),
        "base_gguf": default_gguf().name, "transformers_tok_s": hf_tps, "llamacpp_tok_s": cpp_tps,
        "identical": sum(r["identical"] for r in rows), "prompts": len(rows),
        "mean_agree_tokens": statistics.mean(r["agree"] for r in rows),
        "mean_agree_base": statistics.mean(r["agree_base"] for r in rows),
        "mean_agree_cpp_base_vs_hf_adapter": statistics.mean(r["agree_cpp_base_vs_hf_adapter"] for r in rows),
        "rows": rows,
    }  # fmt: skip
    RESULTS.mkdir(exist_ok=True)
    (RESULTS / "backends.json").write_text(json.dumps(summary, indent=1))
    lines = [
        "# Generation backends: transformers vs llama.cpp, same LoRA adapter",
        "",
        f"`python benchmarks/backends.py --prompts {args.prompts} --tokens {args.tokens} --threads {args.threads}`; "
        f"{summary['machine']['cpu']}, {args.threads} threads; base `{default_gguf().name}`; greedy, "
        "one prompt at a time (as in chat), same prompt token ids.",
        "",
        "| backend | weights | tokens/s |",
        "|---|---|---|",
        f"| transformers + PEFT | fp32, dequantized from the GGUF | {hf_tps:.1f} |",
        f"| llama.cpp + GGUF LoRA | the GGUF as shipped (Q4_1/Q8_0) | {cpp_tps:.1f} |",
        "",
        f"Identical greedy outputs: {summary['identical']}/{len(rows)}; leading tokens in agreement, "
        f"mean {summary['mean_agree_tokens']:.1f} of up to {args.tokens}. For scale: the two backends "
        f"*without* the adapter agree on {summary['mean_agree_base']:.1f} leading tokens, and llama.cpp "
        f"without the adapter agrees with transformers *with* it on only "
        f"{summary['mean_agree_cpp_base_vs_hf_adapter']:.1f}: llama.cpp does apply the adapter; what "
        "differs is the arithmetic. transformers runs fp32 weights dequantized from the GGUF; "
        "llama.cpp multiplies the quantized weights with activations quantized to 8 bits, so "
        "next-token logits differ slightly (correlation 0.997-0.998 with a strong random LoRA that "
        "leaves only 0.02-0.16 correlation with the base model's logits, checked in "
        "tests/models/test_llamacpp.py) "
        "and greedy decoding follows another branch wherever the top two tokens are close, which "
        "for a 135M model is often.",
        "",
        "| prompt tokens | agree | transformers | llama.cpp |",
        "|---|---|---|---|",
    ]
    for r in rows:
        clean = [x.replace("|", "/").replace("\n", " ")[:80] for x in (r["hf"], r["cpp"])]
        lines.append(f"| {r['prompt_tokens']} | {r['agree']} | {clean[0]} | {clean[1]} |")
    (RESULTS / "backends.md").write_text("\n".join(lines) + "\n")
    print("\n".join(lines[:12]))


if __name__ == "__main__":
    main()
