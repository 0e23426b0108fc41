"""bf16 arithmetic where the CPU multiplies bf16 natively (AMX or AVX512-BF16), fp32 elsewhere.

On such a CPU a large bf16 matrix multiply runs ~4x faster than fp32; end to end, decoding at
batch 64 gains ~1.4x over the fp32 loop (benchmarks/results/generation.md) and a training
round ~1.3-1.9x (with a bf16 residual stream, ``autocast=False``; under autocast only ~1.1x:
benchmarks/results/round-chitchat.md), so ``auto`` (the default of ``model.precision`` and
``train.precision``) uses it there. The weights stay fp32 in memory, the
reference: :func:`low_precision` swaps the decoder layers' weight storage for bf16 copies for
the length of a block and puts the fp32 originals back after (no bf16 round trip touches
them), so an adapter trained or scored after a bf16 generation sees exactly the weights it
had before. Greedy decoding in bf16 is not token-for-token the fp32 path: the two agree up to
rounding (tests/models/test_precision.py bounds the logit difference and checks agreement on
the real model; the benchmark reports identical replies and ROUGE-1 against the references
for both). ``fp32`` forces the reference path everywhere.
"""

from __future__ import annotations

import contextlib
from collections.abc import Iterator
from typing import Any

from ..config.sections import PRECISIONS
from ..errors import PockettuneError


def native_bf16() -> bool:
    """Whether this CPU multiplies bf16 in hardware (otherwise bf16 is emulated: slower)."""
    import torch

    try:
        return bool(torch.cpu._is_amx_tile_supported() or torch.cpu._is_avx512_bf16_supported())
    except AttributeError:  # an older torch without the probes: stay on the safe path
        return False


def resolve(precision: str) -> str:
    """``auto`` becomes ``bf16`` on a CPU with native bf16, else ``fp32``."""
    if precision not in PRECISIONS:
        raise PockettuneError(f"precision={precision!r}: expected one of {', '.join(PRECISIONS)}")
    if precision == "auto":
        return "bf16" if native_bf16() else "fp32"
    return precision


@contextlib.contextmanager
def low_precision(
    model: Any,
    precision: str,
    frozen_only: bool = False,
    exact_head: bool = True,
    autocast: bool = True,
    page_out: bool = False,
) -> Iterator[None]:
    """Run the block with the decoder layers' weights in bf16 (``precision`` resolved to
    ``bf16``; otherwise a no-op), under CPU autocast so fp32 activations meet bf16 weights.
    Without ``autocast`` (training, train/loss.py) the caller feeds the layers bf16 and the
    whole residual stream stays bf16: autocast recasts a layer's input once per consuming
    linear (q, k, v, gate, up: five copies saved for backward) and keeps the fp32 stream as
    well, which made a bf16 training step barely faster than fp32; a bf16 stream is ~1.8x.
    ``page_out`` hands the idle fp32 originals' pages back to the OS for the block
    (eval/memory.page_out): for a long block (a training round), not per chat reply.

    Under autocast the token embeddings, the final norm and the residual stream stay fp32; with
    ``exact_head`` the top candidates' logits are recomputed in fp32 (:func:`_exact_top`):
    bf16 logits (8 bits of mantissa) tie or swap close candidates, and greedy decoding
    follows whichever is on top. ``frozen_only``
    (training) leaves trainable parameters (LoRA) as fp32 master weights that autocast casts
    per use, so the optimizer updates them at full precision. Everything is restored on exit,
    also on an exception."""
    if resolve(precision) != "bf16":
        yield
        return
    import torch

    saved = [
        (p, p.data)
        for name, p in model.named_parameters()
        if ".layers." in f".{name}"
        and p.dtype == torch.float32
        and not (frozen_only and p.requires_grad)
    ]
    head = model.get_output_embeddings() if exact_head else None
    try:
        for p, data in saved:
            p.data = data.to(torch.bfloat16)
        if page_out:
            from ..eval.memory import page_out as _page_out

            _page_out([data for _, data in saved])
        if head is not None:
            head.forward = _exact_top(head)
        # no cast cache: it would keep the first bf16 copy of a LoRA weight for the whole
        # block, so a training loop inside it would never see its own updates
        with torch.autocast("cpu", dtype=torch.bfloat16, cache_enabled=False, enabled=autocast):
            yield
    finally:
        if head is not None:
            del head.forward
        for p, data in saved:
            p.data = data


EXACT_TOP = 8
"""Candidates per position whose logits the LM head recomputes in fp32 (:func:`_exact_top`)."""


def _exact_top(layer: Any) -> Any:
    """An LM head that is bf16-fast and fp32-exact where it matters: all logits from a bf16
    multiply, then the ``EXACT_TOP`` largest recomputed in fp32 from the fp32 weight. Greedy
    decoding picks the fp32 argmax whenever it is among the bf16 top 8; a fully fp32 head
    was a fifth of a bf16 decoding step at batch 64."""
    import torch
    import torch.nn.functional as F

    w16 = layer.weight.detach().to(torch.bfloat16)

    def forward(x: Any) -> Any:
        with torch.autocast("cpu", enabled=False):
            x32 = x.float()
            logits = F.linear(x32.to(torch.bfloat16), w16).float()
            top = logits.topk(EXACT_TOP, dim=-1).indices
            exact = (layer.weight[top] @ x32.unsqueeze(-1)).squeeze(-1)
            if layer.bias is not None:
                logits, exact = logits + layer.bias, exact + layer.bias[top]
            return logits.scatter_(-1, top, exact)

    return forward
