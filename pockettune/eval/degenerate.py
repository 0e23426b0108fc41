"""Degenerate replies: the text a user would not keep, whatever its NLL.

    why("so so so so so so so so so", previous="")   # -> "loop"
    share(replies, previous_replies)                  # fraction of degenerate replies

A reply is degenerate when (checked in this order, on lower-cased words):

- ``loop``: some word 3-gram occurs ``LOOP_COUNT`` (3) or more times;
- ``phrase``: some word 4-gram occurs twice or more (repetition beyond 3-grams: a clause
  said again);
- ``salad``: with ``SALAD_MIN_WORDS`` (12) or more words, fewer than ``SALAD_DISTINCT`` (0.5)
  of them are distinct (the same few words shuffled around);
- ``repeat``: it says the previous reply in the conversation again: ROUGE-1 F1 with it at
  least ``REPEAT_ROUGE1`` (0.8).

:func:`may_repeat` is the streaming-time test serve uses to hold a reply back while it still
looks like the previous one (see ``pockettune.chat.Reply``).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence

LOOP_COUNT = 3
PHRASE_N = 4
SALAD_MIN_WORDS = 12
SALAD_DISTINCT = 0.5
REPEAT_ROUGE1 = 0.8
HOLD_SHARE = 0.8
"""While at least this share of a partial reply's words occur in the previous reply, the
reply may still turn out to be a repeat."""

_WORD = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")


def words(text: str) -> list[str]:
    return _WORD.findall(text.lower())


def _ngram_max(ws: list[str], n: int) -> int:
    grams = Counter(tuple(ws[i : i + n]) for i in range(len(ws) - n + 1))
    return max(grams.values(), default=0)


def why(reply: str, previous: str = "") -> str:
    """Why ``reply`` is degenerate (``loop``, ``phrase``, ``salad``, ``repeat``), or ``""``."""
    ws = words(reply)
    if _ngram_max(ws, 3) >= LOOP_COUNT:
        return "loop"
    if _ngram_max(ws, PHRASE_N) >= 2:
        return "phrase"
    if len(ws) >= SALAD_MIN_WORDS and len(set(ws)) < SALAD_DISTINCT * len(ws):
        return "salad"
    if repeats(reply, previous):
        return "repeat"
    return ""


def repeats(reply: str, previous: str) -> bool:
    """``reply`` says ``previous`` again (ROUGE-1 F1 >= ``REPEAT_ROUGE1``)."""
    if not words(reply) or not words(previous):
        return False
    from .rouge import rouge1

    return rouge1(reply, previous) >= REPEAT_ROUGE1


def may_repeat(partial: str, previous: str) -> bool:
    """A reply being generated may still become ``previous`` again: it has no complete words
    yet, or at least ``HOLD_SHARE`` of its complete words occur in ``previous`` (the last
    word counts once a space or punctuation follows it: tokens end mid-word)."""
    prev = set(words(previous))
    if not prev:
        return False
    ws = words(partial)
    if ws and partial[-1:].isalnum():
        ws = ws[:-1]
    return not ws or sum(w in prev for w in ws) >= HOLD_SHARE * len(ws)


def share(replies: Sequence[str], previous: Sequence[str] | None = None) -> float:
    """Fraction of ``replies`` that are degenerate (``previous[i]``: the reply before
    ``replies[i]`` in its conversation, "" when none)."""
    if not replies:
        return 0.0
    prev = list(previous) if previous is not None else [""] * len(replies)
    return sum(bool(why(r, p)) for r, p in zip(replies, prev)) / len(replies)


def reasons(replies: Sequence[str], previous: Sequence[str] | None = None) -> dict[str, int]:
    """How many replies are degenerate for each reason."""
    prev = list(previous) if previous is not None else [""] * len(replies)
    return dict(Counter(w for w in (why(r, p) for r, p in zip(replies, prev)) if w))
