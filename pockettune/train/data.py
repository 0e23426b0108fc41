"""Training data: prompt/response token ids, response-only labels, packed rows without padding.

Packing puts examples end to end in rows of ``pack_tokens``; position ids restart at every
example and no attention mask is passed, which makes transformers build a block-diagonal
causal mask (each example sees only itself). A 2-core CPU then spends no time on padding.
Only response tokens carry a loss: the model learns the user's answers, not the questions.
"""

from __future__ import annotations

import hashlib
import json
import random
from dataclasses import dataclass
from typing import Any

from ..config import TrainConfig
from ..config.sections import hash_view
from ..models.generate import prompt_ids
from ..store import Store

IGNORE = -100


@dataclass
class Example:
    input_ids: list[int]
    labels: list[int]
    origin: str
    """``annotation`` or ``synth``: counted separately in adapter manifests."""
    annotation_id: int | None = None
    """The annotation this example is, or was synthesized from (forgetting it stales the adapter)."""


def make_example(
    tokenizer: Any,
    question: str,
    context: str,
    response: str,
    max_tokens: int,
    origin: str,
    annotation_id: int | None = None,
) -> Example:
    resp = tokenizer(response, add_special_tokens=False)["input_ids"] + [tokenizer.eos_token_id]
    resp = resp[: max_tokens // 2] if len(resp) > max_tokens // 2 else resp
    prompt = prompt_ids(tokenizer, question, context, max_tokens - len(resp))
    return Example(prompt + resp, [IGNORE] * len(prompt) + resp, origin, annotation_id)


def load_examples(
    store: Store,
    tokenizer: Any,
    max_tokens: int,
    annotation_ids: list[int] | None = None,
    with_synth: bool = True,
) -> list[Example]:
    """Every annotation (or the given ones) and, optionally, their synthesized pairs, each
    repeated :func:`repeats` times by the annotation's weight (0: left out)."""
    where = ""
    params: list[Any] = []
    if annotation_ids is not None:
        where = f"WHERE id IN ({','.join('?' * len(annotation_ids))})"
        params = list(annotation_ids)
    rows = store.conn.execute(
        f"SELECT id, question, context, response, weight FROM annotations {where} ORDER BY id",
        params,
    ).fetchall()
    times = {r["id"]: repeats(r["weight"]) for r in rows}
    out = [
        make_example(
            tokenizer, r["question"], r["context"], r["response"], max_tokens, "annotation", r["id"]
        )
        for r in rows
        for _ in range(times[r["id"]])
    ]
    ids = [i for i, n in times.items() if n]
    if with_synth and ids:
        synth = store.conn.execute(
            f"SELECT annotation_id, question, response FROM synth WHERE annotation_id IN ({','.join('?' * len(ids))}) ORDER BY id",
            ids,
        ).fetchall()
        out += [
            make_example(
                tokenizer, s["question"], "", s["response"], max_tokens, "synth", s["annotation_id"]
            )
            for s in synth
            for _ in range(times[s["annotation_id"]])
        ]
    return out


def repeats(weight: float) -> int:
    """How many times an annotation (and each of its synthesized pairs) is in a round's data.

    A weight is a repeat count rather than a loss factor: a rated reply's 0, 1 or 2
    (annotate/feedback.py) needs no change to the loss or the packing, and an epoch's summed
    gradient is then the weighted one. Fractions round to the nearest count."""
    return max(0, int(weight + 0.5))


def pack_examples(
    examples: list[Example], pack_tokens: int, seed: int
) -> list[dict[str, list[int]]]:
    """First-fit-decreasing packing (few, full rows), then the rows in a seeded random order.

    Equal lengths are ordered by the seed too, so each epoch's rows mix examples differently.
    Returns rows of input_ids / labels / position_ids.
    """
    rng = random.Random(seed)
    order = list(range(len(examples)))
    rng.shuffle(order)
    order.sort(key=lambda i: -len(examples[i].input_ids))
    rows: list[dict[str, list[int]]] = []
    for i in order:
        ex = examples[i]
        row = next(
            (r for r in rows if len(r["input_ids"]) + len(ex.input_ids) <= pack_tokens), None
        )
        if row is None:
            row = {"input_ids": [], "labels": [], "position_ids": []}
            rows.append(row)
        row["input_ids"] += ex.input_ids
        row["labels"] += ex.labels
        row["position_ids"] += list(range(len(ex.input_ids)))
    rng.shuffle(rows)
    return rows


def collate(rows: list[dict[str, list[int]]], pad_id: int) -> dict[str, Any]:
    """Stack rows; shorter ones are padded by a dummy sequence with no loss."""
    import torch

    width = max(len(r["input_ids"]) for r in rows)
    out: dict[str, list[list[int]]] = {"input_ids": [], "labels": [], "position_ids": []}
    for r in rows:
        n = width - len(r["input_ids"])
        out["input_ids"].append(r["input_ids"] + [pad_id] * n)
        out["labels"].append(r["labels"] + [IGNORE] * n)
        out["position_ids"].append(r["position_ids"] + list(range(n)))
    return {k: torch.tensor(v) for k, v in out.items()}


def batch_schedule(
    examples: list[Any], cfg: TrainConfig, epochs: float | None = None
) -> list[list[dict[str, list[int]]]]:
    """The whole deterministic schedule of batches, epoch after epoch: ``cfg.epochs`` epochs,
    or ``epochs`` (a fraction allowed: the last epoch is cut short), and at least
    ``cfg.min_steps`` batches (more epochs of the same data)."""
    want = cfg.epochs if epochs is None else epochs
    out: list[list[dict[str, list[int]]]] = []
    epoch, per_epoch = 0, 0
    while epoch < want or len(out) < cfg.min_steps:
        rows = pack_examples(examples, cfg.pack_tokens, cfg.seed + epoch)
        batches = [rows[i : i + cfg.rows_per_step] for i in range(0, len(rows), cfg.rows_per_step)]
        per_epoch = per_epoch or len(batches)
        out += batches
        epoch += 1
    return out[: max(1, round(want * per_epoch), cfg.min_steps)]


def data_hash(examples: list[Any], cfg: TrainConfig, *extra: Any) -> str:
    h = hashlib.sha256(json.dumps([hash_view(cfg), *extra], sort_keys=True).encode())
    for ex in examples:
        h.update(json.dumps(ex.input_ids).encode())
    return h.hexdigest()[:16]
