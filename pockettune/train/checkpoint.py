"""Training checkpoints: LoRA weights + optimizer + scheduler + RNG + step, written atomically.

A checkpoint folder is complete only if its manifest verifies, so a process killed while
writing one leaves a temp folder that resume ignores; the newest valid one wins.
"""

from __future__ import annotations

import json
import os
import shutil
import time
from pathlib import Path
from typing import Any

from ..errors import PockettuneError
from ..faults import point as fault
from ..home import Home
from ..store.atomic import owned_tempdir, sweep_tempdirs
from .adapters import verify_folder, write_manifest

KEEP = 2
"""Checkpoints kept per run; older ones are deleted once a newer one is complete."""


def save_checkpoint(
    run_dir: Path,
    step: int,
    model: Any,
    optimizer: Any,
    scheduler: Any,
    losses: list[dict[str, float]],
) -> Path:
    import torch
    from peft import get_peft_model_state_dict
    from safetensors.torch import save_file

    sweep_tempdirs(run_dir, ".ckpt-*")  # a killed writer's half-written checkpoints
    tmp = owned_tempdir(run_dir, f".ckpt-{step:05d}.")
    try:
        weights = {k: v.detach().contiguous() for k, v in get_peft_model_state_dict(model).items()}
        save_file(weights, str(tmp / "lora.safetensors"))
        torch.save(
            {
                "optimizer": optimizer.state_dict(),
                "scheduler": scheduler.state_dict(),
                "rng": torch.get_rng_state(),
            },
            tmp / "optim.pt",
        )
        (tmp / "state.json").write_text(json.dumps({"step": step, "losses": losses}))
        write_manifest(tmp, {"kind": "checkpoint", "step": step})
        fault("train.mid_checkpoint")
        dest = run_dir / f"ckpt-{step:05d}"
        shutil.rmtree(dest, ignore_errors=True)
        os.replace(tmp, dest)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    for old in sorted(run_dir.glob("ckpt-*"))[:-KEEP]:
        shutil.rmtree(old, ignore_errors=True)
    return dest


def latest_checkpoint(run_dir: Path) -> Path | None:
    for ckpt in sorted(run_dir.glob("ckpt-*"), reverse=True):
        try:
            verify_folder(ckpt)
            return ckpt
        except PockettuneError:
            continue
    return None


def load_checkpoint(
    ckpt: Path, model: Any, optimizer: Any, scheduler: Any
) -> tuple[int, list[dict[str, float]]]:
    import torch
    from peft import set_peft_model_state_dict
    from safetensors.torch import load_file

    set_peft_model_state_dict(model, load_file(str(ckpt / "lora.safetensors")))
    state = torch.load(ckpt / "optim.pt", weights_only=False)
    optimizer.load_state_dict(state["optimizer"])
    scheduler.load_state_dict(state["scheduler"])
    torch.set_rng_state(state["rng"])
    info = json.loads((ckpt / "state.json").read_text())
    return int(info["step"]), list(info["losses"])


def run_dir(home: Home, digest: str, resume: bool) -> Path:
    if resume:
        for run in sorted(home.runs.glob("*"), reverse=True):
            meta = run / "run.json"
            if meta.exists() and not (run / "done").exists():
                if json.loads(meta.read_text()).get("data_hash") != digest:
                    raise PockettuneError(
                        f"{run}: its training data or config differ from now; start a new round without --resume"
                    )
                return run
        raise PockettuneError("nothing to resume: no unfinished training run")
    run = home.runs / time.strftime("%Y%m%d-%H%M%S")
    n = 1
    while run.exists():
        run = home.runs / f"{time.strftime('%Y%m%d-%H%M%S')}-{n}"
        n += 1
    run.mkdir(parents=True)
    return run
