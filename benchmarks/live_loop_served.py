"""The live loop's held-out replies as ``pockettune serve`` makes them.

The curve's ROUGE-1 is the bench's (``score_turns``: bare prompt, evaluation decoding, so the
live loop and the batch bench compare item for item). A user reads something else: the
server's reply, with the profile's system prompt and annotated examples (``profile.summary``,
``profile.examples``) and the chat decoding (no repeated 3-gram, the reply ends where the
model first wants to repeat one: ``models.stream.chat_decoding``). This scores that reply on
the same held-out items, for base and for the adapter the run ended with, through
``Personalizer.reply_many`` on the speaker's own home (the path serve's replies take, batched),
with the request's context as the run sent it: the other side's previous message only.

The degenerate share (the issue's "below 5% with the defaults") is measured here: a reply's
previous reply is the one to the previous held-out item, as benchmarks/replies.py counts it.
"""

from __future__ import annotations

import math
from pathlib import Path
from typing import Any

MAX_NEW_TOKENS = 64
"""The bench's reply length (``score_turns``), so both ROUGE-1 columns cap replies alike."""


def served_scores(pt: Any, held: list[Any], version: int | None, items: int) -> dict[str, Any]:
    """ROUGE-1, words, length gap and degenerate share of served replies on ``held[:items]``
    for ``version`` (None: base) of the adapters in ``pt``'s home."""
    from pockettune.eval import degenerate
    from pockettune.eval.rouge import rouge1
    from pockettune.eval.score import Scores

    turns = held[:items]
    pairs = [(t.question, last_line(t.context)) for t in turns]
    refs = [t.reference for t in turns]
    replies = [r.strip() for r in pt.reply_many(pairs, MAX_NEW_TOKENS, adapter=version)]
    ratio = [math.log((1 + len(r.split())) / (1 + len(t.split()))) for r, t in zip(replies, refs)]
    sc = Scores([], [rouge1(r, t) for r, t in zip(replies, refs)], replies, ratio)
    prev = ["", *replies[:-1]]
    return {
        "adapter": version,
        "rouge1": sc.rouge1,
        "words": sc.reply_tokens_mean,
        "length_gap": sc.length_gap,
        "degenerate": degenerate.share(replies, prev),
        "degenerate_reasons": degenerate.reasons(replies, prev),
        "replies": replies,
        "prompt": {
            "summary": pt.profile.summary() if pt.config.profile.summary else "",
            "examples": pt.config.profile.examples,
            "max_new_tokens": MAX_NEW_TOKENS,
        },
    }


def last_line(context: str) -> str:
    """The context a request carried: the other side's previous message (live_loop.py)."""
    return "\n".join([c for c in context.split("\n") if c][-1:])


def served_row(home: Path, held: list[Any], row: dict[str, Any], items: int, seed: int,
               log: Any) -> dict[str, Any]:  # fmt: skip
    """The row's ``served`` entry: base and the active adapter, and adapter - base ROUGE-1."""
    from live_loop_report import ci

    from pockettune import Personalizer
    from pockettune.eval.stats import paired_bootstrap

    pt = Personalizer.open(home)  # one model load serves both
    try:
        base = served_scores(pt, held, None, items)
        log(f"  served replies, base: ROUGE-1 {mean(base['rouge1']):.4f}, "
            f"{base['words']:.1f} words, degenerate {base['degenerate']:.1%}")  # fmt: skip
        ad = served_scores(pt, held, row["active_adapter"], items)
    finally:
        pt.close()
    log(f"  served replies, v{row['active_adapter']}: ROUGE-1 {mean(ad['rouge1']):.4f}, "
        f"{ad['words']:.1f} words, degenerate {ad['degenerate']:.1%}")  # fmt: skip
    c = paired_bootstrap(ad["rouge1"], base["rouge1"], seed=seed)
    return {"base": base, "adapter": ad, "ci_rouge1": ci(c)}


def mean(xs: list[float]) -> float:
    return sum(xs) / len(xs) if xs else 0.0
