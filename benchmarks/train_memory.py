"""Where training memory goes, and what each way of cutting it costs in time.

    python benchmarks/train_memory.py [--steps 6] [--variants rows2,micro1,...]

Each variant runs in its own fresh process (so one's freed pages never hide another's peak):
load the default model, build the LoRA of ``train.*``, then ``--steps`` optimizer steps of the
same packed batches of a real chitchat speaker's turns. Reported: resident memory when the steps
begin, the highest sample during them (eval/memory.py samples every 5 ms), the rise, and the
seconds per step. Variants:
- rows2: both packed rows of a step through the model at once (the loop before this benchmark);
- micro1: one row at a time, gradients accumulated with per-token weights (the same step;
  ``train.step.accumulate`` with pieces of a whole row);
- pieces: each row cut at example boundaries into pieces of at most ``train.max_example_tokens``
  (256), one piece at a time (the same step again; what `pockettune train` does now);
- eager: rows2 with transformers' eager attention instead of SDPA;
- ckpt: rows2 with activation (gradient) checkpointing of every decoder layer.
Writes benchmarks/results/train-memory.{md,json}.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from results_io import save_results  # noqa: E402

VARIANTS = ("rows2", "micro1", "pieces", "eager", "ckpt")


def one(variant: str, steps: int) -> dict:
    """Run one variant in this process; returns its figures."""
    import torch
    from peft import LoraConfig, get_peft_model

    from pockettune.config import Config
    from pockettune.eval.memory import RssWatch
    from pockettune.eval.protocol import load_dataset
    from pockettune.models import load_model
    from pockettune.train.data import batch_schedule, collate, make_example
    from pockettune.train.loss import response_loss
    from pockettune.train.step import accumulate

    cfg = Config()
    t = cfg.train
    lm = load_model(cfg.model)
    if variant == "eager":
        lm.model.config._attn_implementation = "eager"
    turns = load_dataset("chitchat:1", 160, 10).stream
    examples = [
        make_example(lm.tokenizer, x.question, x.context, x.reference, t.max_example_tokens, "a")
        for x in turns
    ]
    pad = lm.tokenizer.pad_token_id
    schedule = batch_schedule(examples, t)[:steps]
    torch.manual_seed(0)
    lora = LoraConfig(
        r=t.rank, lora_alpha=t.alpha, lora_dropout=t.dropout, target_modules=list(t.targets)
    )
    model = get_peft_model(lm.model, lora)
    if variant == "ckpt":
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        model.enable_input_require_grads()
    model.train()
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=t.lr)
    with RssWatch() as watch, watch.stage("steps"):
        t0 = time.perf_counter()
        for rows in schedule:
            if variant == "micro1":
                accumulate(model, rows, pad, t.pack_tokens)
            elif variant == "pieces":
                accumulate(model, rows, pad, t.max_example_tokens)
            else:
                response_loss(model, collate(rows, pad)).backward()
            torch.nn.utils.clip_grad_norm_(params, 1.0)
            opt.step()
            opt.zero_grad(set_to_none=True)
        dt = time.perf_counter() - t0
    s = watch.stages["steps"]
    return {
        "variant": variant,
        "start_mb": round(s["start_mb"]),
        "peak_mb": round(s["peak_mb"]),
        "rise_mb": round(s["peak_mb"] - s["start_mb"]),
        "s_per_step": round(dt / len(schedule), 2),
        "steps": len(schedule),
    }


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=6)
    ap.add_argument("--variants", default=",".join(VARIANTS))
    ap.add_argument("--one", help=argparse.SUPPRESS)
    ap.add_argument("--out", default=str(ROOT / "benchmarks/results/train-memory"))
    args = ap.parse_args()
    if args.one:
        print("RESULT " + json.dumps(one(args.one, args.steps)), flush=True)
        return
    from pockettune.eval.machine import machine

    rows = []
    for v in args.variants.split(","):
        cmd = [sys.executable, __file__, "--one", v, "--steps", str(args.steps)]
        out = subprocess.run(cmd, capture_output=True, text=True, check=True).stdout
        rows.append(json.loads(out.split("RESULT ", 1)[1]))
        print(rows[-1], flush=True)
    info = {
        "rows": rows,
        "machine": machine(),
        "command": ("python benchmarks/train_memory.py " + " ".join(sys.argv[1:])).strip(),
    }
    lines = [
        "# Training memory by way of running a step (each variant in a fresh process)",
        f"{args.steps} optimizer steps of 2 packed 512-token rows (chitchat speaker 1, default "
        f"LoRA); machine: {info['machine']}",
        "",
        "| variant | RSS at start MB | peak MB | rise MB | s / step |",
        "|---|---|---|---|---|",
    ]
    lines += [
        f"| {r['variant']} | {r['start_mb']} | {r['peak_mb']} | {r['rise_mb']} | {r['s_per_step']} |"
        for r in rows
    ]
    lines += ["", f"command: {info['command']}"]
    save_results(args.out, info, lines)


if __name__ == "__main__":
    main()
