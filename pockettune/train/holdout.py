"""Held-out annotations: score the adapter while it trains and keep its best step.

A few dozen answers are little data; on some users' data (ALPACA-like instructions the base
model already answers well) any LoRA step makes held-out replies *less* likely
(benchmarks/results/sweep.md). So a share of the annotations (``train.holdout``) is kept out of
training, with their synthesized pairs, and the mean response NLL on them is measured before
the first step and ``train.holdout_evals`` times during the round. The LoRA weights of the best
point are what is saved: step 0 is the base model's own behaviour (LoRA's B starts at zero), so
training that does not help this user is not shipped. The best weights are also written to the
run folder, so a killed and resumed round ends with the same adapter.
"""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

from ..config import TrainConfig
from .data import Example, collate, pack_examples
from .loss import response_loss_sum, response_tokens

MIN_ANNOTATIONS = 16
"""Below this, every answer is needed for training: nothing is held out."""


def split(examples: list[Example], cfg: TrainConfig) -> tuple[list[Example], list[Example]]:
    """(training examples, held-out annotation examples): a seeded share of the annotations
    goes to the held-out set, and their synthesized pairs leave training too (no leak)."""
    ids = sorted({e.annotation_id for e in examples if e.origin == "annotation"} - {None})
    if not cfg.holdout or len(ids) < MIN_ANNOTATIONS:
        return examples, []
    n = max(4, round(cfg.holdout * len(ids)))
    held = set(random.Random(cfg.seed).sample(ids, n))
    train = [e for e in examples if e.annotation_id not in held]
    val = [e for e in examples if e.annotation_id in held and e.origin == "annotation"]
    return train, val


def eval_steps(total: int, cfg: TrainConfig) -> set[int]:
    """Steps after which the held-out set is scored (always including the last)."""
    k = max(1, cfg.holdout_evals)
    return {max(1, round(total * (i + 1) / k)) for i in range(k)} | {total}


def held_out_nll(model: Any, val: list[Example], cfg: TrainConfig, pad: int) -> float:
    """Mean NLL per response token of the held-out answers (no dropout, no gradients)."""
    import torch

    was_training = model.training
    model.eval()
    total, tokens = 0.0, 0
    with torch.no_grad():
        rows = pack_examples(val, cfg.pack_tokens, 0)
        for i in range(0, len(rows), cfg.rows_per_step):
            batch = collate(rows[i : i + cfg.rows_per_step], pad)
            total += float(response_loss_sum(model, batch))
            tokens += response_tokens(batch)
    if was_training:
        model.train()
    return total / max(tokens, 1)


class BestKeeper:
    """The best held-out score so far and its LoRA weights (in memory and in the run folder)."""

    def __init__(self, run: Path) -> None:
        self.path = run / "best.pt"
        self.step, self.nll, self.weights = -1, float("inf"), None
        self.curve: list[tuple[int, float]] = []

    def load(self) -> None:
        """After a resume: the best point the killed process had reached."""
        import torch

        if self.path.exists():
            got = torch.load(self.path, weights_only=True)
            self.step, self.nll, self.weights = int(got["step"]), float(got["nll"]), got["w"]
            self.curve = [tuple(x) for x in got["curve"]]

    def offer(self, step: int, nll: float, params: dict[str, Any]) -> None:
        import torch

        self.curve = [c for c in self.curve if c[0] != step] + [(step, nll)]
        if nll < self.nll:
            self.step, self.nll = step, nll
            self.weights = {k: v.detach().clone() for k, v in params.items()}
        tmp = self.path.with_suffix(".tmp")
        payload = {"step": self.step, "nll": self.nll, "w": self.weights, "curve": self.curve}
        torch.save(payload, tmp)
        tmp.replace(self.path)

    def restore(self, params: dict[str, Any]) -> None:
        """Put the best weights back into the model's LoRA parameters."""
        import torch

        with torch.no_grad():
            for k, v in (self.weights or {}).items():
                params[k].copy_(v)
