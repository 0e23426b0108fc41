"""How the next token is chosen: greedy, or a sample drawn by each row's own generator.

    chooser = Chooser(Decoding(temperature=0.7, top_p=0.9), prompts, vocab, seeds)
    next_ids = chooser.choose(logits, replies)  # one token per row still decoding

Batched decoding (models/decode.py) and the streamed chat reply (models/stream.py) choose with
the same code, so a setting means the same in both. Every row samples from its own seeded
generator, so a prompt's sample does not depend on which other prompts share its batch (a
benchmark cache keyed by (item, seed) stays valid whatever the batch size). Repetition control
follows HF's repetition penalty semantics over the prompt and the reply, and bans repeated
n-grams within the reply.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class Decoding:
    """How the next token is chosen. The default is plain greedy decoding."""

    temperature: float = 0.0
    """0 = greedy (deterministic); otherwise softmax temperature for sampling."""
    top_p: float = 1.0
    """Nucleus sampling: keep the smallest set of tokens whose probability sums to top_p."""
    top_k: int = 0
    """Keep only the k most likely tokens before sampling (0 = all)."""
    repetition_penalty: float = 1.0
    """> 1 discourages every token already in the prompt or the reply (CTRL / HF semantics)."""
    no_repeat_ngram: int = 0
    """Forbid repeating any n-gram of this size within the reply (0 = off)."""
    stop_on_repeat: int = 0
    """Greedy with ``no_repeat_ngram``: end the reply the k-th time the model's own first
    choice is a banned token (it wants to repeat an n-gram), without the n-1 tokens that began
    that repeat (0 = off: the ban always picks another token). A reply the model wants to loop
    then ends where the loop starts, instead of the ban rewording the loop into word salad
    until the token limit (benchmarks/results/replies.md: a LoRA adapter's greedy replies)."""

    @property
    def greedy(self) -> bool:
        return self.temperature <= 0

    @property
    def stops(self) -> int:
        """Tokens dropped from the end of a reply that stops on a repeat (0: never stops)."""
        on = self.stop_on_repeat > 0 and self.no_repeat_ngram > 0 and self.greedy
        return self.no_repeat_ngram - 1 if on else 0


class Chooser:
    """Next-token choice for the rows still decoding: penalties, then argmax or a sample."""

    def __init__(
        self,
        d: Decoding,
        prompts: list[list[int]],
        vocab: int,
        seeds: list[int],
        kinds: TokenKinds | None = None,
    ):
        import torch

        self.d, self.kinds = d, kinds or TokenKinds()
        self.seen = None
        if d.repetition_penalty != 1.0:
            self.seen = torch.zeros(len(prompts), vocab, dtype=torch.bool)
            for i, p in enumerate(prompts):
                self.seen[i, p] = True
        self.gens = None
        if not d.greedy:
            self.gens = [torch.Generator().manual_seed(int(s)) for s in seeds]
        self.wanted = [0] * len(prompts)
        """Per row: the times its first choice was a banned repeat (``stop_on_repeat``)."""
        self.stopped = [False] * len(prompts)
        """Per row, after ``choose``: the reply ends here (see ``Decoding.stop_on_repeat``);
        the chosen token is not part of it, and ``Decoding.stops`` tokens come off its end."""

    def select(self, sel: Any) -> None:
        keep = sel.tolist()
        self.wanted = [self.wanted[j] for j in keep]
        self.stopped = [self.stopped[j] for j in keep]
        if self.seen is not None:
            self.seen = self.seen[sel]
        if self.gens is not None:
            self.gens = [self.gens[j] for j in keep]

    def choose(self, logits: Any, replies: list[list[int]]) -> Any:
        import torch

        d = self.d
        logits = logits.float()
        if self.seen is not None:
            for i, r in enumerate(replies):
                if r:
                    self.seen[i, r[-1]] = True
            pen = torch.where(
                logits > 0, logits / d.repetition_penalty, logits * d.repetition_penalty
            )
            logits = torch.where(self.seen, pen, logits)
        if d.no_repeat_ngram > 0:
            first = logits.argmax(-1).tolist() if d.stops else None
            logits = logits.clone()  # the model's output may be an inference-mode tensor
            for i, r in enumerate(replies):
                banned = banned_tokens(r, d.no_repeat_ngram)
                if banned:
                    logits[i, banned] = -float("inf")
                    if (
                        first is not None
                        and first[i] in banned
                        and self.kinds.shown(r, d) >= STOP_MIN
                    ):
                        self.wanted[i] += 1
                        self.stopped[i] = self.wanted[i] >= d.stop_on_repeat
        if d.greedy:
            return logits.argmax(-1)
        logits = logits / d.temperature
        if d.top_k > 0:
            kth = logits.topk(min(d.top_k, logits.shape[-1]), -1).values[:, -1:]
            logits = logits.masked_fill(logits < kth, -float("inf"))
        probs = logits.softmax(-1)
        assert self.gens is not None
        if d.top_p < 1.0:
            top, idx = nucleus_top(probs, d.top_p)
            if bool(top.isfinite().all()):  # else multinomial raises, as it did
                return draw(top, idx, self.gens, probs.shape[-1])
            probs = probs.new_zeros(probs.shape).scatter_(-1, idx, top)
        return torch.cat(
            [torch.multinomial(probs[i], 1, generator=g) for i, g in enumerate(self.gens)]
        )


NUCLEUS_FIRST = 1024
"""Most likely tokens looked at first for the top-p nucleus; doubled while some row's nucleus
might reach past them."""


def nucleus(probs: Any, top_p: float) -> Any:
    """``probs`` with every token outside the top-``top_p`` nucleus set to 0 (the token that
    crosses ``top_p`` is kept): :func:`nucleus_top` scattered back over the vocabulary."""
    import torch

    top, idx = nucleus_top(probs, top_p)
    return torch.zeros_like(probs).scatter_(-1, idx, top)


def nucleus_top(probs: Any, top_p: float) -> tuple[Any, Any]:
    """(probabilities, token ids) of each row's most likely tokens, most likely first, those
    outside the top-``top_p`` nucleus set to 0. Sorting the whole 49k vocabulary of 96 rows
    took longer than the model's decoding step; the nucleus of a sampled row is a few hundred
    tokens at most, so the ``topk`` of a first guess is sorted instead, and grown until every
    row's mass in it passes ``top_p`` (then no token beyond it can be in the nucleus). The
    kept values and their places are those of the full sort, so the samples drawn are the
    same."""

    vocab = probs.shape[-1]
    k = min(NUCLEUS_FIRST, vocab)
    while True:
        top, idx = probs.topk(k, -1)  # sorted, most likely first
        cum = top.cumsum(-1)
        if k == vocab or bool((cum[:, -1] > top_p).all()):
            break
        k = min(2 * k, vocab)
    drop = cum - top > top_p  # mass before the token already past top_p
    return top.masked_fill(drop, 0.0), idx


def draw(top: Any, idx: Any, gens: list[Any], vocab: int) -> Any:
    """One token per row, the one ``torch.multinomial(p, 1, generator=gens[i])`` draws from
    row ``i``'s probabilities ``p`` (``top`` at ``idx``, 0 elsewhere), the generator left
    in the same state. Multinomial draws one sample as ``argmax(p / q)``, ``q`` a vocabulary
    of Exp(1) draws from the generator (the Gumbel-max trick), after checking ``p`` (min, max,
    sum) over the whole vocabulary; a 0 in ``p`` gives 0 (``q > 0``), so only the nucleus can
    hold the argmax. Here the same ``q`` is drawn and only the nucleus divided; ties go to the
    lowest token id, as ``argmax`` gives the first. Checking and dividing 49k entries per row
    and step was most of the sampling time (benchmarks/results/synth-profile.md)."""
    import torch

    q = top.new_empty(len(gens), vocab)
    for i, g in enumerate(gens):
        q[i].exponential_(1, generator=g)  # what multinomial draws from the generator
    ratio = top / q.gather(-1, idx)
    best = ratio == ratio.max(-1, keepdim=True).values
    return torch.where(best, idx, vocab).min(-1).values


STOP_MIN = 4
"""A stop on a repeat never leaves a reply with fewer than this many tokens that show text
(not blank): a loop that starts sooner is left to the n-gram ban (a reply that stopped there
would say nothing)."""
SENTENCE_TAIL = 4
"""A reply that stops on a repeat ends at its last sentence end when one came at most this
many tokens before the repeat (``I'm going to the party.`` rather than ``... party. I``)."""


@dataclass(frozen=True)
class TokenKinds:
    """What a stop on a repeat needs to know of the tokenizer's tokens (:func:`token_kinds`)."""

    ends: frozenset[int] = frozenset()
    """Tokens whose text ends a sentence (``.``, ``!``, ``?`` at the end, or a newline)."""
    blank: frozenset[int] = frozenset()
    """Tokens whose text is empty or whitespace."""

    def showing(self, tokens: list[int]) -> int:
        """How many of ``tokens`` show text (are not blank)."""
        return sum(t not in self.blank for t in tokens)

    def shown(self, reply: list[int], d: Decoding) -> int:
        """Tokens showing text in what a stop would keep of ``reply`` (before ``d.stops``)."""
        return self.showing(reply[: max(0, len(reply) - d.stops)])


def loop_cut(reply: list[int], d: Decoding, kinds: TokenKinds | None = None) -> int:
    """How many of ``reply``'s tokens to keep when it stopped on a repeat: all but the
    ``d.stops`` tokens that began the repeat, cut back to a sentence end in the last
    :data:`SENTENCE_TAIL` of them if there is one that leaves :data:`STOP_MIN` tokens."""
    if not d.stops:
        return len(reply)
    kinds = kinds or TokenKinds()
    cut = max(0, len(reply) - d.stops)
    for k in range(cut, max(0, cut - SENTENCE_TAIL), -1):
        if reply[k - 1] in kinds.ends:
            return k if kinds.showing(reply[:k]) >= STOP_MIN else cut
    return cut


def held_tokens(d: Decoding) -> int:
    """Tokens at a streamed reply's end that a stop on a repeat may still take back."""
    return d.stops + SENTENCE_TAIL if d.stops else 0


_KINDS: dict[int, TokenKinds] = {}


def token_kinds(tokenizer: Any) -> TokenKinds:
    """The sentence-end and blank tokens of ``tokenizer``; computed once per tokenizer."""
    key = id(tokenizer)
    if key not in _KINDS:
        texts = tokenizer.batch_decode([[i] for i in range(len(tokenizer))])
        _KINDS[key] = TokenKinds(
            frozenset(
                i for i, t in enumerate(texts) if "\n" in t or t.rstrip().endswith((".", "!", "?"))
            ),
            frozenset(i for i, t in enumerate(texts) if not t.strip()),
        )
    return _KINDS[key]


def banned_tokens(reply: list[int], n: int) -> list[int]:
    """Tokens that would complete an n-gram already present in ``reply``."""
    if len(reply) < n:
        return []
    prefix = tuple(reply[len(reply) - n + 1 :])
    return [
        reply[i + n - 1] for i in range(len(reply) - n + 1) if tuple(reply[i : i + n - 1]) == prefix
    ]
