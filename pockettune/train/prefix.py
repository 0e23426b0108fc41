"""Packed rows that write the examples' common prompt prefix once.

Every training example starts with the same chat-template tokens (SmolLM2's default system
prompt and the user header: 28 of the ~70 tokens an example has on a chitchat user), and
under a causal mask a token's hidden state depends only on the tokens before it, so that
prefix has the same activations in every example. A packed row can therefore hold it once,
followed by each example's remainder, with a mask that lets every remainder attend to itself
and to the shared prefix. The losses are those of the unshared row (same positions, same
targets); the gradient through the prefix is the sum of what each example's copy received.
Only the arithmetic differs (rounding), and a row costs up to a third fewer tokens.

The prefix is cut before the first response token of every example (and one before that, so
the prefix's last position predicts no label: each example's first remainder token is a
prompt token whose target is never scored).
"""

from __future__ import annotations

from typing import Any

from .data import IGNORE

MIN_SHARED = 8
"""Below this many common tokens a row is left as it was (the mask costs more than it saves)."""


def segments(row: dict[str, list[int]]) -> list[tuple[int, int]]:
    """(start, end) of each example in a packed row (position ids restart at 0)."""
    starts = [i for i, p in enumerate(row["position_ids"]) if p == 0] + [len(row["input_ids"])]
    return list(zip(starts, starts[1:], strict=False))


def shared_length(row: dict[str, list[int]]) -> int:
    """Length of the prompt prefix all examples of ``row`` have in common (0: none)."""
    spans = segments(row)
    if len(spans) < 2:
        return 0
    ids, labels = row["input_ids"], row["labels"]
    limit = min(
        next((i - a for i in range(a, b) if labels[i] != IGNORE), b - a) - 1 for a, b in spans
    )
    a0 = spans[0][0]
    n = 0
    while n < limit and all(ids[a + n] == ids[a0 + n] for a, _ in spans):
        n += 1
    return n if n >= MIN_SHARED else 0


def share_prefix(row: dict[str, list[int]]) -> dict[str, list[int]]:
    """``row`` with its examples' common prefix written once, and a ``segment`` list: 0 for
    the shared prefix, ``k`` for the k-th example's remainder. Rows with nothing to share come
    back unchanged (no ``segment``: the plain block-diagonal path)."""
    n = shared_length(row)
    if not n:
        return row
    a0 = segments(row)[0][0]
    out: dict[str, list[int]] = {
        "input_ids": row["input_ids"][a0 : a0 + n],
        "labels": row["labels"][a0 : a0 + n],
        "position_ids": list(range(n)),
        "segment": [0] * n,
    }
    for k, (a, b) in enumerate(segments(row), start=1):
        for key in ("input_ids", "labels", "position_ids"):
            out[key] += row[key][a + n : b]
        out["segment"] += [k] * (b - a - n)
    return out


def prefix_mask(segment: Any) -> Any:
    """Boolean (1, 1, L, L) attention mask (True: may attend) of one shared-prefix row: causal,
    and a token sees its own example's tokens and the shared prefix, nothing else."""
    import torch

    seg = torch.as_tensor(segment)
    n = seg.numel()
    same = (seg[:, None] == seg[None, :]) | (seg[None, :] == 0)
    causal = torch.ones(n, n, dtype=torch.bool).tril()
    return (same & causal)[None, None]


def saved_tokens(rows: list[dict[str, list[int]]]) -> int:
    """Tokens the shared prefixes save over ``rows`` (for reports)."""
    return sum(len(r["input_ids"]) - len(share_prefix(r)["input_ids"]) for r in rows)


def row_batch(
    row: dict[str, list[int]], pad: int, share: bool = True, multiple: int = 1
) -> dict[str, Any]:
    """One packed row as a model batch: with its prefix shared (and the mask that needs) when
    ``share`` and the row has one, else the plain row (block-diagonal mask from positions).
    ``multiple`` > 1 pads the row to a multiple of that many tokens with a block of its own
    (pad ids, no labels, positions from 0: nothing else attends to it, it scores nothing)."""
    from .data import collate

    shared = share_prefix(row) if share else row
    extra = -len(shared["input_ids"]) % multiple
    if extra:
        shared = {
            **shared,
            "input_ids": shared["input_ids"] + [pad] * extra,
            "labels": shared["labels"] + [IGNORE] * extra,
            "position_ids": shared["position_ids"] + list(range(extra)),
        }
        if "segment" in shared:
            shared["segment"] = shared["segment"] + [max(shared["segment"]) + 1] * extra
    batch = collate([shared], pad)
    if "segment" in shared:
        batch["attention_mask"] = prefix_mask(shared["segment"])
    return batch
