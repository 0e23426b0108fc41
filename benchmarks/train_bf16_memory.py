"""Resident memory and time of bf16 training steps by piece size and padding.

    python benchmarks/train_bf16_memory.py [--steps 16] [--precision bf16] [--piece 384] [--multiple 64]

The product's step (``train_step`` inside ``train_arithmetic``, as ``LoRARecipe.train`` runs
it) on a real chitchat speaker's packed turns; prints the RSS after every step relative to the
start and the peak (VmHWM). ``--multiple 1`` turns padding off: oneDNN compiles and keeps a
bf16 kernel for every new matrix shape, and with pieces of ever-different lengths the process
grows step after step. One process per setting (the peak is the process's); Linux only.
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


def _status(key: str) -> int:
    with open("/proc/self/status") as f:
        return next(int(line.split()[1]) // 1024 for line in f if line.startswith(key))


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--steps", type=int, default=16)
    ap.add_argument("--precision", default="bf16")
    ap.add_argument("--piece", type=int, default=384)
    ap.add_argument("--multiple", type=int, default=64)
    args = ap.parse_args()

    import torch

    import pockettune.train.step as step
    from pockettune.config import Config
    from pockettune.eval.memory import release_free_memory
    from pockettune.models import load_model
    from pockettune.train.dropout import use_fast_dropout

    cfg = Config()
    t = dataclasses.replace(cfg.train, precision=args.precision, piece_tokens=args.piece)
    lm = load_model(cfg.model)
    pad = lm.tokenizer.pad_token_id
    steps = speaker_steps(lm, cfg, 400)[: args.steps]
    model = lora_model(lm, cfg)
    use_fast_dropout(model)
    with torch.no_grad():  # every weight page touched, as in a round after generation
        model(input_ids=torch.arange(64)[None])
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=t.lr)
    step.BF16_MULTIPLE = args.multiple  # what train_step pads bf16 pieces to
    release_free_memory()
    with open("/proc/self/clear_refs", "w") as f:
        f.write("5")  # VmHWM from here
    start, trace, t0 = _status("VmRSS"), [], time.perf_counter()
    with step.train_arithmetic(model, t.precision):
        for rows in steps:
            step.train_step(model, rows, pad, t, params, opt)
            trace.append(_status("VmRSS") - start)
    print(
        f"{args.precision} piece {args.piece} multiple {args.multiple}: "
        f"{time.perf_counter() - t0:.1f} s for {len(steps)} steps; start {start} MB, "
        f"peak +{_status('VmHWM') - start} MB; RSS after each step (MB over start): {trace}"
    )


if __name__ == "__main__":
    main()
