"""Scoring a model on held-out turns: ROUGE-1 of greedy replies, and the reference's likelihood.

ROUGE-1 F1 is the paper's metric. It is noisy (method.md §4: one run on 100 items detects only
~0.04), so we add the mean negative log-likelihood per token of the reference responses under
the model: it uses every reference token, needs no decoding, and moves smoothly with training.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from ..models.generate import generate_many, prompt_ids
from ..turn import Turn
from .rouge import rouge1


@dataclass
class Scores:
    rouge1: list[float]
    """Per item, in input order (for paired statistics across methods)."""
    nll: list[float]
    """Mean negative log-likelihood per reference token, per item."""
    replies: list[str]

    @property
    def rouge1_mean(self) -> float:
        return sum(self.rouge1) / len(self.rouge1) if self.rouge1 else 0.0

    @property
    def nll_mean(self) -> float:
        return sum(self.nll) / len(self.nll) if self.nll else 0.0

    @property
    def reply_tokens_mean(self) -> float:
        return (
            sum(len(r.split()) for r in self.replies) / len(self.replies) if self.replies else 0.0
        )


def reference_nll(
    model: Any, tokenizer: Any, turns: list[Turn], max_tokens: int = 256, batch_size: int = 8
) -> list[float]:
    """Per turn: mean NLL of the reference's tokens given the prompt (teacher forcing)."""
    import torch
    import torch.nn.functional as F

    from ..train.data import IGNORE, collate, make_example

    out = []
    for start in range(0, len(turns), batch_size):
        exs = [
            make_example(tokenizer, t.question, t.context, t.reference, max_tokens, "eval")
            for t in turns[start : start + batch_size]
        ]
        rows = [
            {
                "input_ids": e.input_ids,
                "labels": e.labels,
                "position_ids": list(range(len(e.input_ids))),
            }
            for e in exs
        ]
        pad = (
            tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
        )
        batch = collate(rows, pad)
        mask = torch.tensor(
            [
                [1] * len(r["input_ids"])
                + [0] * (batch["input_ids"].shape[1] - len(r["input_ids"]))
                for r in rows
            ]
        )
        with torch.inference_mode():
            logits = model(input_ids=batch["input_ids"], attention_mask=mask).logits[:, :-1]
        target = batch["labels"][:, 1:]
        loss = F.cross_entropy(logits.transpose(1, 2), target.clamp(min=0), reduction="none")
        keep = (target != IGNORE).float()
        out += ((loss * keep).sum(1) / keep.sum(1).clamp(min=1)).tolist()
    return out


def score_turns(
    model: Any,
    tokenizer: Any,
    turns: list[Turn],
    max_new_tokens: int = 64,
    batch_size: int = 16,
    max_prompt_tokens: int = 512,
    progress: bool = False,
) -> Scores:
    prompts = [prompt_ids(tokenizer, t.question, t.context, max_prompt_tokens) for t in turns]
    replies = generate_many(
        model, tokenizer, prompts, max_new_tokens, batch_size, progress=progress, desc="eval"
    )
    return Scores(
        [rouge1(r, t.reference) for r, t in zip(replies, turns)],
        reference_nll(model, tokenizer, turns),
        replies,
    )
