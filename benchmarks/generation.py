"""Generated tokens/s: the old path (transformers' generate(), batch 16) against the fast loop
in fp32 and in bf16 (models/precision.py), side by side in one run, on the real SmolLM2-135M
with greedy decoding.

    python benchmarks/generation.py [--items 128] [--new 64] [--threads 2]

Prompts are held-out ALPACA instructions in the chat template (the evaluation's own prompts).
Each engine runs the same prompts; the two runs alternate (old, new, old, new) and the best of
each is kept, so a noisy neighbour hurts both alike. Also reports how many replies are
token-for-token identical to the old path (greedy fp32: they should all be; bf16 agrees up to
rounding), the mean share of each reply's leading tokens that agree, and ROUGE-1 against the
references, so a faster path that answers worse shows it.
Writes benchmarks/results/generation.{md,json}.
"""

from __future__ import annotations

import argparse
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from results_io import save_results  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--items", type=int, default=128)
    ap.add_argument("--new", type=int, default=64)
    ap.add_argument("--threads", type=int, default=2)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument("--data", default=str(ROOT.parent / "shared/data/alpaca/alpaca_5000.json"))
    ap.add_argument("--out", default=str(ROOT / "benchmarks/results/generation"))
    args = ap.parse_args()

    from pockettune.config import ModelConfig
    from pockettune.eval.machine import machine, versions
    from pockettune.eval.protocol import load_dataset
    from pockettune.eval.rouge import rouge1
    from pockettune.models import load_model
    from pockettune.models.generate import generate_many, prompt_ids
    from pockettune.models.precision import native_bf16

    if not Path(args.data).exists():
        print(f"skip: {args.data} not found")
        return
    lm = load_model(ModelConfig(threads=args.threads))
    tok = lm.tokenizer
    ds = load_dataset(args.data, 100, args.items)
    prompts = [prompt_ids(tok, t.question, t.context) for t in ds.test]
    paths = {
        "old: generate(), batch 16": dict(engine="hf", batch_size=16),
        "new: fast loop, batch 16": dict(engine="fast", batch_size=16),
        "new: fast loop, batch 32": dict(engine="fast", batch_size=32),
        "new: fast loop, batch 64": dict(engine="fast", batch_size=64),
        "new: fast loop, batch 128": dict(engine="fast", batch_size=128),
        "new: fast loop bf16, batch 64": dict(engine="fast", batch_size=64, precision="bf16"),
        "new: fast loop bf16, batch 128": dict(engine="fast", batch_size=128, precision="bf16"),
    }
    if not native_bf16():
        print("note: this CPU has no native bf16 (AMX/AVX512-BF16); the bf16 rows are emulated")
    best: dict[str, float] = {}
    texts: dict[str, list[str]] = {}
    for rep in range(args.repeats):
        for name, kw in paths.items():
            t0 = time.perf_counter()
            texts[name] = generate_many(lm.model, tok, prompts, args.new, **kw)
            dt = time.perf_counter() - t0
            best[name] = min(best.get(name, dt), dt)
            print(f"[{rep}] {name}: {dt:.1f}s", flush=True)
    ref = texts["old: generate(), batch 16"]
    ntok = sum(len(tok(t, add_special_tokens=False)["input_ids"]) for t in ref)
    refs = [t.reference for t in ds.test]

    def leading(a: str, b: str) -> float:
        x, y = tok(a)["input_ids"], tok(b)["input_ids"]
        n = next((i for i, (u, v) in enumerate(zip(x, y)) if u != v), min(len(x), len(y)))
        return n / max(1, len(x))

    rows = []
    for name in paths:
        same = sum(a == b for a, b in zip(ref, texts[name]))
        lead = sum(leading(a, b) for a, b in zip(ref, texts[name])) / len(ref)
        r1 = sum(rouge1(t, r) for t, r in zip(texts[name], refs)) / len(refs)
        own = sum(len(tok(t, add_special_tokens=False)["input_ids"]) for t in texts[name])
        rows.append(
            {
                "path": name,
                "seconds": round(best[name], 2),
                "generated_tokens": own,
                "tokens_per_s": round(own / best[name], 1),
                "speedup": round(best["old: generate(), batch 16"] / best[name], 2),
                "identical_replies": f"{same}/{len(ref)}",
                "leading_agreement": round(lead, 3),
                "rouge1_vs_references": round(r1, 4),
            }
        )
    cmd = "python benchmarks/generation.py " + " ".join(sys.argv[1:])
    info = {
        "rows": rows,
        "items": args.items,
        "max_new_tokens": args.new,
        "generated_tokens": ntok,
        "threads": args.threads,
        "native_bf16": native_bf16(),
        "machine": machine(),
        "versions": versions(),
        "command": cmd.strip(),
    }
    lines = [
        "# Generation throughput: old path vs fast loop (greedy, SmolLM2-135M-Instruct)",
        f"{args.items} held-out ALPACA prompts, {args.new} new tokens max, {ntok} tokens generated "
        f"by the old path (EOS ends a reply early; each row's tokens/s counts its own replies' "
        f"tokens); torch threads {args.threads}; best of {args.repeats} alternating runs",
        f"machine: {info['machine']}",
        "",
        f"native bf16 (AMX/AVX512-BF16): {info['native_bf16']}",
        "",
        "| path | seconds | generated tokens/s | speed-up | replies identical to old | "
        "leading tokens agreeing | ROUGE-1 vs references |",
        "|---|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['path']} | {r['seconds']} | {r['tokens_per_s']} | {r['speedup']}x | "
        f"{r['identical_replies']} | {r['leading_agreement']:.0%} | {r['rouge1_vs_references']} |"
        for r in rows
    ]
    lines += ["", f"command: {info['command']}"]
    save_results(args.out, info, lines)


if __name__ == "__main__":
    main()
