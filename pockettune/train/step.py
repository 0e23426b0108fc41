"""One optimizer step of a LoRA round, in the arithmetic the round trains in.

    with train_arithmetic(model, cfg.precision):
        loss, tokens = train_step(model, rows, pad, cfg, params, opt, sched)

The recipe (train/lora.py) runs these steps in its loop and the benchmarks time them as they
are (benchmarks/training.py, train_bf16_memory.py), so both measure the same step. Packed rows
go through the model in pieces cut at example boundaries (:func:`pieces`), so only one piece's
activations are alive at once; in bf16 the pieces are larger and padded to a few lengths.
"""

from __future__ import annotations

from typing import Any

from ..config import TrainConfig
from ..models.precision import low_precision, resolve
from .loss import response_loss_sum, response_tokens
from .prefix import row_batch


def train_arithmetic(model: Any, precision: str) -> Any:
    """The context a round trains in: bf16 where ``precision`` resolves to it
    (models/precision.py), the frozen base and the residual stream in bf16 (train/loss.py
    casts the embeddings), LoRA weights and AdamW fp32, the idle fp32 weights paged out."""
    return low_precision(
        model, precision, frozen_only=True, exact_head=False, autocast=False, page_out=True
    )


def train_step(
    model: Any,
    rows: list[dict[str, list[int]]],
    pad: int,
    cfg: TrainConfig,
    params: list[Any],
    opt: Any,
    sched: Any = None,
) -> tuple[float, int]:
    """One optimizer step as ``pockettune train`` takes it (the benchmarks time this too):
    the rows' gradients (:func:`accumulate`), clipping, AdamW, the schedule. Returns the step's
    mean loss and its loss tokens."""
    import torch

    bf16 = resolve(cfg.precision) == "bf16"
    piece = cfg.piece_tokens or (BF16_PIECE if bf16 else cfg.max_example_tokens)
    loss, tokens = accumulate(
        model, rows, pad, piece, cfg.share_prefix, BF16_MULTIPLE if bf16 else 1
    )
    torch.nn.utils.clip_grad_norm_(params, 1.0)
    opt.step()
    if sched is not None:
        sched.step()
    opt.zero_grad(set_to_none=True)
    return loss, tokens


BF16_PIECE = 384
"""Tokens per piece in bf16 when ``train.piece_tokens`` is 0: larger pieces keep AMX busy
(a round's training: 512 ~1.3x faster than 384, but its peak passed 2.5 GB; 256 slower
still; benchmarks/results/round-chitchat.md)."""

BF16_MULTIPLE = 64
"""bf16 pieces are padded to a multiple of this many tokens. oneDNN compiles a bf16 matrix
multiply for each new shape and keeps it: with every piece a different length, a bf16 round
grew by ~60 MB a step and ran ~1.2x slower than with a few lengths
(benchmarks/results/train-bf16-memory.md). fp32 (MKL) has no such cost and is not padded."""


def accumulate(
    model: Any,
    rows: list[dict[str, list[int]]],
    pad: int,
    piece_tokens: int,
    share_prefix: bool = True,
    multiple: int = 1,
) -> tuple[float, int]:
    """Gradients of one optimizer step, its packed rows going through the model in pieces.

    Examples in a packed row attend only to themselves, so a row cut at example boundaries
    into pieces of at most ``piece_tokens`` gives the same losses; each piece's summed loss is
    divided by the step's response tokens, so the accumulated gradient is the step's token mean,
    as if the rows had gone through together. Only one piece's activations are alive at once:
    at the defaults (2 rows of 512, pieces of 256) a quarter of the memory
    (benchmarks/results/train-memory.md). With ``share_prefix`` each piece writes its
    examples' common prompt prefix once (train/prefix.py): the same losses, fewer tokens;
    ``multiple`` pads each piece (:func:`~.prefix.row_batch`). Returns the step's mean loss
    and its loss tokens.
    """
    batches = [
        row_batch(p, pad, share_prefix, multiple) for r in rows for p in pieces(r, piece_tokens)
    ]
    total = sum(response_tokens(b) for b in batches)
    loss = 0.0
    for b in batches:
        part = response_loss_sum(model, b) / max(1, total)
        part.backward()
        loss += float(part.detach())
    return loss, total


def pieces(row: dict[str, list[int]], max_tokens: int) -> list[dict[str, list[int]]]:
    """``row`` cut at example starts (position 0) into runs of whole examples of at most
    ``max_tokens`` each (an example longer than that stays whole). The first token of an
    example is a prompt token with no label, so no loss position is lost at a cut."""
    starts = [i for i, p in enumerate(row["position_ids"]) if p == 0] + [len(row["input_ids"])]
    out, begin = [], 0
    for a, b in zip(starts, starts[1:], strict=False):
        if b - begin > max_tokens and a > begin:
            out.append({k: v[begin:a] for k, v in row.items()})
            begin = a
    out.append({k: v[begin:] for k, v in row.items()})
    return out
