"""Training throughput against the machine's limit: our LoRA step vs a raw forward+backward
of the same model on the same batches, measured in the same run.

    python benchmarks/training.py [--examples 128] [--steps 12]

Examples are a real chitchat-dataset speaker's turns with their replies (prompt + response,
response-only labels), packed as ``train.*`` packs them. Four ways through the same batches:
- raw: forward of the PEFT model with the LM head on every position, cross-entropy, backward
  (what a plain fine-tuning loop does; no optimizer);
- floor: forward + backward of our response-only loss (the least our step must do);
- ours: the full training step of ``pockettune train`` (rows in pieces at example boundaries,
  each piece writing its examples' common prompt prefix once (train/prefix.py), loss,
  backward, clipping, AdamW, LR schedule), timed as ``LoRARecipe.train`` runs it;
- ours unshared: the same step with ``train.share_prefix=false`` (every example whole);
- ours, PEFT dropout: the same step with PEFT's ``nn.Dropout`` on the LoRA path instead of
  :class:`~pockettune.train.dropout.FastDropout` (``train.fast_dropout=false``); raw and floor
  keep PEFT's dropout too, as a plain fine-tuning loop has it.
Tokens/s always count the unshared rows' tokens (the training data), so sharing shows as speed.
All of them build the block-diagonal mask of packed rows (no KV cache passed). Each runs in
fp32 and, with ``--precisions fp32,bf16``, in bf16 (models/precision.py: the frozen base in
bf16, LoRA fp32 under autocast), and each is compared with the raw pass of its own arithmetic.
Reports tokens/s (all tokens and response tokens) and peak RSS. Writes
benchmarks/results/training.{md,json}.
"""

from __future__ import annotations

import argparse
import dataclasses
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lora_setup import lora_model, speaker_steps  # noqa: E402
from results_io import save_results  # noqa: E402


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=128)
    ap.add_argument("--steps", type=int, default=12)
    ap.add_argument("--repeats", type=int, default=2)
    ap.add_argument(
        "--precisions",
        default="fp32",
        help="comma-separated: fp32,bf16 (bf16 is opt-in: on this VM a bf16 step has run from "
        "~1.1x faster (Intel with AMX) to ~20x slower (AMD, emulated) than fp32; "
        "benchmarks/results/training.md)",
    )
    ap.add_argument("--out", default=str(ROOT / "benchmarks/results/training"))
    args = ap.parse_args()

    import torch
    import torch.nn.functional as F

    from pockettune.config import Config
    from pockettune.eval.machine import machine, peak_rss_mb
    from pockettune.models import load_model
    from pockettune.models.precision import native_bf16
    from pockettune.train.data import IGNORE, collate
    from pockettune.train.dropout import use_fast_dropout
    from pockettune.train.loss import response_loss, stream_embeddings
    from pockettune.train.prefix import saved_tokens
    from pockettune.train.step import pieces, train_arithmetic, train_step

    cfg = Config()
    t = cfg.train
    lm = load_model(cfg.model)
    pad = lm.tokenizer.pad_token_id
    steps = speaker_steps(lm, cfg, args.examples)[: args.steps]
    batches = [collate(b, pad) for b in steps]
    n_all = sum(int(b["input_ids"].numel()) for b in batches)
    n_resp = sum(int((b["labels"] != IGNORE).sum()) for b in batches)
    model = lora_model(lm, cfg)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=t.lr)
    sched = torch.optim.lr_scheduler.LambdaLR(opt, lambda s: 1.0)

    decoder = model.get_base_model().get_decoder()

    def raw(b: dict) -> None:  # in the step's own arithmetic: a bf16 stream in bf16
        embeds = stream_embeddings(decoder, b["input_ids"])
        logits = model(inputs_embeds=embeds, position_ids=b["position_ids"], use_cache=False).logits
        F.cross_entropy(logits[:, :-1].flatten(0, 1), b["labels"][:, 1:].flatten()).backward()
        model.zero_grad(set_to_none=True)

    def floor(b: dict) -> None:
        response_loss(model, b).backward()
        model.zero_grad(set_to_none=True)

    unshared = dataclasses.replace(t, share_prefix=False)

    def ours(rows: list, share: bool = True) -> None:  # the body of LoRARecipe.train's loop
        loss, _ = train_step(model, rows, pad, t if share else unshared, params, opt, sched)
        _ = {"loss": loss, "lr": sched.get_last_lr()[0]}

    best: dict[str, float] = {}
    kinds = ("raw", "floor", "ours unshared", "ours, PEFT dropout", "ours")

    precisions = [p.strip() for p in args.precisions.split(",") if p.strip()]
    if "fp32" not in precisions:
        precisions.insert(0, "fp32")  # the reference every speed-up is against
    names = [(f"{n} {p}", n, p) for p in precisions for n in kinds]
    saved = sum(
        saved_tokens(p) for rows in steps for r in rows for p in [pieces(r, t.max_example_tokens)]
    )
    for rep in range(args.repeats):
        for name, kind, prec in names:
            fn = {
                "raw": raw,
                "floor": floor,
                "ours unshared": lambda rows: ours(rows, share=False),
                "ours, PEFT dropout": ours,
                "ours": ours,
            }[kind]
            use_fast_dropout(model, kind in ("ours", "ours unshared"))
            t0 = time.perf_counter()
            with train_arithmetic(model, prec):
                for b, rows in zip(batches, steps, strict=True):
                    fn(rows if kind.startswith("ours") else b)
            dt = time.perf_counter() - t0
            best[name] = min(best.get(name, dt), dt)
            print(f"[{rep}] {name}: {dt:.1f}s", flush=True)
    rows = [
        {
            "path": name,
            "seconds": round(best[name], 2),
            "tokens_per_s": round(n_all / best[name], 1),
            "response_tokens_per_s": round(n_resp / best[name], 1),
            "vs_raw": round(best[f"raw {prec}"] / best[name], 3),
            "speedup_vs_ours_fp32": round(best["ours fp32"] / best[name], 2),
        }
        for name, _, prec in names
    ]
    info = {
        "rows": rows,
        "steps": len(batches),
        "tokens": n_all,
        "response_tokens": n_resp,
        "shared_prefix_saves_tokens": saved,
        "train": {
            k: getattr(t, k)
            for k in (
                "rank",
                "alpha",
                "targets",
                "pack_tokens",
                "rows_per_step",
                "max_example_tokens",
            )
        },
        "peak_rss_mb": round(peak_rss_mb()),
        "native_bf16": native_bf16(),
        "machine": machine(),
        "command": ("python benchmarks/training.py " + " ".join(sys.argv[1:])).strip(),
    }
    lines = [
        "# Training throughput: our LoRA step against a raw forward+backward, same batches",
        f"{len(batches)} steps of a real chitchat speaker's turns, {n_all} tokens ({n_resp} response "
        f"tokens; sharing the prompt prefix leaves {n_all - saved} to compute); LoRA {info['train']}; best of {args.repeats} alternating runs; peak RSS "
        f"{info['peak_rss_mb']} MB; machine: {info['machine']}",
        "",
        f"native bf16 (AMX/AVX512-BF16): {info['native_bf16']}",
        "",
        "| path | seconds | tokens/s | response tokens/s | throughput vs raw (same arithmetic) | "
        "speed-up vs ours fp32 |",
        "|---|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['path']} | {r['seconds']} | {r['tokens_per_s']} | {r['response_tokens_per_s']} | "
        f"{r['vs_raw']:.0%} | {r['speedup_vs_ours_fp32']}x |"
        for r in rows
    ]
    lines += [
        "",
        "raw: LM head on every position + cross-entropy + backward; floor: our response-only "
        "loss + backward; ours: the whole step of `pockettune train` (loss, backward, clip, "
        "AdamW, schedule), each piece's common prompt prefix written once, LoRA dropout drawn by "
        "FastDropout; ours unshared: the same without the shared prefix "
        "(`train.share_prefix=false`); ours, PEFT dropout: the same with PEFT's nn.Dropout "
        "(`train.fast_dropout=false`; raw and floor use it too). Tokens/s count the unshared "
        "tokens.",
        "",
        f"command: {info['command']}",
    ]
    save_results(args.out, info, lines)


if __name__ == "__main__":
    main()
