"""LoRA dropout's cost in a training step: PEFT's ``nn.Dropout`` against FastDropout.

    python benchmarks/train_dropout.py [--steps 6] [--rounds 5]

The product's training step (``accumulate`` + clip + AdamW, as ``LoRARecipe.train`` runs it)
on a real chitchat speaker's packed turns, with the LoRA dropout modules swapped between
blocks: PEFT's ``nn.Dropout`` (``train.fast_dropout=false``) and
:class:`~pockettune.train.dropout.FastDropout` (the default). The two alternate in short
blocks (A B B A ...), so a VM whose speed drifts during the run slows both alike; the table
gives each block, the medians and their ratio. Also times the dropout call alone on a
200 x 576 input against a 576 x 576 matrix multiply. Writes
benchmarks/results/train-dropout.{md,json}.
"""

from __future__ import annotations

import argparse
import statistics
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from lora_setup import lora_model, speaker_steps  # noqa: E402
from results_io import save_results  # noqa: E402


def _per_call_us(fn, n: int = 200) -> float:
    fn()
    t0 = time.perf_counter()
    for _ in range(n):
        fn()
    return round((time.perf_counter() - t0) / n * 1e6, 1)


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--examples", type=int, default=128)
    ap.add_argument("--steps", type=int, default=6, help="optimizer steps per block")
    ap.add_argument("--rounds", type=int, default=5, help="blocks per path")
    ap.add_argument("--out", default=str(ROOT / "benchmarks/results/train-dropout"))
    args = ap.parse_args()

    import torch
    import torch.nn.functional as F

    from pockettune.config import Config
    from pockettune.eval.machine import machine
    from pockettune.models import load_model
    from pockettune.train.dropout import FastDropout, use_fast_dropout
    from pockettune.train.step import train_step

    cfg = Config()
    t = cfg.train
    torch.set_num_threads(cfg.model.threads)
    x = torch.randn(200, 576)
    w = torch.randn(576, 576)
    fast = FastDropout(t.dropout).train()
    calls = {
        "F.dropout (PEFT's nn.Dropout)": _per_call_us(lambda: F.dropout(x, t.dropout, True)),
        "FastDropout": _per_call_us(lambda: fast(x)),
        "matmul 200x576 @ 576x576": _per_call_us(lambda: x @ w),
    }
    print(calls, flush=True)

    lm = load_model(cfg.model)
    steps = speaker_steps(lm, cfg, args.examples)
    model = lora_model(lm, cfg)
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=t.lr)
    pad = lm.tokenizer.pad_token_id
    paths = {"PEFT nn.Dropout": False, "FastDropout": True}
    blocks: dict[str, list[float]] = {p: [] for p in paths}
    order = [
        p for r in range(args.rounds) for p in (list(paths) if r % 2 == 0 else list(paths)[::-1])
    ]
    cursor = 0
    train_step(model, steps[0], pad, t, params, opt)  # warm-up
    for path in order:
        use_fast_dropout(model, paths[path])
        t0 = time.perf_counter()
        for _ in range(args.steps):
            rows = steps[cursor % len(steps)]
            cursor += 1
            train_step(model, rows, pad, t, params, opt)
        blocks[path].append(round(time.perf_counter() - t0, 2))
        print(path, blocks[path][-1], flush=True)
    med = {p: statistics.median(v) for p, v in blocks.items()}
    ratio = med["PEFT nn.Dropout"] / med["FastDropout"]
    # each round's two neighbouring blocks: the ratio least touched by the VM's drift
    paired = [round(a / b, 3) for a, b in zip(blocks["PEFT nn.Dropout"], blocks["FastDropout"])]
    info = {
        "per_call_us": calls,
        "blocks_s": blocks,
        "order": order,
        "median_s": med,
        "speedup": round(ratio, 3),
        "paired_speedups": paired,
        "steps_per_block": args.steps,
        "machine": machine(),
        "command": ("python benchmarks/train_dropout.py " + " ".join(sys.argv[1:])).strip(),
    }
    lines = [
        "# LoRA dropout in a training step: PEFT's nn.Dropout against FastDropout",
        f"{args.rounds} blocks of {args.steps} optimizer steps per path, alternating, on a real "
        f"chitchat speaker's packed turns (train defaults: pieces of "
        f"{t.piece_tokens or t.max_example_tokens}, shared prefix, LoRA r{t.rank} "
        f"{'/'.join(t.targets)}, dropout {t.dropout}); machine: {info['machine']}",
        "",
        "| path | seconds per block | median | s / step |",
        "|---|---|---|---|",
    ]
    lines += [
        f"| {p} | {', '.join(str(s) for s in v)} | {med[p]} | {med[p] / args.steps:.2f} |"
        for p, v in blocks.items()
    ]
    lines += [
        "",
        f"Speed-up of the step with FastDropout: **{ratio:.2f}x** (ratio of the medians); "
        f"per round (neighbouring blocks): {', '.join(f'{r:.2f}x' for r in paired)}, median "
        f"{statistics.median(paired):.2f}x.",
        "",
        "| one call, 200 x 576 fp32 | microseconds |",
        "|---|---|",
        *(f"| {k} | {v} |" for k, v in calls.items()),
        "",
        f"command: {info['command']}",
    ]
    save_results(args.out, info, lines)


if __name__ == "__main__":
    main()
